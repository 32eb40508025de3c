import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { checkPermit } from '../../../machines/breaker/permit.js';
import { startBreakerActor } from '../../../src/pipeline/breakerActor.js';
import { enhancedSettingsFrom } from '../../../src/pipeline/settings.js';

const settings = enhancedSettingsFrom({ circuitBreakerFailureThreshold: 1, circuitBreakerMinimumThroughput: 1, circuitBreakerBreakDurationSeconds: 10 }).breaker;
const down = { kind: 'server', transient: true, status: 503, message: 'down' } as const;

function openedSnapshot(clock: SimulatedClock) {
  const actor = startBreakerActor(settings, { clock, now: () => clock.now() });
  actor.send({ type: 'CALL.FAILED', at: clock.now(), failure: down });
  const snapshot = actor.getPersistedSnapshot();
  actor.stop();
  return snapshot;
}

describe('startBreakerActor', () => {
  it('starts closed with the given settings', () => {
    const actor = startBreakerActor(settings, { now: () => 0 });
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.settings).toEqual(settings);
    actor.stop();
  });

  it('re-arms the break of a restored open snapshot, so it goes half-open when the rest of the break is over', () => {
    const clock = new SimulatedClock();
    const snapshot = openedSnapshot(clock);
    clock.increment(4000);
    const restored = startBreakerActor(settings, { clock, snapshot, now: () => clock.now() });
    expect(restored.getSnapshot().value).toBe('open');
    expect(checkPermit(restored.getSnapshot(), clock.now())).toMatchObject({ allowed: false, retryAfterMs: 6000 });
    clock.increment(5999);
    expect(restored.getSnapshot().value).toBe('open');
    clock.increment(1);
    expect(restored.getSnapshot().value).toBe('halfOpen');
    restored.stop();
  });

  it('goes half-open at once when a restored snapshot\'s break is already over', () => {
    const clock = new SimulatedClock();
    const snapshot = openedSnapshot(clock);
    clock.increment(60_000);
    const restored = startBreakerActor(settings, { clock, snapshot, now: () => clock.now() });
    expect(restored.getSnapshot().value).toBe('halfOpen');
    restored.stop();
  });
});
