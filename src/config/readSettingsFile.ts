import { readFileSync } from 'node:fs';
import type { ConfigIssue } from '../errors/ConfigError.js';
import { JsonSyntaxError, parseJsonc, type JsonValue } from './parseJsonc.js';

/** A settings file: absent (fine, the defaults stand), parsed, or unusable with the reason. */
export type SettingsFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'parsed'; readonly tree: JsonValue }
  | { readonly kind: 'failed'; readonly issue: ConfigIssue };

const JSON_ALLOWED = 'JSON; comments and trailing commas are accepted, as in .NET';

/** Reads and parses one appsettings file; never throws. */
export function readSettingsFile(path: string): SettingsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return { kind: 'missing' };
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', issue: { source: path, key: '', value: undefined, problem: `cannot be read: ${reason}`, allowed: 'a readable file' } };
  }
  try {
    return { kind: 'parsed', tree: parseJsonc(text) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      kind: 'failed',
      issue: { source: path, key: '', value: undefined, problem: `malformed JSON, ${error.reason}`, allowed: JSON_ALLOWED, line: error.line, column: error.column },
    };
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
