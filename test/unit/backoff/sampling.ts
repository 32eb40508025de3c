import type { BackoffFormula, BackoffOptions } from '../../../machines/backoff/index.js';
import { initialBackoffState } from '../../../machines/backoff/index.js';

/** Runs `runs` independent sequences of `steps` delays each; returns the delays column by step. */
export function sampleDelays(formula: BackoffFormula, options: BackoffOptions, runs: number, steps: number): number[][] {
  const columns: number[][] = Array.from({ length: steps }, () => []);
  for (let run = 0; run < runs; run++) {
    let state = initialBackoffState;
    for (let step = 0; step < steps; step++) {
      const result = formula(state, options);
      columns[step]?.push(result.delayMs);
      state = result.next;
    }
  }
  return columns;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Standard error of the mean: a sampled mean within 5 of these of the truth is not luck. */
export function standardError(values: readonly number[]): number {
  const m = mean(values);
  const variance = values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance / values.length);
}

/** Simpson's rule over [a, b]. */
export function integrate(f: (x: number) => number, a: number, b: number, intervals = 2000): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += f(a + i * h) * (i % 2 === 0 ? 2 : 4);
  return (sum * h) / 3;
}
