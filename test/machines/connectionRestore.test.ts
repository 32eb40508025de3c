import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectionMachine } from '../../machines/connection.machine.js';
import { connectionStateOf } from '../../machines/connection/restore.js';
import type { ConnectionEmitted, ConnectionInput, ConnectionState, RecoverInput, RecoveryOutcome } from '../../machines/connection/types.js';
import type { HealthProbeResult, ProbeInput } from '../../machines/health/types.js';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';

const T = 1_700_000_000_000;
const settings: Omit<ConnectionInput, 'at'> = {
  initialClient: 'enhanced',
  enableAutoRecovery: true,
  recoveryDelayMs: 5_000,
  maxRecoveryDelayMs: 12_000,
  health: { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 5_000 },
};
const saved: ConnectionState = { client: 'enhanced', link: 'healthy', circuitBreakerOpen: false, lastError: null, recoveryAttempts: 0, recoveryDelayMs: 5_000, offlineSince: T };

/** A connection resumed at `now` from `restored` with `overrides` of the settings; recoveries never settle. */
function resume(restored: ConnectionState, now: number, overrides: Partial<ConnectionInput> = {}) {
  const clock = new SimulatedClock();
  clock.set(now);
  const recoveries: number[] = [];
  const machine = connectionMachine.provide({
    actors: {
      recover: fromPromise<RecoveryOutcome, RecoverInput>(() => {
        recoveries.push(clock.now());
        return new Promise<RecoveryOutcome>(() => undefined);
      }),
      healthMonitor: healthMonitorMachine.provide({ actors: { probe: fromPromise<HealthProbeResult, ProbeInput>(() => new Promise<HealthProbeResult>(() => undefined)) } }),
    },
  });
  const actor = createActor(machine, { clock, input: { ...settings, ...overrides, at: now, restored } });
  const emitted: ConnectionEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, clock, recoveries, emitted, context: () => actor.getSnapshot().context };
}

describe('connection: resumed from a saved state (input.restored)', () => {
  it('offline, saved 5 s into an 8 s wait: the next recovery starts 3 s after the restore', () => {
    const c = resume({ ...saved, link: 'offline', recoveryDelayMs: 8_000, offlineSince: T - 5_000 }, T);
    expect(c.context().link).toBe('offline');
    c.clock.increment(2_999);
    expect(c.recoveries).toEqual([]);
    c.clock.increment(1);
    expect(c.recoveries).toEqual([T + 3_000]);
  });

  it('offline with a wait grown past the current cap: the current cap applies', () => {
    const c = resume({ ...saved, link: 'offline', recoveryDelayMs: 60_000, offlineSince: T }, T, { maxRecoveryDelayMs: 6_000 });
    expect(c.context().recoveryDelayMs).toBe(6_000);
    c.clock.increment(6_000);
    expect(c.recoveries).toEqual([T + 6_000]);
  });

  it('recovering: a new recovery starts at once; with auto-recovery now off it resumes degraded instead', () => {
    expect(resume({ ...saved, link: 'recovering' }, T).recoveries).toEqual([T]);
    const manual = resume({ ...saved, link: 'recovering' }, T, { enableAutoRecovery: false });
    expect(manual.context().link).toBe('degraded');
    expect(manual.recoveries).toEqual([]);
  });

  it('a healthy link saved with its breaker open resumes degraded, and is healthy once the breaker closes', () => {
    const c = resume({ ...saved, circuitBreakerOpen: true }, T);
    expect(c.context()).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    c.actor.send({ type: 'BREAKER.CLOSED', at: T + 1 });
    expect(c.context().link).toBe('healthy');
  });

  it('the saved client type wins over the settings\', and the status change is reported', () => {
    const c = resume({ ...saved, client: 'standard', link: 'degraded', circuitBreakerOpen: false }, T);
    expect(c.actor.getSnapshot().value).toEqual({ client: { standard: 'active' }, link: 'degraded' });
    expect(c.emitted.filter((e) => e.type === 'statusChanged')).toMatchObject([{ current: { client: 'standard', link: 'degraded' } }]);
  });

  it('connectionStateOf saves state only: no settings, no host', () => {
    const c = resume({ ...saved, link: 'offline', offlineSince: T - 1_000 }, T);
    const state = connectionStateOf(c.context());
    expect(Object.keys(state).sort()).toEqual(['circuitBreakerOpen', 'client', 'lastError', 'link', 'offlineSince', 'recoveryAttempts', 'recoveryDelayMs']);
    expect(state).toMatchObject({ link: 'offline', offlineSince: T - 1_000 });
  });
});
