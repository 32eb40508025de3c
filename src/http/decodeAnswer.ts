import type { z } from 'zod';
import { NOT_VALID, fastParserOf } from '../api/models/fastCheck.js';
import type { OperationName, OperationResult, OperationSpec } from '../api/operations/index.js';
import { HttpStatusError } from '../errors/HttpStatusError.js';
import { InvalidResponseError } from '../errors/InvalidResponseError.js';
import type { AttemptError } from './attemptError.js';
import { parseRetryAfter } from './retryAfter.js';
import { snippet } from './snippet.js';

/** An HTTP answer as the decoder needs it. */
export interface RawAnswer {
  status: number;
  body: string;
  /** `Content-Type` header, '' when absent. */
  contentType: string;
  /** `Retry-After` header as received. */
  retryAfter: unknown;
  /** `Location` header of a redirect, for the error message. */
  location?: unknown;
}

/** A decoded answer: the operation's value, or the typed error it amounts to. */
export type Decoded<R> = { ok: true; value: R } | { ok: false; error: AttemptError };

/**
 * Turns an answer into the operation's value by the table's rules, in this order: a status rule of the operation
 * (404 → null for getTaskById, 409 → the server's current task for updateTaskStatus); 2xx by the answer rule
 * (JSON validated against the schema, or `true`: by the schema's fast check when it has one, by zod when that
 * cannot vouch for the answer, so a bad answer's issues are always zod's); 3xx → InvalidResponseError `redirect`;
 * a boolean operation's 4xx other than 408/429 → `false`; 4xx/5xx → HttpStatusError with Retry-After parsed.
 * Never throws.
 */
export function decodeAnswer<N extends OperationName>(
  spec: Pick<OperationSpec<N>, 'name' | 'answer' | 'onStatus'>, answer: RawAnswer, now: number,
): Decoded<OperationResult<N>> {
  const { status } = answer;
  const rule = spec.onStatus?.[status];
  if (rule !== undefined) {
    return rule.kind === 'value' ? { ok: true, value: rule.value } : parseJson(spec.name, rule.schema, answer);
  }
  if (status >= 200 && status <= 299) {
    if (spec.answer.kind === 'boolean') return { ok: true, value: true };
    return parseJson(spec.name, spec.answer.schema, answer);
  }
  if (status >= 300 && status <= 399) {
    const to = typeof answer.location === 'string' ? ` to ${answer.location}` : '';
    return invalid(spec.name, 'redirect', `HTTP ${status} redirect${to} not followed`, answer);
  }
  if (spec.answer.kind === 'boolean' && status >= 400 && status <= 499 && status !== 408 && status !== 429) {
    return { ok: true, value: false };
  }
  if (status >= 400 && status <= 599) {
    return {
      ok: false,
      error: new HttpStatusError(spec.name, status, snippet(answer.body), parseRetryAfter(answer.retryAfter, now)),
    };
  }
  return invalid(spec.name, 'unexpectedStatus', `HTTP ${status} is not an answer this API gives`, answer);
}

function parseJson<R>(operation: string, schema: z.ZodType<R>, answer: RawAnswer): Decoded<R> {
  const text = answer.body.replace(/^\uFEFF/, '').trim();
  if (/\bhtml\b/i.test(answer.contentType) || /^<(!doctype|html|head|body|\?xml)/i.test(text)) {
    return invalid(operation, 'html', `expected JSON, got an HTML page (HTTP ${answer.status})`, answer);
  }
  if (text === '') return invalid(operation, 'malformedJson', `expected JSON, got an empty body (HTTP ${answer.status})`, answer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return invalid(operation, 'malformedJson', `body is not JSON: ${why}`, answer, error);
  }
  // A valid answer is read by the schema's fast check; zod runs only when that cannot vouch for it, and is the
  // one source of the issues of a bad answer.
  const fast = fastParserOf(schema);
  if (fast !== undefined) {
    const value = fast(parsed);
    if (value !== NOT_VALID) return { ok: true, value };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return `${where}: ${issue.message}`;
  });
  return invalid(operation, 'shape', issues.join('; '), answer, result.error);
}

function invalid(
  operation: string, reason: InvalidResponseError['reason'], detail: string, answer: RawAnswer, cause?: unknown,
): { ok: false; error: InvalidResponseError } {
  return {
    ok: false,
    error: new InvalidResponseError(operation, reason, detail, { status: answer.status, bodySnippet: snippet(answer.body), cause }),
  };
}
