import { assign, createActor, fromPromise, setup, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { HealthMonitorEmitted, HealthProbeResult, HealthReport, ProbeInput } from '../../machines/health/types.js';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const settings = { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 5_000 };

function startMonitor(answer: (clock: SimulatedClock, signal: AbortSignal) => Promise<HealthProbeResult>, degraded = false) {
  const clock = new SimulatedClock();
  const probes: number[] = [];
  const signals: AbortSignal[] = [];
  const probe = fromPromise<HealthProbeResult, ProbeInput>(({ signal }) => {
    probes.push(clock.now());
    signals.push(signal);
    return answer(clock, signal);
  });
  const actor = createActor(healthMonitorMachine.provide({ actors: { probe } }), { clock, input: { ...settings, degraded, at: 0 } });
  const emitted: HealthMonitorEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, clock, probes, signals, emitted };
}

const healthy = (clock: SimulatedClock) => Promise.resolve({ isHealthy: true, responseTimeMs: 12, at: clock.now(), serverVersion: '1.0' });

describe('health monitor', () => {
  it('probes every HealthCheckIntervalMinutes and emits each result', async () => {
    const m = startMonitor(healthy);
    m.clock.increment(59_999);
    expect(m.probes).toEqual([]);
    m.clock.increment(1);
    await flush();
    m.clock.increment(60_000);
    await flush();
    expect(m.probes).toEqual([60_000, 120_000]);
    expect(m.emitted).toEqual([
      { type: 'health.checked', result: { isHealthy: true, responseTimeMs: 12, at: 60_000, serverVersion: '1.0' } },
      { type: 'health.checked', result: { isHealthy: true, responseTimeMs: 12, at: 120_000, serverVersion: '1.0' } },
    ]);
  });

  it('probes every DegradedHealthCheckIntervalSeconds while degraded, and slows down again when healthy', async () => {
    const m = startMonitor(healthy);
    m.clock.increment(2_000);
    m.actor.send({ type: 'LINK.DEGRADED', at: m.clock.now() });
    m.clock.increment(3_000);
    await flush();
    m.clock.increment(5_000);
    await flush();
    expect(m.probes).toEqual([5_000, 10_000]);
    m.actor.send({ type: 'LINK.HEALTHY', at: m.clock.now() });
    m.clock.increment(59_999);
    expect(m.probes).toHaveLength(2);
    m.clock.increment(1);
    expect(m.probes).toEqual([5_000, 10_000, 70_000]);
  });

  it('probes at once when a wait already longer than the fast interval turns degraded', () => {
    const m = startMonitor(healthy);
    m.clock.increment(30_000);
    m.actor.send({ type: 'LINK.DEGRADED', at: m.clock.now() });
    m.clock.increment(0); // the re-armed timer is due now (SimulatedClock fires due timers on increment)
    expect(m.probes).toEqual([30_000]);
  });

  it('CHECK_NOW probes at once, and is ignored while a probe runs', () => {
    const m = startMonitor(() => new Promise(() => undefined));
    m.clock.increment(100);
    m.actor.send({ type: 'CHECK_NOW', at: m.clock.now() });
    m.actor.send({ type: 'CHECK_NOW', at: m.clock.now() });
    expect(m.probes).toEqual([100]);
    expect(m.actor.getSnapshot().value).toBe('checking');
  });

  it('counts a probe slower than HealthCheckTimeoutSeconds as a failure and aborts it', () => {
    const m = startMonitor(() => new Promise(() => undefined));
    m.actor.send({ type: 'CHECK_NOW', at: 0 });
    m.clock.increment(5_000);
    expect(m.actor.getSnapshot().value).toBe('waiting');
    expect(m.signals[0]?.aborted).toBe(true);
    expect(m.emitted).toEqual([
      { type: 'health.checked', result: { isHealthy: false, responseTimeMs: 5_000, at: 5_000, lastError: 'health check timed out after 5000 ms' } },
    ]);
    expect(m.actor.getSnapshot().context.consecutiveFailures).toBe(1);
  });

  it('counts a probe that throws as a failure carrying its message', async () => {
    const m = startMonitor(() => Promise.reject(new Error('connect ECONNREFUSED')));
    m.actor.send({ type: 'CHECK_NOW', at: 7 });
    await flush();
    expect(m.emitted[0]).toEqual({ type: 'health.checked', result: { isHealthy: false, responseTimeMs: 0, at: 7, lastError: 'connect ECONNREFUSED' } });
  });

  it('sends HEALTH.OK and HEALTH.FAILED to the machine that invokes it', async () => {
    let up = true;
    const probe = fromPromise<HealthProbeResult, ProbeInput>(() => Promise.resolve({ isHealthy: up, responseTimeMs: 1, at: 1, ...(up ? {} : { lastError: '503' }) }));
    const parent = setup({
      types: { context: {} as { reports: HealthReport[] }, events: {} as HealthReport | { type: 'CHECK'; at: number } },
      actors: { monitor: healthMonitorMachine.provide({ actors: { probe } }) },
    }).createMachine({
      context: { reports: [] },
      invoke: { id: 'monitor', src: 'monitor', input: { ...settings, at: 0 } },
      on: {
        'HEALTH.OK': { actions: assign({ reports: ({ context, event }) => [...context.reports, event] }) },
        'HEALTH.FAILED': { actions: assign({ reports: ({ context, event }) => [...context.reports, event] }) },
      },
    });
    const clock = new SimulatedClock();
    const actor = createActor(parent, { clock }).start();
    clock.increment(60_000);
    await flush();
    up = false;
    clock.increment(60_000);
    await flush();
    expect(actor.getSnapshot().context.reports.map((r) => [r.type, r.result.isHealthy])).toEqual([['HEALTH.OK', true], ['HEALTH.FAILED', false]]);
  });

  it('a monitor restored from a persisted snapshot re-arms the rest of its interval on RESTORED', () => {
    const m = startMonitor(healthy);
    m.clock.increment(40_000);
    const persisted = m.actor.getPersistedSnapshot();
    m.actor.stop();
    const clock = new SimulatedClock();
    clock.set(45_000);
    const probes: number[] = [];
    const probe = fromPromise<HealthProbeResult, ProbeInput>(() => {
      probes.push(clock.now());
      return healthy(clock);
    });
    const restored = createActor(healthMonitorMachine.provide({ actors: { probe } }), { clock, snapshot: persisted, input: { ...settings, at: 0 } }).start();
    restored.send({ type: 'RESTORED', at: clock.now() });
    clock.increment(14_999);
    expect(probes).toEqual([]);
    clock.increment(1);
    expect(probes).toEqual([60_000]);
  });
});
