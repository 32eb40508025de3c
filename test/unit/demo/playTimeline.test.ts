import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { playTimeline, sleep } from '../../../src/demo/playTimeline.js';
import type { TimelineHooks } from '../../../src/demo/playTimeline.js';
import { buildTimeline } from '../../../src/demo/timeline.js';
import type { Timeline } from '../../../src/demo/timeline.js';

const timeline: Timeline = buildTimeline(42, 20_000);
const at = (kind: string): { startMs: number; endMs: number } => {
  const phase = timeline.phases.find((p) => p.kind === kind);
  if (phase === undefined) throw new Error(kind);
  return phase;
};

/** Hooks that log what happens with the fake clock's time; a restart takes `restartMs` of fake time. */
function recorder(restartMs: number, leadMs = restartMs) {
  const log: string[] = [];
  const started = Date.now();
  const t = (): number => Date.now() - started;
  const hooks: TimelineHooks = {
    setFault: (fault) => log.push(`${t()} fault ${fault?.kind ?? 'none'}`),
    killServer: () => {
      log.push(`${t()} kill`);
      return Promise.resolve();
    },
    restartServer: async () => {
      log.push(`${t()} restart`);
      await sleep(restartMs, new AbortController().signal);
      log.push(`${t()} listening`);
    },
    restartLeadMs: () => leadMs,
    phaseStarted: (phase) => log.push(`${t()} phase ${phase.kind}`),
    faultEnded: (phase) => log.push(`${t()} ended ${phase.kind}`),
    note: () => undefined,
  };
  return { log, hooks, clock: { elapsed: t, sleep } };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('playTimeline', () => {
  it('enters each phase at its offset, sets and clears each fault, and ends each fault as the next phase begins', async () => {
    const { log, hooks, clock } = recorder(0);
    const done = playTimeline(timeline, hooks, clock, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await done).toBe(true);
    const burst = at('serverErrors');
    const slow = at('slowResponses');
    expect(log).toContain(`${burst.startMs} fault serverErrors`);
    expect(log).toContain(`${burst.endMs} fault none`);
    expect(log).toContain(`${burst.endMs} ended serverErrors`);
    expect(log.indexOf(`${burst.endMs} ended serverErrors`)).toBeLessThan(log.indexOf(`${burst.endMs} phase normal`));
    expect(log).toContain(`${slow.endMs} ended slowResponses`);
    expect(log.filter((line) => line.includes(' phase '))).toHaveLength(timeline.phases.length);
    expect(log.slice(-2)).toEqual([`${at('rateLimited').endMs} ended rateLimited`, `${at('rateLimited').endMs} phase recovery`]);
  });

  it('kills the server as its phase begins and launches the restart the lead time before the phase ends; the fault ends once it listens', async () => {
    const { log, hooks, clock } = recorder(700, 500);
    const done = playTimeline(timeline, hooks, clock, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(20_000);
    await done;
    const down = at('serverDown');
    const kill = log.indexOf(`${down.startMs} kill`);
    expect(kill).toBeGreaterThan(log.indexOf(`${down.startMs} fault serverDown`));
    expect(log).toContain(`${down.endMs - 500} restart`);
    expect(log).toContain(`${down.endMs + 200} listening`);
    expect(log).toContain(`${down.endMs + 200} ended serverDown`);
    // The next phase still begins when the slow restart is done, not later; the ones after keep their offsets.
    expect(log).toContain(`${down.endMs + 200} phase normal`);
    expect(log).toContain(`${at('slowResponses').startMs} phase slowResponses`);
    expect(log.filter((line) => line.endsWith('kill'))).toHaveLength(1);
  });

  it('stops at an abort, leaving the proxy clear and the server restarted', async () => {
    const { log, hooks, clock } = recorder(100, 0);
    const controller = new AbortController();
    const done = playTimeline(timeline, hooks, clock, controller.signal);
    const down = at('serverDown');
    await vi.advanceTimersByTimeAsync(down.startMs + 10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(200);
    expect(await done).toBe(false);
    expect(log.slice(-4)).toEqual([
      `${down.startMs + 10} fault none`, `${down.startMs + 10} restart`, `${down.startMs + 110} listening`, `${down.startMs + 110} ended serverDown`,
    ]);
    expect(log.some((line) => line.includes('phase normal') && line.startsWith(String(down.endMs)))).toBe(false);
  });
});

describe('sleep', () => {
  it('resolves true after the time, false at once when aborted, leaving no timer', async () => {
    const controller = new AbortController();
    const long = sleep(1_000, controller.signal);
    const short = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(await short).toBe(true);
    controller.abort();
    expect(await long).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(await sleep(5, controller.signal)).toBe(false);
  });
});
