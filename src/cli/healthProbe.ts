import { InvalidArgumentError } from 'commander';
import type { CallFailure } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { isBrokenCircuitError } from '../errors/BrokenCircuitError.js';
import { isHttpStatusError } from '../errors/HttpStatusError.js';
import { isNetworkError } from '../errors/NetworkError.js';
import { isOperationTimeoutError } from '../errors/OperationTimeoutError.js';
import { isPoolTimeoutError } from '../errors/PoolTimeoutError.js';

/**
 * The calls `vcconn health --probe` may make once per tick: reads without arguments, safe to repeat. Keyed by
 * route; the operation name is accepted as well.
 */
const PROBES = {
  'api/tasks': 'getTasks',
  'api/nodes': 'getAvailableNodes',
  'api/nodes/all': 'getAllNodes',
  'api/filelocks': 'getActiveLocks',
} as const satisfies Readonly<Record<string, keyof ApiClient>>;

/** A real API call the dashboard makes once per tick. */
export interface ProbeCall {
  /** `GET api/tasks`. */
  readonly label: string;
  /** The client method, e.g. `getTasks`. */
  readonly operation: (typeof PROBES)[keyof typeof PROBES];
}

/**
 * The `--probe` argument: a route (`api/tasks`, a leading `/` allowed) or an operation name (`getTasks`).
 * @throws {@link InvalidArgumentError} listing the calls allowed.
 */
export function parseProbe(text: string): ProbeCall {
  const route = text.trim().replace(/^\/+/, '');
  for (const [path, operation] of Object.entries(PROBES)) {
    if (path === route || operation === route) return { label: `GET ${path}`, operation };
  }
  const allowed = Object.entries(PROBES).map(([path, operation]) => `${path} (${operation})`).join(', ');
  throw new InvalidArgumentError(`"${text}" is not a call the dashboard may repeat; one of: ${allowed}.`);
}

/** Makes the call; resolves with its failure (null on success). Never throws. */
export async function runProbe(client: ApiClient, probe: ProbeCall): Promise<unknown> {
  try {
    await client[probe.operation]();
    return null;
  } catch (error) {
    return error;
  }
}

/** What a probe's outcome looks like on the dashboard line: `ok`, `HTTP 503`, `refused (circuit open)`, ... */
export function probeText(error: unknown): string {
  if (error === null) return 'ok';
  if (isBrokenCircuitError(error)) return 'refused (circuit open)';
  if (isHttpStatusError(error)) return `HTTP ${error.status}`;
  if (isNetworkError(error)) return error.errorCode;
  if (typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'failed';
}

/**
 * The breaker's view of a failed call, for a breaker of the dashboard's own: transient (counted) for no answer,
 * a timeout, a pool wait, 408, 429 and 5xx, as the client classifies them; otherwise a call that is not a failure.
 */
export function failureOfProbe(error: unknown): CallFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (isHttpStatusError(error)) {
    const transient = error.status >= 500 || error.status === 408 || error.status === 429;
    return { kind: error.status >= 500 ? 'server' : 'client', transient, status: error.status, message };
  }
  if (isNetworkError(error)) return { kind: 'network', transient: error.retryable, message };
  if (isOperationTimeoutError(error)) return { kind: 'timeout', transient: true, message };
  if (isPoolTimeoutError(error)) return { kind: 'poolTimeout', transient: true, message };
  return { kind: 'invalidResponse', transient: false, message };
}
