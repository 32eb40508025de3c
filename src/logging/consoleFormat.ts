import type winston from 'winston';
import { winstonModule } from './winstonModule.js';

type TransformableInfo = winston.Logform.TransformableInfo;

/** Fields every record has; the rest of a record is printed as its metadata. */
const OWN_FIELDS = new Set(['level', 'message', 'timestamp', 'category']);

/**
 * One line per record for a person at a terminal: `12:00:01.250 info VCDevTool.Client: message {"meta":1}`,
 * level coloured. Records arrive already redacted and timestamped (see `createLogger`).
 */
export function prettyConsoleFormat(): winston.Logform.Format {
  const { format } = winstonModule();
  return format.combine(format.colorize({ level: true }), format.printf(printLine));
}

function printLine(info: TransformableInfo): string {
  const time = typeof info.timestamp === 'string' ? info.timestamp.slice(11, 23) : '';
  const category = typeof info.category === 'string' ? ` ${info.category}:` : '';
  const meta = Object.fromEntries(Object.entries(info).filter(([key]) => !OWN_FIELDS.has(key)));
  const rest = Object.keys(meta).length === 0 ? '' : ` ${stringify(meta)}`;
  return `${time} ${info.level}${category} ${String(info.message)}${rest}`;
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  } catch {
    return '[unprintable metadata]';
  }
}
