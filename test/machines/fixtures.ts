import type { BreakerSettings } from '../../machines/breaker/types.js';
import type { CallFailure } from '../../machines/types.js';

/** Failures as src/http's classifier produces them. */
export const failures = {
  unavailable: { kind: 'server', transient: true, status: 503, message: '503 Service Unavailable' },
  unavailableRetryAfter: (retryAfterMs: number): CallFailure => ({ kind: 'server', transient: true, status: 503, retryAfterMs, message: '503 Service Unavailable' }),
  tooManyRequests: (retryAfterMs: number): CallFailure => ({ kind: 'rateLimited', transient: true, status: 429, retryAfterMs, message: '429 Too Many Requests' }),
  badRequest: { kind: 'client', transient: false, status: 400, message: '400 Bad Request' },
  timeout: { kind: 'timeout', transient: true, message: 'timeout of 30000ms exceeded' },
  refused: { kind: 'network', transient: true, neverSent: true, message: 'connect ECONNREFUSED 127.0.0.1:5289' },
  /** The socket closed after the request went out: it may have been applied. */
  reset: { kind: 'network', transient: true, message: 'read ECONNRESET' },
  aborted: { kind: 'aborted', transient: false, message: 'canceled' },
} satisfies Record<string, CallFailure | ((ms: number) => CallFailure)>;

/** The seed's defaults, converted: threshold 5, throughput 3, 60 s window in 10 buckets, 30 s break (max 300 s). */
export const defaultBreaker: BreakerSettings = {
  enabled: true,
  failureThreshold: 5,
  minimumThroughput: 3,
  failureRatio: null,
  samplingDurationMs: 60_000,
  bucketCount: 10,
  breakDurationMs: 30_000,
  maxBreakDurationMs: 300_000,
  halfOpenProbes: 1,
  retryAfterCapMs: 60_000,
};
