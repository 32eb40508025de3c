export { ConnectionPool } from './ConnectionPool.js';
export type { ConnectionPoolOptions, TlsOptions } from './ConnectionPool.js';
export { createHttpClient, DEFAULT_MAX_RESPONSE_BYTES } from './createHttpClient.js';
export type { HttpClient, HttpClientOptions } from './createHttpClient.js';
export { performAttempt } from './performAttempt.js';
export type { AttemptOptions, AttemptOutcome } from './performAttempt.js';
export { decodeAnswer } from './decodeAnswer.js';
export type { Decoded, RawAnswer } from './decodeAnswer.js';
export { classifyFailure, classifyStatus, failureOf, toAttemptError } from './classifyFailure.js';
export type { AttemptError } from './attemptError.js';
export { parseRetryAfter } from './retryAfter.js';
export {
  backoffFormula, cappedExponential, createBackoff, decorrelatedJitterBackoff, equalJitterBackoff, fullJitterBackoff,
  initialBackoffState, noJitterBackoff,
} from './backoff.js';
export type { Backoff, BackoffFormula, BackoffOptions, BackoffState, BackoffStep } from './backoff.js';
export { bypasses, parseProxyUrl, proxyFor, splitPatterns } from './proxyFor.js';
export type { ProxySettings, ResolvedProxy } from './proxyFor.js';
export { isProxyError, ProxyError, ProxyTunnelAgent } from './ProxyTunnelAgent.js';
