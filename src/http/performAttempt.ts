import type { CallFailure } from '../../machines/types.js';
import { operations } from '../api/operations/index.js';
import type { OperationArgs, OperationName, OperationResult, WireRequest } from '../api/operations/index.js';
import { ClientDisposedError } from '../errors/ClientDisposedError.js';
import { OperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { RequestAbortedError } from '../errors/RequestAbortedError.js';
import type { AttemptError } from './attemptError.js';
import { AttemptSignal, followAbort, unfollowAbort } from './AttemptSignal.js';
import { failureOf, toAttemptError } from './classifyFailure.js';
import { provesNeverSent } from './neverSent.js';
import type { HttpClient } from './createHttpClient.js';
import { decodeAnswer } from './decodeAnswer.js';
import type { TraceHeaderSource } from './TraceHeaderSource.js';

/** How one attempt runs. */
export interface AttemptOptions {
  /** Aborting it abandons the attempt: the request is destroyed and the outcome is `aborted` (or the reason given). */
  signal?: AbortSignal;
  /** Time limit of this attempt, in ms, from the start of the call to the end of the body. `Infinity` for none. */
  timeoutMs: number;
  /** Sent as the `Idempotency-Key` header; pass the same key on every attempt of one call. */
  idempotencyKey?: string;
  /** The call's trace context, injected into this attempt's headers (each attempt, retries included). */
  traceHeaders?: TraceHeaderSource;
}

/** The result of one attempt. The shape the retry machine's `attempt` actor outputs, plus the typed error. */
export type AttemptOutcome<R> =
  | { ok: true; value: R; at: number }
  | { ok: false; failure: CallFailure; error: AttemptError; at: number };

// setTimeout fires at once for delays beyond 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs ONE attempt of `operation`: builds the request from the table, sends it through `http`, decodes and
 * validates the answer. Never throws and never leaves a timer behind: every failure is an outcome with the
 * machines' {@link CallFailure} and the typed error for the caller. `signal` gets one `abort` listener however
 * many attempts run under it (see `followAbort`), added by the first and kept while the signal lives.
 *
 * A timeout aborts the request with {@link OperationTimeoutError}. An abort of `signal` ends the attempt with
 * the signal's reason when it is a ClientDisposedError or OperationTimeoutError (a deadline), otherwise with
 * {@link RequestAbortedError}.
 */
export async function performAttempt<N extends OperationName>(
  http: HttpClient, operation: N, args: OperationArgs<N>, options: AttemptOptions,
): Promise<AttemptOutcome<OperationResult<N>>> {
  const fail = (error: AttemptError): AttemptOutcome<OperationResult<N>> =>
    ({ ok: false, failure: failureOf(error), error, at: http.now() });
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return fail(abortError(signal.reason, operation));
  if (!(timeoutMs > 0)) return fail(new OperationTimeoutError(operation, Math.max(0, timeoutMs)));

  const spec = operations[operation];
  let request: WireRequest;
  try {
    request = spec.request(...args);
  } catch (error) {
    return fail(toAttemptError(error, operation, http.now()));
  }

  const cancel = new AttemptSignal();
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(abortOnTimeout, Math.min(timeoutMs, MAX_TIMER_MS), cancel, operation, timeoutMs)
    : undefined;
  if (signal !== undefined) followAbort(signal, cancel);
  try {
    // The process's first request loads axios (the others find it loaded and go on in this tick): an abort or a
    // timeout meanwhile ends the attempt here, provably unsent.
    const axios = http.loadedAxios() ?? await http.axios();
    if (cancel.aborted) return fail(abortError(cancel.reason, operation, true));
    const response = await axios.request<unknown>({
      method: request.method,
      url: request.path,
      data: request.body,
      signal: cancel,
      headers: requestHeaders(request, request.idempotencyKey ?? options.idempotencyKey, options.traceHeaders),
    });
    const decoded = decodeAnswer(spec, {
      status: response.status,
      body: typeof response.data === 'string' ? response.data : '',
      contentType: headerText(response.headers['content-type']),
      retryAfter: response.headers['retry-after'],
      location: response.headers.location,
    }, http.now());
    return decoded.ok ? { ok: true, value: decoded.value, at: http.now() } : fail(decoded.error);
  } catch (error) {
    if (cancel.aborted) return fail(abortError(cancel.reason, operation, provesNeverSent(error)));
    return fail(toAttemptError(error, operation, http.now()));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (signal !== undefined) unfollowAbort(signal, cancel);
  }
}

// A module function with arguments rather than a closure per attempt.
function abortOnTimeout(cancel: AttemptSignal, operation: string, timeoutMs: number): void {
  cancel.abort(new OperationTimeoutError(operation, timeoutMs));
}

/**
 * The error of an attempt cut short by `reason`. A timeout that struck before the request left (queued for a
 * socket, connecting to a blackholed address, in the TLS handshake, or before axios was loaded) says so when
 * `neverSent` (axios' rejection proved it, or the request never reached axios): such a request may be sent again
 * whatever the operation.
 */
function abortError(reason: unknown, operation: string, neverSent = false): AttemptError {
  if (reason instanceof ClientDisposedError) return reason.operation === undefined ? reason.withOperation(operation) : reason;
  if (reason instanceof OperationTimeoutError) {
    return !reason.neverSent && neverSent
      ? new OperationTimeoutError(reason.operation, reason.timeoutMs, { cause: reason.cause, neverSent: true })
      : reason;
  }
  return new RequestAbortedError(operation, { cause: reason });
}

// axios labels an empty POST, PUT or PATCH as a form; a server that parses by content type (ASP.NET, fastify)
// rejects that. Shared, not built per call: axios copies the headers it is given and never writes to them, and a
// GET or DELETE sends none of its own, so it passes nothing to merge.
const bodilessHeaders: Readonly<Record<string, string | false>> = { 'Content-Type': false };
const labelsEmptyBody = new Set(['POST', 'PUT', 'PATCH']);

function requestHeaders(
  request: WireRequest, idempotencyKey: string | undefined, traceHeaders: TraceHeaderSource | undefined,
): Readonly<Record<string, string | false>> | undefined {
  const base = request.body === undefined && labelsEmptyBody.has(request.method) ? bodilessHeaders : undefined;
  if (traceHeaders === undefined) return idempotencyKey === undefined ? base : { ...base, 'Idempotency-Key': idempotencyKey };
  // A fresh carrier per attempt: the propagator writes into it. Its headers go first, so it can never replace the
  // request's own (a propagator naming Content-Type or Idempotency-Key is ignored for them).
  const carrier: Record<string, string> = {};
  traceHeaders.inject(carrier);
  return { ...carrier, ...base, ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }) };
}

function headerText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
