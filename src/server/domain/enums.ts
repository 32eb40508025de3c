import { HttpError } from '../http/HttpError.js';

/** Names of `BatchTaskStatus`, indexed by their numeric value on the wire. */
export const TASK_STATUS_NAMES = ['Pending', 'Running', 'Completed', 'Failed', 'Cancelled'] as const;
/** Names of `TaskType`, indexed by their numeric value on the wire. */
export const TASK_TYPE_NAMES = [
  'Unknown', 'HelloWorld', 'TestMessage', 'RenderThumbnails', 'FileProcessing', 'RealityCapture', 'PackageTask',
  'VolumeCompression',
] as const;
/** Names of `TaskFolderStatus`, indexed by their numeric value on the wire. */
export const TASK_FOLDER_STATUS_NAMES = ['Pending', 'InProgress', 'Completed', 'Failed'] as const;

/** `BatchTaskStatus` values by name. */
export const TaskStatus = { Pending: 0, Running: 1, Completed: 2, Failed: 3, Cancelled: 4 } as const;
/** `TaskFolderStatus` values by name. */
export const TaskFolderStatus = { Pending: 0, InProgress: 1, Completed: 2, Failed: 3 } as const;

/** How the server writes enums: numbers (ASP.NET's default) or names (a server with a string-enum converter). */
export type EnumOutput = 'numbers' | 'names';

/**
 * Reads an enum the way ASP.NET's JsonStringEnumConverter does: a number in range, a digit string,
 * or a member name in any letter case.
 * @throws {@link HttpError} 400 naming the field and the allowed values when `value` is none of those.
 */
export function decodeEnum(names: readonly string[], value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed) && Number(trimmed) < names.length) return Number(trimmed);
    const index = names.findIndex((name) => name.toLowerCase() === trimmed.toLowerCase());
    if (index >= 0) return index;
  }
  throw new HttpError(400, `${field} must be one of ${names.map((n, i) => `${n} (${i})`).join(', ')}; got ${JSON.stringify(value)}`);
}

/** Writes an enum value as the server is configured to: its number, or its member name. */
export function encodeEnum(names: readonly string[], value: number, output: EnumOutput): number | string {
  return output === 'names' ? (names[value] ?? value) : value;
}
