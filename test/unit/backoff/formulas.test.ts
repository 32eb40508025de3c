import { describe, expect, it } from 'vitest';
import {
  createBackoff,
  decorrelatedJitterBackoff,
  equalJitterBackoff,
  fullJitterBackoff,
  initialBackoffState,
  noJitterBackoff,
} from '../../../machines/backoff/index.js';
import type { BackoffFormula, BackoffOptions } from '../../../machines/backoff/index.js';
import { seededRandom } from '../../../machines/random.js';
import { integrate, mean, sampleDelays, standardError } from './sampling.js';

const SAMPLES = 10_000;
const STEPS = 5;
const base = 1000;
/** Large enough that the first five steps are never capped, so the means are the formulas' own. */
const uncapped: Omit<BackoffOptions, 'random'> = { baseDelayMs: base, maxDelayMs: 1_000_000 };

function delaysOf(formula: BackoffFormula, random: () => number, steps: number, options = uncapped): number[] {
  let state = initialBackoffState;
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const step = formula(state, { ...options, random });
    out.push(step.delayMs);
    state = step.next;
  }
  return out;
}

describe('none: plain exponential', () => {
  it('doubles from BaseRetryDelayMs and never draws a random number', () => {
    const random = () => {
      throw new Error('must not be called');
    };
    expect(delaysOf(noJitterBackoff, random, 5)).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('is capped at MaxRetryDelayMs, even for huge attempt numbers', () => {
    const options = { baseDelayMs: 1000, maxDelayMs: 30000, random: Math.random };
    expect(delaysOf(noJitterBackoff, Math.random, 7, options)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(noJitterBackoff({ attempt: 5000, prev: 0 }, options).delayMs).toBe(30000);
  });
});

describe('full jitter over 10,000 seeded samples', () => {
  const columns = sampleDelays(fullJitterBackoff, { ...uncapped, random: seededRandom(1) }, SAMPLES, STEPS);
  columns.forEach((delays, n) => {
    const v = base * 2 ** n;
    it(`retry ${n + 1}: every delay in [0, ${v}) and the mean is ${v / 2}`, () => {
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(v);
      expect(Math.abs(mean(delays) - v / 2)).toBeLessThan(5 * standardError(delays));
    });
  });
});

describe('equal jitter over 10,000 seeded samples', () => {
  const columns = sampleDelays(equalJitterBackoff, { ...uncapped, random: seededRandom(2) }, SAMPLES, STEPS);
  columns.forEach((delays, n) => {
    const v = base * 2 ** n;
    it(`retry ${n + 1}: every delay in [${v / 2}, ${v}) and the mean is ${(3 * v) / 4}`, () => {
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(v / 2);
      expect(Math.max(...delays)).toBeLessThan(v);
      expect(Math.abs(mean(delays) - (3 * v) / 4)).toBeLessThan(5 * standardError(delays));
    });
  });
});

describe("decorrelated jitter (Polly's V2) over 10,000 seeded samples", () => {
  const f = (t: number) => 2 ** t * Math.tanh(Math.sqrt(4 * t));
  /** E[f(n + U)] for U uniform on [0, 1): the formula's mean position after retry n + 1. */
  const expectedNext = (n: number) => (n < 0 ? 0 : integrate(f, n, n + 1));
  const columns = sampleDelays(decorrelatedJitterBackoff, { ...uncapped, random: seededRandom(3) }, SAMPLES, STEPS);

  columns.forEach((delays, n) => {
    const upper = ((f(n + 1) - (n === 0 ? 0 : f(n - 1))) / 1.4) * base;
    const expected = ((expectedNext(n) - expectedNext(n - 1)) / 1.4) * base;
    it(`retry ${n + 1}: every delay in [0, ${upper.toFixed(0)}) and the mean is ${expected.toFixed(1)}`, () => {
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThan(upper);
      expect(Math.abs(mean(delays) - expected)).toBeLessThan(5 * standardError(delays));
    });
  });

  it('first delay: t = U, next = 2^t·tanh(√(4t)), delay = next / 1.4 · base (a pinned random checks the arithmetic)', () => {
    const [first, second] = delaysOf(decorrelatedJitterBackoff, () => 0.5, 2);
    const n0 = f(0.5);
    const n1 = f(1.5);
    expect(first).toBeCloseTo((n0 / 1.4) * base, 9);
    expect(second).toBeCloseTo(((n1 - n0) / 1.4) * base, 9);
  });

  it('the running sum of uncapped delays telescopes to next / 1.4 · base', () => {
    const random = seededRandom(9);
    const draws: number[] = [];
    const recording = () => {
      const r = random();
      draws.push(r);
      return r;
    };
    const total = delaysOf(decorrelatedJitterBackoff, recording, 6).reduce((s, d) => s + d, 0);
    const last = draws.length - 1;
    expect(total).toBeCloseTo((f(last + (draws[last] ?? 0)) / 1.4) * base, 6);
  });

  it('is capped at MaxRetryDelayMs and answers the cap once the formula overflows', () => {
    const capped = sampleDelays(decorrelatedJitterBackoff, { baseDelayMs: 1000, maxDelayMs: 30000, random: seededRandom(4) }, SAMPLES, 10);
    expect(Math.max(...capped.flat())).toBeLessThanOrEqual(30000);
    const atCap = (capped[9] ?? []).filter((d) => d === 30000).length;
    // Decorrelated delays are not monotonic (two draws can land close), but by retry 10 nearly all hit the cap.
    expect(atCap / SAMPLES).toBeGreaterThan(0.9);
    expect(decorrelatedJitterBackoff({ attempt: 2000, prev: 0 }, { baseDelayMs: 1000, maxDelayMs: 30000, random: () => 0.5 }).delayMs).toBe(30000);
  });
});

describe('all jittered formulas are capped at MaxRetryDelayMs', () => {
  const options = { baseDelayMs: 1000, maxDelayMs: 5000 };
  for (const [name, formula] of [['full', fullJitterBackoff], ['equal', equalJitterBackoff]] as const) {
    it(`${name}: 10,000 sequences of 8 retries never exceed 5000 ms`, () => {
      const columns = sampleDelays(formula, { ...options, random: seededRandom(5) }, SAMPLES, 8);
      expect(Math.max(...columns.flat())).toBeLessThan(5000);
      expect(Math.max(...(columns[7] ?? []))).toBeGreaterThan(4900);
    });
  }
});

describe('createBackoff', () => {
  it('binds a mode to its options and steps immutably: the same state gives the same delay with the same random', () => {
    const backoff = createBackoff('equal', { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
    const first = backoff.next(backoff.initial);
    expect(first).toEqual({ delayMs: 75, next: { attempt: 1, prev: 0 } });
    expect(backoff.next(backoff.initial)).toEqual(first);
    expect(backoff.initial).toEqual({ attempt: 0, prev: 0 });
    expect(backoff.next(first.next).delayMs).toBe(150);
  });

  it('seededRandom repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});
