import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import type { HealthMonitorContext, HealthMonitorInput } from '../../../machines/health/types.js';
import { healthMonitorMachine } from '../../../machines/healthMonitor.machine.js';
import type { MachineModel } from '../harness/model.js';

const settings: HealthMonitorInput = { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 3_000, at: 0 };
const monitor = (snapshot: AnyMachineSnapshot) => snapshot.context as HealthMonitorContext;

/** The health monitor's model: both speeds, probes that pass, fail, throw or time out, CHECK_NOW and restore. */
export const healthMonitorModel: MachineModel = {
  name: 'healthMonitor',
  machine: healthMonitorMachine,
  variants: [
    { name: 'starts healthy', input: () => settings },
    { name: 'starts degraded', input: () => ({ ...settings, degraded: true }) },
  ],
  events: (snapshot) => {
    const context = monitor(snapshot);
    const now = context.now + 100;
    const events: AnyEventObject[] = [
      { type: 'CHECK_NOW', at: now },
      { type: 'LINK.DEGRADED', at: now },
      { type: 'LINK.HEALTHY', at: now },
      { type: 'RESTORED', at: now },
      { type: 'xstate.done.actor.probe', output: { isHealthy: true, responseTimeMs: 20, at: context.now + 20, serverVersion: '1.0.0' } },
      { type: 'xstate.done.actor.probe', output: { isHealthy: false, responseTimeMs: 20, at: context.now + 20, lastError: 'HTTP 503' } },
      { type: 'xstate.error.actor.probe', error: new Error('connect ECONNREFUSED 127.0.0.1:5289') },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const context = monitor(snapshot);
    return JSON.stringify([snapshot.value, context.degraded, Math.min(context.consecutiveFailures, 2), context.lastResult?.isHealthy ?? null]);
  },
  project: (snapshot) => snapshot.context as unknown,
  promiseActors: ['probe'],
};
