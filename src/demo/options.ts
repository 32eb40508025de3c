import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { MIN_TIMELINE_MS } from './timeline.js';

/** What a demo run plays. */
export interface DemoOptions {
  /** Worker nodes. Default 4. */
  readonly nodes: number;
  /** Tasks seeded. Default 200. */
  readonly tasks: number;
  /** Length of the fault timeline, ms; the faults are scaled to fit. Default 60000. */
  readonly durationMs: number;
  /** Seed of the timeline, the workload and the proxy's draws: the same seed plays the same timeline. Default 42. */
  readonly seed: number;
  /**
   * The server honours Idempotency-Key. False runs it with `--no-idempotency`, as the .NET server: the nodes then
   * repeat no folder creation whose answer was lost, and read it back instead. Default true.
   */
  readonly idempotency: boolean;
}

/** The defaults of `vcconn demo` (and `npm start`). */
export const DEFAULT_DEMO_OPTIONS: DemoOptions = { nodes: 4, tasks: 200, durationMs: 60_000, seed: 42, idempotency: true };

const LIMITS = {
  nodes: { min: 1, max: 32 },
  tasks: { min: 1, max: 10_000 },
  durationMs: { min: MIN_TIMELINE_MS, max: 3_600_000 },
} as const;

/**
 * Fills in the defaults and checks the ranges: 1-32 nodes, 1-10000 tasks, 10 s to 1 h, an integer seed, a boolean
 * idempotency.
 * @throws {@link InvalidArgumentError} naming the option and its range.
 */
export function resolveDemoOptions(given: Partial<DemoOptions> = {}): DemoOptions {
  const options = { ...DEFAULT_DEMO_OPTIONS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  for (const key of ['nodes', 'tasks', 'durationMs'] as const) {
    const value = options[key];
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError('runDemo', key, `expected an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  if (!Number.isSafeInteger(options.seed)) throw new InvalidArgumentError('runDemo', 'seed', `expected an integer, got ${String(options.seed)}`);
  if (typeof options.idempotency !== 'boolean') {
    throw new InvalidArgumentError('runDemo', 'idempotency', `expected true or false, got ${String(options.idempotency)}`);
  }
  return options;
}
