import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { StateFileError } from '../errors/StateFileError.js';
import { savedConnectionStateSchema, stateFileHeaderSchema } from './schema.js';
import { STATE_FORMAT_VERSION } from './types.js';
import type { SavedConnectionState } from './types.js';

function hasErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/**
 * Reads a state file, synchronously (it is small, and a connection reads it once, in its constructor).
 * @returns the saved state, or null when the file does not exist (nothing to restore).
 * @throws {@link StateFileError} naming the file when it cannot be read, is not JSON (`malformed`), is not a
 * vcdevtool-connection state file or has wrong fields (`foreign`), or has another format version (`version`).
 */
export function readStateFile(file: string): SavedConnectionState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (hasErrno(error, 'ENOENT')) return null;
    throw new StateFileError(file, 'unreadable', 'cannot be read', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, 'malformed', text.trim() === '' ? 'is empty, not JSON' : 'is not valid JSON', { cause: error });
  }
  const header = stateFileHeaderSchema.safeParse(json);
  if (!header.success) throw new StateFileError(file, 'foreign', 'is not a vcdevtool-connection state file (no "format" marker)');
  if (header.data.version !== STATE_FORMAT_VERSION) {
    throw new StateFileError(file, 'version', `has format version ${header.data.version}; this library reads version ${STATE_FORMAT_VERSION}`);
  }
  const parsed = savedConnectionStateSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined || first.path.length === 0 ? '' : ` at ${first.path.join('.')}`;
    throw new StateFileError(file, 'foreign', `has a field that is not allowed${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Writes a state file atomically: the JSON goes to a temporary file in the same directory, which is flushed to
 * disk (fsync) and renamed over the file, and the directory is flushed too. A reader, or a process killed at any
 * moment, sees the old file or the new one, never a part of one.
 * @throws {@link StateFileError} (`unwritable`) naming the file; the temporary file is removed.
 */
export async function writeStateFile(file: string, state: SavedConnectionState): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new StateFileError(file, 'unwritable', 'cannot be written', { cause: error });
  }
  await syncDirectory(dir);
}

/** Makes the rename durable. Best effort: some file systems refuse to fsync a directory, and the rename is done. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform or file system allows it (Windows, some network file systems).
  }
}
