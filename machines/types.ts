/**
 * Data that crosses the boundary between the pure machines and the I/O in src/.
 * Plain serialisable objects only, so snapshots persist and model tests can build them by hand.
 */

/** Why one attempt failed, as the machines need to know it. */
export type FailureKind =
  /** Connection refused, reset, DNS, socket hang up: no HTTP answer at all. */
  | 'network'
  /** The attempt ran past its timeout (or the operation's deadline). */
  | 'timeout'
  /** HTTP 5xx. */
  | 'server'
  /** HTTP 429 Too Many Requests. */
  | 'rateLimited'
  /** HTTP 408 Request Timeout. */
  | 'requestTimeout'
  /** Any other HTTP 4xx: the request itself is wrong; never retried, never counted by the breaker. */
  | 'client'
  /** Waited longer than ConnectionPoolTimeoutMs for a free socket. */
  | 'poolTimeout'
  /** The answer arrived but is not what the contract says (bad JSON, HTML page, wrong shape, too big). */
  | 'invalidResponse'
  /** The caller aborted or the client was disposed. */
  | 'aborted';

/** One failed attempt. `transient` is decided once, in src/http's classifier, and only read by the machines. */
export interface CallFailure {
  readonly kind: FailureKind;
  /** True for failures worth retrying and counted by the breaker: network, timeout, 408, 429, 5xx. */
  readonly transient: boolean;
  /** HTTP status when there was an answer. */
  readonly status?: number;
  /** Server's Retry-After, already parsed to milliseconds (not yet capped). */
  readonly retryAfterMs?: number;
  /**
   * True only when the failure proves the request never reached the server (connection refused, a name that did
   * not resolve, a pool wait that timed out, a TLS handshake that failed): sending it again cannot act twice, so
   * even a non-idempotent call may be repeated. Absent when unsure: a lost answer and a request never sent look
   * alike from outside, and treating the first as the second is what duplicates tasks.
   */
  readonly neverSent?: boolean;
  /** Human-readable cause, for logs and `lastError`. */
  readonly message: string;
}

/** Which client implementation a connection uses. */
export type ClientType = 'enhanced' | 'standard';

/** Jitter modes of the retry backoff. */
export type JitterMode = 'none' | 'full' | 'equal' | 'decorrelated';

/**
 * The implementations' handle on the world they run in (a connection's clients, sockets and clock), passed by
 * src/ through a machine's input. A machine never reads it: it hands it as is to the actors it invokes (in their
 * input) and to its actions (in its context), so src/ can provide the implementations once per process rather
 * than make a copy of the machine per connection. Tests that provide their own actors leave it out.
 */
export type HostRef = object;
