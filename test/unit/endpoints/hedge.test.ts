import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { runHedged } from '../../../src/endpoints/hedge.js';
import type { HedgeOutcome } from '../../../src/endpoints/hedge.js';
import { LatencyWindow } from '../../../src/endpoints/LatencyWindow.js';
import { isHedgeable, ReadHedging } from '../../../src/endpoints/ReadHedging.js';
import { HedgeLostError } from '../../../src/errors/HedgeLostError.js';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';

const A = 'http://a.test';
const B = 'http://b.test';
const DELAY_MS = 100;

interface Leg {
  readonly url: string;
  readonly signal: AbortSignal;
  answer(value: string): void;
  fail(error: Error): void;
}

/** A hedged call over legs the test settles by hand, its timer on a SimulatedClock. */
function race(secondUrl: string | null = B) {
  const clock = new SimulatedClock();
  clock.set(10_000);
  const legs: Leg[] = [];
  const outcomes: HedgeOutcome[] = [];
  const hedged: string[] = [];
  const samples: [string, number][] = [];
  let seconds = 0;
  const result = runHedged<string>({
    primary: A,
    send: (url, signal) => new Promise<string>((resolve, reject) => {
      legs.push({ url, signal, answer: resolve, fail: reject });
      // As the EnhancedApiClient does: an abort ends the leg.
      signal.addEventListener('abort', () => reject(new Error(`aborted ${url}`)), { once: true });
    }),
    second: () => {
      seconds += 1;
      return secondUrl ?? undefined;
    },
    delayMs: DELAY_MS,
    timers: clock,
    now: () => clock.now(),
    record: (url, ms) => samples.push([url, ms]),
    hedged: (url) => hedged.push(url),
    report: (outcome) => outcomes.push(outcome),
  });
  const settled = result.then((value) => ({ value }), (error: unknown) => ({ error }));
  const leg = (index: number): Leg => {
    const found = legs[index];
    if (found === undefined) throw new Error(`no leg ${index}`);
    return found;
  };
  return { clock, legs, leg, outcomes, hedged, samples, settled, seconds: () => seconds };
}

describe('runHedged', () => {
  it('sends no hedge when the first endpoint answers within the delay, and reports nothing', async () => {
    const run = race();
    run.clock.increment(DELAY_MS - 1);
    run.leg(0).answer('a');
    expect(await run.settled).toEqual({ value: 'a' });
    run.clock.increment(DELAY_MS);
    expect(run.legs.map((leg) => leg.url)).toEqual([A]);
    expect(run.seconds()).toBe(0);
    expect(run.outcomes).toEqual([]);
    expect(run.samples).toEqual([[A, DELAY_MS - 1]]);
  });

  it('sends the read to the second endpoint after the delay; its answer wins and the first request is aborted', async () => {
    const run = race();
    run.clock.increment(DELAY_MS);
    expect(run.legs.map((leg) => leg.url)).toEqual([A, B]);
    expect(run.hedged).toEqual([B]);
    run.clock.increment(5);
    run.leg(1).answer('b');
    expect(await run.settled).toEqual({ value: 'b' });
    expect(run.leg(0).signal.aborted).toBe(true);
    expect(run.leg(0).signal.reason).toBeInstanceOf(HedgeLostError);
    expect(run.leg(1).signal.aborted).toBe(false);
    expect(run.outcomes).toEqual(['hedge_won']);
    // The loser's time until its abort is kept: its latency is at least that.
    expect(run.samples).toEqual([[B, 5], [A, DELAY_MS + 5]]);
  });

  it('keeps the first answer when the first endpoint answers after the hedge went out, aborting the hedge', async () => {
    const run = race();
    run.clock.increment(DELAY_MS);
    run.leg(0).answer('a');
    expect(await run.settled).toEqual({ value: 'a' });
    expect(run.leg(1).signal.aborted).toBe(true);
    expect(run.outcomes).toEqual(['primary_won']);
  });

  it('waits for the hedge when the first request fails after it went out, and answers with the hedge', async () => {
    const run = race();
    run.clock.increment(DELAY_MS);
    run.leg(0).fail(new Error('503 from a'));
    await Promise.resolve();
    run.leg(1).answer('b');
    expect(await run.settled).toEqual({ value: 'b' });
    expect(run.outcomes).toEqual(['hedge_won']);
  });

  it("rejects with the first endpoint's error when both requests fail", async () => {
    const run = race();
    run.clock.increment(DELAY_MS);
    const first = new Error('503 from a');
    run.leg(1).fail(new Error('503 from b'));
    await Promise.resolve();
    run.leg(0).fail(first);
    expect(await run.settled).toEqual({ error: first });
    expect(run.outcomes).toEqual(['both_failed']);
  });

  it('rejects at once, sending no hedge, when the first request fails before the delay', async () => {
    const run = race();
    const failure = new Error('refused');
    run.leg(0).fail(failure);
    expect(await run.settled).toEqual({ error: failure });
    run.clock.increment(DELAY_MS * 2);
    expect(run.seconds()).toBe(0);
    expect(run.legs).toHaveLength(1);
    expect(run.outcomes).toEqual([]);
  });

  it('sends no hedge when no second endpoint is available, and the first answer still comes through', async () => {
    const run = race(null);
    run.clock.increment(DELAY_MS);
    expect(run.legs).toHaveLength(1);
    expect(run.outcomes).toEqual(['no_endpoint']);
    run.leg(0).answer('a');
    expect(await run.settled).toEqual({ value: 'a' });
    expect(run.outcomes).toEqual(['no_endpoint']);
  });

  it('sends at most one hedge per call', async () => {
    const run = race();
    run.clock.increment(DELAY_MS * 10);
    expect(run.legs).toHaveLength(2);
    run.leg(0).answer('a');
    await run.settled;
  });
});

describe('LatencyWindow', () => {
  it('gives the nearest-rank p95 of the recent samples', () => {
    const window = new LatencyWindow();
    for (let ms = 1; ms <= 100; ms += 1) window.record(1_000, ms);
    expect(window.percentile(0.95, 1_000)).toBe(95);
    expect(window.percentile(0.5, 1_000)).toBe(50);
  });

  it('gives null until it holds enough recent samples, and forgets samples older than its window', () => {
    const window = new LatencyWindow({ windowMs: 1_000, minSamples: 3 });
    window.record(0, 500);
    window.record(0, 500);
    expect(window.percentile(0.95, 0)).toBeNull();
    window.record(0, 500);
    expect(window.percentile(0.95, 1_000)).toBe(500);
    for (let i = 0; i < 3; i += 1) window.record(2_000, 20);
    expect(window.percentile(0.95, 2_000)).toBe(20);
  });

  it('keeps only its capacity of samples, overwriting the oldest', () => {
    const window = new LatencyWindow({ capacity: 4, minSamples: 1 });
    for (const ms of [900, 900, 900, 900, 10, 10, 10, 10]) window.record(0, ms);
    expect(window.percentile(1, 0)).toBe(10);
  });
});

describe('ReadHedging', () => {
  it("waits for the endpoint's observed p95, from its own samples only", () => {
    const hedging = new ReadHedging({ enabled: true }, () => 5_000);
    for (let ms = 1; ms <= 20; ms += 1) hedging.record(A, ms * 10, 5_000);
    expect(hedging.delayFor(A)).toBe(190);
    expect(hedging.delayFor(B)).toBe(200);
  });

  it('starts from the initial delay, never goes under the floor, and takes a fixed delay when given', () => {
    const now = () => 0;
    const fast = new ReadHedging({ enabled: true, minDelayMs: 25, initialDelayMs: 300 }, now);
    expect(fast.delayFor(A)).toBe(300);
    for (let i = 0; i < 20; i += 1) fast.record(A, 2, 0);
    expect(fast.delayFor(A)).toBe(25);
    const fixed = new ReadHedging({ enabled: true, delayMs: 40 }, now);
    for (let i = 0; i < 20; i += 1) fixed.record(A, 900, 0);
    expect(fixed.delayFor(A)).toBe(40);
  });

  it('is made only when enabled, and rejects a negative delay', () => {
    expect(ReadHedging.from(undefined, Date.now)).toBeUndefined();
    expect(ReadHedging.from({ enabled: false, delayMs: 5 }, Date.now)).toBeUndefined();
    expect(ReadHedging.from({ enabled: true }, Date.now)).toBeInstanceOf(ReadHedging);
    expect(() => new ReadHedging({ enabled: true, delayMs: -1 }, Date.now)).toThrow(InvalidArgumentError);
  });

  it('hedges the GETs only: never a write, never the health probe', () => {
    expect(['getTasks', 'getTaskById', 'getAvailableNodes', 'getAllNodes', 'getActiveLocks', 'getTaskFolders'].every((op) => isHedgeable(op as never))).toBe(true);
    expect(['updateTaskStatus', 'assignTaskToNode', 'createTask', 'sendHeartbeat', 'deleteTaskFolders', 'health'].some((op) => isHedgeable(op as never))).toBe(false);
  });
});
