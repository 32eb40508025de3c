import type { InspectOptions, InspectOptionsStylized } from 'node:util';

/** What {@link describeError} and {@link errorJson} read of a library error. */
export interface DescribedError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly stack?: string | undefined;
  readonly cause?: unknown;
  readonly rawCause?: unknown;
  readonly method?: string | undefined;
  readonly url?: string | undefined;
}

/** Properties printed in their own place, not among the fields. */
const PLACED = new Set(['name', 'code', 'message', 'stack', 'cause', 'rawCause', 'method', 'url']);
/** Stack frames shown: the call's path through the library fits; an uncaught error stays a screenful. */
const MAX_FRAMES = 8;
/** Causes shown under the error, one line each. */
const MAX_CAUSES = 4;
/** A field longer than this is cut in the one-line summary (the whole value is on the error). */
const MAX_FIELD = 120;

type Inspect = (value: unknown, options?: InspectOptions) => string;

/**
 * The few lines `util.inspect` (and so Node's report of an uncaught error) prints for a library error:
 *
 * ```text
 * NetworkError [ERR_NETWORK]: getTasks: network error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9
 *     request: GET http://127.0.0.1:9/api/tasks
 *     retryable: true
 *     cause: AxiosError [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:9
 *     at fromAxiosError (.../classifyFailure.ts:126:10)
 * ```
 *
 * The message, then the request when known, the fields the message does not already say, one line per cause,
 * and the stack's frames. `showHidden` adds the scrubbed copy of the raw cause (`rawCause`) in full.
 */
export function describeError(error: DescribedError, depth: number, options: InspectOptionsStylized, inspect: Inspect): string {
  const title = `${error.name} [${error.code}]: ${error.message}`;
  if (depth < 0) return `[${title}]`;
  const lines = [indentRest(title)];
  if (error.url !== undefined) lines.push(`    request: ${error.method ?? 'GET'} ${error.url}`);
  const fields = shownFields(error);
  if (fields !== '') lines.push(`    ${fields}`);
  let cause = error.cause;
  for (let count = 0; cause !== undefined && count < MAX_CAUSES; count += 1) {
    lines.push(indentRest(`    cause: ${causeLine(cause, inspect)}`));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  for (const frame of frames.slice(0, MAX_FRAMES)) lines.push(`    ${frame.trim()}`);
  if (frames.length > MAX_FRAMES) lines.push(`    ... ${frames.length - MAX_FRAMES} more frames (error.stack)`);
  if (options.showHidden === true && error.rawCause !== undefined) {
    lines.push(indentRest(`    rawCause: ${inspect(error.rawCause, { ...options, depth: options.depth ?? 2 })}`));
  }
  return lines.join('\n');
}

/**
 * The plain form `JSON.stringify` (and the logger) uses: name, code, message, the error's own fields, the
 * request when known, and the cause (a library error as its own JSON, another error as its name, message and
 * codes). No stack and no raw cause: a JSON line is for a log or an answer, not for a debugger.
 */
export function errorJson(error: DescribedError): Record<string, unknown> {
  const json: Record<string, unknown> = { name: error.name, code: error.code, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (!PLACED.has(key) && value !== undefined) json[key] = value;
  }
  if (error.url !== undefined) {
    json.method = error.method;
    json.url = error.url;
  }
  if (error.cause !== undefined) json.cause = causeJson(error.cause, 0);
  return json;
}

function causeJson(cause: unknown, depth: number): unknown {
  if (!(cause instanceof Error)) return cause;
  // A library error has its own toJSON; JSON.stringify and the logger both call it.
  if (typeof (cause as { toJSON?: unknown }).toJSON === 'function') return cause;
  const json: Record<string, unknown> = { name: cause.name, message: cause.message };
  for (const [key, value] of Object.entries(cause)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') json[key] = value;
  }
  if (cause.cause !== undefined && depth < MAX_CAUSES) json.cause = causeJson(cause.cause, depth + 1);
  return json;
}

/** `key: value` for each own field with a number, a boolean, or a text the message does not already hold. */
function shownFields(error: DescribedError): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(error)) {
    if (PLACED.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}: ${value}`);
    else if (typeof value === 'string' && value !== '' && !error.message.includes(value)) parts.push(`${key}: ${cut(value)}`);
  }
  return parts.join(', ');
}

function causeLine(cause: unknown, inspect: Inspect): string {
  if (!(cause instanceof Error)) return cut(inspect(cause, { depth: 0, breakLength: Infinity }));
  const code = (cause as { code?: unknown }).code;
  const label = typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : '';
  return `${cause.name}${label}: ${cause.message}`;
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_FIELD ? `${flat.slice(0, MAX_FIELD)}...` : flat;
}

/** Continuation lines of a multi-line message (a ConfigError's, one per issue) indented under the first. */
function indentRest(text: string): string {
  return text.replace(/\n/g, '\n      ');
}
