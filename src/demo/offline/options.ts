import { InvalidArgumentError } from '../../errors/InvalidArgumentError.js';

/** What the offline scenario plays. */
export interface OfflineOptions {
  /** Worker nodes, each a child process with its own outbox file. Default 3. */
  readonly workers: number;
  /** Desktop clients creating tasks through an OfflineClient, each with its own outbox file. Default 2. */
  readonly clients: number;
  /** Tasks the clients create, all together. Default 60. */
  readonly tasks: number;
  /** Length of the story, ms: the server is down from 20 % to 55 % of it. Default 30000. */
  readonly durationMs: number;
  /** Seed of the work times and the clients' pace. Default 42. */
  readonly seed: number;
  /** The server honours Idempotency-Key; false runs it as the .NET server (`--no-idempotency`). Default true. */
  readonly idempotency: boolean;
}

/** The defaults of `vcconn demo --scenario offline`. */
export const DEFAULT_OFFLINE_OPTIONS: OfflineOptions = { workers: 3, clients: 2, tasks: 60, durationMs: 30_000, seed: 42, idempotency: true };

const LIMITS = {
  workers: { min: 1, max: 16 },
  clients: { min: 1, max: 16 },
  tasks: { min: 1, max: 5_000 },
  durationMs: { min: 6_000, max: 3_600_000 },
} as const;

/**
 * Fills in the defaults and checks the ranges: 1-16 workers and clients, 1-5000 tasks, 6 s to 1 h, an integer
 * seed, a boolean idempotency.
 * @throws {@link InvalidArgumentError} naming the option and its range.
 */
export function resolveOfflineOptions(given: Partial<OfflineOptions> = {}): OfflineOptions {
  const options = { ...DEFAULT_OFFLINE_OPTIONS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  for (const key of ['workers', 'clients', 'tasks', 'durationMs'] as const) {
    const value = options[key];
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError('runOfflineScenario', key, `expected an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  if (!Number.isSafeInteger(options.seed)) throw new InvalidArgumentError('runOfflineScenario', 'seed', `expected an integer, got ${String(options.seed)}`);
  if (typeof options.idempotency !== 'boolean') {
    throw new InvalidArgumentError('runOfflineScenario', 'idempotency', `expected true or false, got ${String(options.idempotency)}`);
  }
  return options;
}
