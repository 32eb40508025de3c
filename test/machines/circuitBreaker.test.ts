import { createActor, setup, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { acquirePermit, checkPermit, isSuccessIgnored } from '../../machines/breaker/permit.js';
import type { BreakerEmitted, BreakerSettings } from '../../machines/breaker/types.js';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import type { CallFailure } from '../../machines/types.js';
import { defaultBreaker, failures } from './fixtures.js';

function startBreaker(settings: Partial<BreakerSettings> = {}, clock = new SimulatedClock()) {
  const actor = createActor(circuitBreakerMachine, { clock, input: { ...defaultBreaker, ...settings } });
  const emitted: BreakerEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const fail = (failure: CallFailure, times = 1) => {
    for (let i = 0; i < times; i++) actor.send({ type: 'CALL.FAILED', at: clock.now(), failure });
  };
  return { actor, clock, emitted, fail, state: () => actor.getSnapshot().value };
}

describe('circuit breaker: closed', () => {
  it('opens on the 5th transient failure within the window and emits breaker.opened with the break', () => {
    const b = startBreaker();
    b.fail(failures.unavailable, 4);
    expect(b.state()).toBe('closed');
    b.clock.increment(1000);
    b.fail(failures.timeout);
    expect(b.state()).toBe('open');
    expect(b.emitted).toEqual([{ type: 'breaker.opened', at: 1000, breakMs: 30_000, failure: failures.timeout }]);
  });

  it('does not open below the minimum throughput even at the failure threshold', () => {
    const b = startBreaker({ failureThreshold: 2, minimumThroughput: 4 });
    b.fail(failures.refused, 3);
    expect(b.state()).toBe('closed');
    b.fail(failures.refused);
    expect(b.state()).toBe('open');
  });

  it('counts a 400 as a call but never as a failure', () => {
    const b = startBreaker({ failureThreshold: 2, minimumThroughput: 3 });
    b.fail(failures.badRequest, 10);
    expect(b.state()).toBe('closed');
    b.fail(failures.unavailable);
    expect(b.state()).toBe('closed');
    b.fail(failures.unavailable);
    expect(b.state()).toBe('open');
  });

  it('ignores aborted calls entirely (neither calls nor failures)', () => {
    const b = startBreaker({ failureThreshold: 1, minimumThroughput: 2 });
    b.fail(failures.aborted, 5);
    b.fail(failures.unavailable);
    expect(b.state()).toBe('closed');
  });

  it('forgets failures older than the sampling window', () => {
    const b = startBreaker();
    b.fail(failures.unavailable, 4);
    b.clock.increment(60_000);
    b.fail(failures.unavailable);
    expect(b.state()).toBe('closed');
  });

  it('requires the failure ratio when one is configured', () => {
    const b = startBreaker({ failureThreshold: 2, minimumThroughput: 2, failureRatio: 0.5 });
    for (let i = 0; i < 4; i++) b.actor.send({ type: 'CALL.SUCCEEDED', at: 0 });
    b.fail(failures.unavailable, 3);
    expect(b.state()).toBe('closed');
    b.fail(failures.unavailable);
    expect(b.state()).toBe('open');
  });

  it('never opens when EnableCircuitBreaker is false, but still counts for health', () => {
    const b = startBreaker({ enabled: false });
    b.fail(failures.unavailable, 50);
    expect(b.state()).toBe('closed');
    expect(b.actor.getSnapshot().context.window.buckets[0]?.failures).toBe(50);
    expect(checkPermit(b.actor.getSnapshot(), b.clock.now())).toEqual({ allowed: true, probe: false });
  });
});

describe('circuit breaker: open and half-open', () => {
  function opened(settings: Partial<BreakerSettings> = {}) {
    const b = startBreaker(settings);
    b.fail(failures.unavailable, 5);
    return b;
  }

  it('rejects calls at once with what is left of the break', () => {
    const b = opened();
    b.clock.increment(10_000);
    expect(checkPermit(b.actor.getSnapshot(), b.clock.now())).toEqual({ allowed: false, retryAfterMs: 20_000, state: 'open' });
  });

  it('goes half-open after the break, lets exactly N probes through and rejects the rest', () => {
    const b = opened({ halfOpenProbes: 2 });
    b.clock.increment(30_000);
    expect(b.state()).toBe('halfOpen');
    expect(b.emitted.at(-1)).toEqual({ type: 'breaker.halfOpen', at: 30_000 });
    const now = b.clock.now();
    expect(acquirePermit(b.actor, now)).toEqual({ allowed: true, probe: true });
    expect(acquirePermit(b.actor, now)).toEqual({ allowed: true, probe: true });
    expect(acquirePermit(b.actor, now)).toEqual({ allowed: false, retryAfterMs: 30_000, state: 'halfOpen' });
    expect(b.actor.getSnapshot().context.probesInFlight).toBe(2);
  });

  it('closes on a successful probe and forgets the window', () => {
    const b = opened();
    b.clock.increment(30_000);
    acquirePermit(b.actor, b.clock.now());
    b.actor.send({ type: 'CALL.SUCCEEDED', at: b.clock.now() });
    expect(b.state()).toBe('closed');
    expect(b.emitted.at(-1)).toEqual({ type: 'breaker.closed', at: 30_000 });
    b.fail(failures.unavailable, 4);
    expect(b.state()).toBe('closed');
  });

  it('reopens on a failed probe with the break doubled, capped at the max break', () => {
    const b = opened({ maxBreakDurationMs: 100_000 });
    const breaks: number[] = [];
    for (let i = 0; i < 4; i++) {
      b.clock.increment(b.actor.getSnapshot().context.breakMs);
      acquirePermit(b.actor, b.clock.now());
      b.fail(failures.refused);
      breaks.push(b.actor.getSnapshot().context.breakMs);
    }
    expect(breaks).toEqual([60_000, 100_000, 100_000, 100_000]);
    expect(b.state()).toBe('open');
  });

  it('frees the slot of an aborted probe, and closes on a probe answered with a 400 (the server is up)', () => {
    const b = opened();
    b.clock.increment(30_000);
    acquirePermit(b.actor, b.clock.now());
    b.fail(failures.aborted);
    expect(b.state()).toBe('halfOpen');
    expect(checkPermit(b.actor.getSnapshot(), b.clock.now())).toEqual({ allowed: true, probe: true });
    acquirePermit(b.actor, b.clock.now());
    b.fail(failures.badRequest);
    expect(b.state()).toBe('closed');
  });

  it('holds the circuit open for a 503 Retry-After longer than the break, capped at RetryAfterMaxSeconds', () => {
    const b = startBreaker({ failureThreshold: 1, minimumThroughput: 1, retryAfterCapMs: 60_000 });
    b.fail(failures.unavailableRetryAfter(45_000));
    expect(b.actor.getSnapshot().context.breakMs).toBe(45_000);
    const c = startBreaker({ failureThreshold: 1, minimumThroughput: 1, retryAfterCapMs: 60_000 });
    c.fail(failures.tooManyRequests(3_600_000));
    expect(c.actor.getSnapshot().context.breakMs).toBe(60_000);
    c.clock.increment(59_999);
    expect(c.state()).toBe('open');
    c.clock.increment(1);
    expect(c.state()).toBe('halfOpen');
  });

  it('lets a probe through once the break is over even if the timer has not fired (PROBE.ACQUIRE moves it on)', () => {
    const b = opened();
    const later = b.clock.now() + 31_000; // the caller's clock ran ahead of the actor's timers
    expect(acquirePermit(b.actor, later)).toEqual({ allowed: true, probe: true });
    expect(b.state()).toBe('halfOpen');
    expect(b.actor.getSnapshot().context.probesInFlight).toBe(1);
  });
});

describe('circuit breaker: isolate and reset', () => {
  it('ISOLATE rejects every call until its RELEASE, from any state', () => {
    const b = startBreaker();
    b.actor.send({ type: 'ISOLATE', at: 5, id: 'a', reason: 'maintenance' });
    expect(b.state()).toBe('isolated');
    expect(checkPermit(b.actor.getSnapshot(), 1e12)).toEqual({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY, state: 'isolated' });
    b.clock.increment(10_000_000);
    expect(b.state()).toBe('isolated');
    b.actor.send({ type: 'RELEASE', at: 6, id: 'a' });
    expect(b.state()).toBe('closed');
    expect(b.emitted).toEqual([{ type: 'breaker.isolated', at: 5, reason: 'maintenance' }, { type: 'breaker.closed', at: 6 }]);
  });

  it('stays isolated while any isolation is held; a repeated id or an unknown release changes nothing', () => {
    const b = startBreaker();
    b.actor.send({ type: 'ISOLATE', at: 1, id: 'a', reason: 'maintenance' });
    b.actor.send({ type: 'ISOLATE', at: 2, id: 'b', reason: 'deploy' });
    b.actor.send({ type: 'ISOLATE', at: 3, id: 'a', reason: 'again' });
    expect(b.actor.getSnapshot().context.isolations).toEqual([{ id: 'a', reason: 'maintenance', at: 1 }, { id: 'b', reason: 'deploy', at: 2 }]);
    b.actor.send({ type: 'RELEASE', at: 4, id: 'a' });
    b.actor.send({ type: 'RELEASE', at: 5, id: 'a' });
    b.actor.send({ type: 'RELEASE', at: 5, id: 'nobody' });
    expect(b.state()).toBe('isolated');
    b.actor.send({ type: 'RELEASE', at: 6, id: 'b' });
    expect(b.state()).toBe('closed');
    expect(b.actor.getSnapshot().context.isolations).toEqual([]);
    expect(b.emitted.map((e) => e.type)).toEqual(['breaker.isolated', 'breaker.closed']);
  });

  it('RESET while isolated forgets the counts and the grown break but stays isolated', () => {
    const b = startBreaker({ failureThreshold: 1, minimumThroughput: 1 });
    b.fail(failures.unavailable);
    b.clock.increment(30_000);
    acquirePermit(b.actor, b.clock.now());
    b.fail(failures.unavailable);
    b.actor.send({ type: 'ISOLATE', at: b.clock.now(), id: 'a', reason: 'maintenance' });
    expect(b.actor.getSnapshot().context.breakMs).toBe(60_000);
    b.actor.send({ type: 'RESET', at: b.clock.now() });
    expect(b.state()).toBe('isolated');
    expect(b.actor.getSnapshot().context.breakMs).toBe(30_000);
    expect(b.actor.getSnapshot().context.lastFailure).toBeNull();
    b.actor.send({ type: 'RELEASE', at: b.clock.now(), id: 'a' });
    expect(b.state()).toBe('closed');
  });

  it('RESET while open closes at once and forgets the grown break', () => {
    const b = startBreaker({ failureThreshold: 1, minimumThroughput: 1 });
    b.fail(failures.unavailable);
    b.clock.increment(30_000);
    acquirePermit(b.actor, b.clock.now());
    b.fail(failures.unavailable);
    expect(b.actor.getSnapshot().context.breakMs).toBe(60_000);
    b.actor.send({ type: 'RESET', at: b.clock.now() });
    expect(b.state()).toBe('closed');
    expect(b.actor.getSnapshot().context.breakMs).toBe(30_000);
  });
});

describe('circuit breaker: persisted snapshots', () => {
  it('XState 5 itself re-arms no timer on restore: a plain `after` state restored stays put forever', () => {
    const plain = setup({}).createMachine({ initial: 'open', states: { open: { after: { 1000: 'halfOpen' } }, halfOpen: {} } });
    const first = createActor(plain, { clock: new SimulatedClock() }).start();
    const persisted = first.getPersistedSnapshot();
    first.stop();
    const clock = new SimulatedClock();
    const restored = createActor(plain, { clock, snapshot: persisted }).start();
    clock.increment(1_000_000);
    expect(restored.getSnapshot().value).toBe('open');
  });

  it('a breaker restored into open re-arms the remaining break on RESTORED, from openedAt', () => {
    const b = startBreaker();
    b.fail(failures.unavailable, 5);
    b.clock.increment(10_000);
    const persisted = JSON.parse(JSON.stringify(b.actor.getPersistedSnapshot())) as ReturnType<typeof b.actor.getPersistedSnapshot>;
    b.actor.stop();

    const clock = new SimulatedClock();
    clock.set(12_000); // the process restarted 2 s later
    // `input` is required by the types but ignored when a snapshot is given.
    const restored = createActor(circuitBreakerMachine, { clock, snapshot: persisted, input: defaultBreaker });
    const emitted: BreakerEmitted[] = [];
    restored.on('*', (e) => emitted.push(e));
    restored.start();
    expect(checkPermit(restored.getSnapshot(), clock.now())).toEqual({ allowed: false, retryAfterMs: 18_000, state: 'open' });
    restored.send({ type: 'RESTORED', at: clock.now() });
    clock.increment(17_999);
    expect(restored.getSnapshot().value).toBe('open');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('halfOpen');
    expect(emitted).toEqual([{ type: 'breaker.halfOpen', at: 30_000 }]);
  });

  it('a breaker restored after its break is over goes half-open on RESTORED', () => {
    const b = startBreaker();
    b.fail(failures.unavailable, 5);
    const persisted = b.actor.getPersistedSnapshot();
    b.actor.stop();
    const restored = createActor(circuitBreakerMachine, { snapshot: persisted, input: defaultBreaker, clock: new SimulatedClock() }).start();
    restored.send({ type: 'RESTORED', at: 45_000 });
    expect(restored.getSnapshot().value).toBe('halfOpen');
  });
});

describe('circuit breaker: successes while closed', () => {
  it('ignores a success when no failure ratio is set and the minimum throughput is at most the threshold (the defaults)', () => {
    const b = startBreaker();
    const before = b.actor.getSnapshot();
    expect(isSuccessIgnored(before)).toBe(true);
    b.actor.send({ type: 'CALL.SUCCEEDED', at: 5_000 });
    expect(b.actor.getSnapshot().context).toEqual(before.context);
    b.fail(failures.unavailable, 5);
    expect(b.state()).toBe('open');
  });

  it('counts successes when the minimum throughput exceeds the threshold, so they help reach it', () => {
    const b = startBreaker({ failureThreshold: 2, minimumThroughput: 4 });
    expect(isSuccessIgnored(b.actor.getSnapshot())).toBe(false);
    b.actor.send({ type: 'CALL.SUCCEEDED', at: 0 });
    b.actor.send({ type: 'CALL.SUCCEEDED', at: 0 });
    b.fail(failures.unavailable, 2);
    expect(b.state()).toBe('open');
  });

  it('counts successes when a failure ratio is set, so they dilute failures', () => {
    const b = startBreaker({ failureThreshold: 2, minimumThroughput: 2, failureRatio: 0.5 });
    expect(isSuccessIgnored(b.actor.getSnapshot())).toBe(false);
  });

  it('never ignores a success outside closed: a half-open probe must close the circuit', () => {
    const b = startBreaker();
    b.fail(failures.unavailable, 5);
    b.clock.increment(30_000);
    expect(b.state()).toBe('halfOpen');
    expect(isSuccessIgnored(b.actor.getSnapshot())).toBe(false);
  });
});
