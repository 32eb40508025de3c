import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { checkPermit } from '../../machines/breaker/permit.js';
import { breakerStateOf } from '../../machines/breaker/restore.js';
import type { BreakerEmitted, BreakerInput, BreakerSettings, BreakerState } from '../../machines/breaker/types.js';
import { windowTotals } from '../../machines/breaker/window.js';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import { defaultBreaker, failures } from './fixtures.js';

const T = 1_700_000_000_000; // a wall-clock epoch, as a saved file holds

/** A breaker resumed at `now` from `saved`, with `settings` (the current ones), on a SimulatedClock set to `now`. */
function resume(saved: BreakerState, now: number, settings: Partial<BreakerSettings> = {}) {
  const clock = new SimulatedClock();
  clock.set(now);
  const input: BreakerInput = { ...defaultBreaker, ...settings, restored: { ...saved, at: now } };
  const actor = createActor(circuitBreakerMachine, { clock, input });
  const emitted: BreakerEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, clock, emitted, state: () => actor.getSnapshot().value, permit: () => checkPermit(actor.getSnapshot(), clock.now()) };
}

const openAt = (openedAt: number, breakMs = 30_000): BreakerState => ({ state: 'open', openedAt, breakMs, buckets: [] });

describe('circuit breaker: resumed from a saved state (input.restored)', () => {
  it('saved open 10 s ago with a 30 s break: open for 20 s more, then half-open', () => {
    const b = resume(openAt(T), T + 10_000);
    expect(b.state()).toBe('open');
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 20_000, state: 'open' });
    b.clock.increment(19_999);
    expect(b.state()).toBe('open');
    b.clock.increment(1);
    expect(b.state()).toBe('halfOpen');
    // The restore itself emits nothing; the re-armed timer's half-open does.
    expect(b.emitted).toEqual([{ type: 'breaker.halfOpen', at: T + 30_000 }]);
  });

  it('saved open 40 s ago with a 30 s break: half-open at once, one probe allowed', () => {
    const b = resume(openAt(T), T + 40_000);
    expect(b.state()).toBe('halfOpen');
    expect(b.permit()).toEqual({ allowed: true, probe: true });
    expect(b.emitted).toEqual([]);
  });

  it('saved exactly at the end of the break: half-open', () => {
    expect(resume(openAt(T), T + 30_000).state()).toBe('halfOpen');
  });

  it('applies the current settings, not the saved ones: a shorter max break clamps the grown break', () => {
    // Saved with a break grown to 240 s; the new process caps breaks at 60 s.
    const b = resume(openAt(T, 240_000), T + 10_000, { breakDurationMs: 20_000, maxBreakDurationMs: 60_000 });
    expect(b.actor.getSnapshot().context.settings.maxBreakDurationMs).toBe(60_000);
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 50_000, state: 'open' });
    b.clock.increment(50_000);
    expect(b.state()).toBe('halfOpen');
  });

  it('applies the current settings: a longer base break lengthens a saved 30 s break', () => {
    const b = resume(openAt(T), T + 40_000, { breakDurationMs: 60_000 });
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 20_000, state: 'open' });
  });

  it('applies the current settings: half-open probes and growth cap come from the new process', () => {
    const b = resume({ state: 'halfOpen', openedAt: T, breakMs: 30_000, buckets: [] }, T + 31_000, { halfOpenProbes: 2 });
    expect(b.state()).toBe('halfOpen');
    expect(b.actor.getSnapshot().context.probesInFlight).toBe(0);
    b.actor.send({ type: 'PROBE.ACQUIRE', at: b.clock.now() });
    expect(b.permit()).toEqual({ allowed: true, probe: true });
    b.actor.send({ type: 'CALL.FAILED', at: b.clock.now(), failure: failures.unavailable });
    expect(b.state()).toBe('open');
    expect(b.actor.getSnapshot().context.breakMs).toBe(60_000);
  });

  it('a breaker disabled since the save resumes closed', () => {
    expect(resume(openAt(T), T + 1_000, { enabled: false }).state()).toBe('closed');
    expect(resume({ state: 'halfOpen', openedAt: T, breakMs: 30_000, buckets: [] }, T + 40_000, { enabled: false }).state()).toBe('closed');
  });

  it('an isolated breaker stays isolated, with its isolations, until each is released', () => {
    const isolations = [{ id: 'ops', reason: 'server maintenance', at: T }];
    const b = resume({ state: 'isolated', openedAt: T, breakMs: 30_000, buckets: [], isolations }, T + 3_600_000);
    expect(b.state()).toBe('isolated');
    expect(b.actor.getSnapshot().context.isolations).toEqual(isolations);
    b.actor.send({ type: 'RESET', at: b.clock.now() });
    expect(b.state()).toBe('isolated');
    b.actor.send({ type: 'RELEASE', id: 'ops', at: b.clock.now() });
    expect(b.state()).toBe('closed');
  });

  it('an isolated state saved without its isolations holds one named "restored"', () => {
    const b = resume({ state: 'isolated', openedAt: T, breakMs: 30_000, buckets: [] }, T + 1_000);
    expect(b.actor.getSnapshot().context.isolations).toEqual([{ id: 'restored', reason: 'restored from a saved state', at: T }]);
    b.actor.send({ type: 'RELEASE', id: 'restored', at: b.clock.now() });
    expect(b.state()).toBe('closed');
  });

  it('a wall clock that went back never makes the break longer than its length', () => {
    const b = resume(openAt(T + 60_000), T);
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 30_000, state: 'open' });
  });

  it('keeps the failures counted in the window, re-bucketed to the current window, dropping expired ones', () => {
    const saved: BreakerState = {
      state: 'closed', openedAt: null, breakMs: 30_000,
      buckets: [{ start: T - 120_000, calls: 9, failures: 9 }, { start: T - 12_000, calls: 4, failures: 4 }],
    };
    const b = resume(saved, T + 1_000, { samplingDurationMs: 30_000 });
    expect(b.state()).toBe('closed');
    expect(windowTotals(b.actor.getSnapshot().context.window, T + 1_000)).toEqual({ calls: 4, failures: 4 });
    b.actor.send({ type: 'CALL.FAILED', at: T + 1_000, failure: failures.unavailable });
    expect(b.state()).toBe('open');
  });

  it('breakerStateOf saves state only, and a save/resume round trip keeps what is left of the break', () => {
    const clock = new SimulatedClock();
    clock.set(T);
    const first = createActor(circuitBreakerMachine, { clock, input: defaultBreaker }).start();
    for (let i = 0; i < 5; i++) first.send({ type: 'CALL.FAILED', at: T, failure: failures.unavailable });
    const saved = breakerStateOf(first.getSnapshot());
    first.stop();
    expect(saved).toEqual({ state: 'open', openedAt: T, breakMs: 30_000, buckets: [{ start: T - (T % 6_000), calls: 5, failures: 5 }], isolations: [] });
    expect(Object.keys(saved)).not.toContain('settings');
    const b = resume(JSON.parse(JSON.stringify(saved)) as BreakerState, T + 10_000);
    expect(b.permit()).toEqual({ allowed: false, retryAfterMs: 20_000, state: 'open' });
  });

  it('a fresh breaker (no restored) starts closed as before', () => {
    const actor = createActor(circuitBreakerMachine, { input: defaultBreaker }).start();
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.resumeTo).toBeNull();
    actor.stop();
  });
});
