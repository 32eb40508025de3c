import type winston from 'winston';
import { winstonModule } from './winstonModule.js';
import { redactString } from '../util/redact/redactString.js';
import { redactValue } from '../util/redact/redactValue.js';

type TransformableInfo = winston.Logform.TransformableInfo;

// triple-beam's symbols, registered globally with Symbol.for, so no import of a transitive package is needed.
const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');
const SPLAT = Symbol.for('splat');

/** The redacted copy of one record: the transform of {@link redactFormat}. */
function redactRecord(info: TransformableInfo): TransformableInfo {
  // winston hands a logged Error over as the record itself; its message and stack are not enumerable.
  const copy = redactValue(info instanceof Error ? info : { ...info }) as Record<string, unknown>;
  const result: TransformableInfo = { ...copy, level: info.level, message: copy.message };
  result[LEVEL] = info[LEVEL];
  if (info[SPLAT] !== undefined) result[SPLAT] = redactValue(info[SPLAT]);
  const message = info[MESSAGE];
  if (message !== undefined) result[MESSAGE] = typeof message === 'string' ? redactString(message) : redactValue(message);
  return result;
}

/**
 * A winston format that replaces every log record with a redacted copy (see `redactValue`): the message,
 * every metadata field at any depth, and the extra arguments. Put it first so every transport sees only
 * the copy. It never writes to the record it is given, which may be the caller's own object.
 */
let wrap: winston.Logform.FormatWrap | undefined;

export const redactFormat: winston.Logform.FormatWrap = (options) => {
  wrap ??= winstonModule().format(redactRecord);
  return wrap(options);
};

