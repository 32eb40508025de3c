import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { LinkState } from '../../machines/connection/types.js';
import type { FailureKind } from '../../machines/types.js';
import type { AttemptReport } from './types.js';

/** The `kind` label of `vcconn_failures_total`. */
export type FailureLabel =
  | 'network' | 'timeout' | 'http_5xx' | 'http_429' | 'http_4xx' | 'pool_timeout' | 'invalid_response' | 'aborted' | 'circuit_open';

const failureLabels: Readonly<Record<FailureKind, FailureLabel>> = {
  network: 'network',
  timeout: 'timeout',
  server: 'http_5xx',
  rateLimited: 'http_429',
  // 408 is a 4xx answer, even though it is retried: `status` on the span says which.
  requestTimeout: 'http_4xx',
  client: 'http_4xx',
  poolTimeout: 'pool_timeout',
  invalidResponse: 'invalid_response',
  aborted: 'aborted',
};

/** True for an error that is the breaker's refusal (`BrokenCircuitError`): nothing was sent. */
export function isCircuitRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_CIRCUIT_OPEN';
}

/** The `kind` label of a failed attempt: the breaker's refusal is `circuit_open`, whatever kind it was reported as. */
export function failureLabelOf(report: Extract<AttemptReport, { ok: false }>): FailureLabel {
  return isCircuitRefusal(report.error) ? 'circuit_open' : failureLabels[report.failure.kind];
}

/** Breaker states as label values (snake_case, as Prometheus label values usually are). */
export const BREAKER_STATE_LABELS: Readonly<Record<BreakerStateName, string>> = {
  closed: 'closed', open: 'open', halfOpen: 'half_open', isolated: 'isolated',
};

/** Every breaker state, in the order the state set is exported. */
export const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'open', 'halfOpen', 'isolated'];

/** Every link state. */
export const LINK_STATES: readonly LinkState[] = ['healthy', 'degraded', 'recovering', 'offline'];
