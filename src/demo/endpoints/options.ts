import { InvalidArgumentError } from '../../errors/InvalidArgumentError.js';

/** What the endpoints scenario plays. */
export interface EndpointsOptions {
  /** Worker nodes, each a TaskExecutionService over a client of all three servers. Default 3. */
  readonly nodes: number;
  /** Tasks seeded before the story. Default 60. */
  readonly tasks: number;
  /** Length of the story, ms: the faults sit at fixed shares of it (see `endpointsTimeline`). Default 40000. */
  readonly durationMs: number;
  /** Seed of the tasks' work times. Default 42. */
  readonly seed: number;
}

/** The defaults of `vcconn demo --scenario endpoints`: about a minute from start to summary. */
export const DEFAULT_ENDPOINTS_OPTIONS: EndpointsOptions = { nodes: 3, tasks: 60, durationMs: 40_000, seed: 42 };

const LIMITS = {
  nodes: { min: 1, max: 32 },
  tasks: { min: 1, max: 5_000 },
  // Below 10 s the phases (a few seconds of breaker and hold-down each) would overlap.
  durationMs: { min: 10_000, max: 3_600_000 },
} as const;

/**
 * Fills in the defaults and checks the ranges: 1-32 nodes, 1-5000 tasks, 10 s to 1 h, an integer seed.
 * @throws {@link InvalidArgumentError} naming the option and its range.
 */
export function resolveEndpointsOptions(given: Partial<EndpointsOptions> = {}): EndpointsOptions {
  const options = { ...DEFAULT_ENDPOINTS_OPTIONS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  for (const key of ['nodes', 'tasks', 'durationMs'] as const) {
    const value = options[key];
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError('runEndpointsScenario', key, `expected an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  if (!Number.isSafeInteger(options.seed)) throw new InvalidArgumentError('runEndpointsScenario', 'seed', `expected an integer, got ${String(options.seed)}`);
  return options;
}
