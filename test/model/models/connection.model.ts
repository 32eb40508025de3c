import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { fromPromise } from 'xstate';
import { connectionMachine } from '../../../machines/connection.machine.js';
import type { ConnectionContext, ConnectionInput, ConnectionState } from '../../../machines/connection/types.js';
import type { HealthProbeResult, ProbeInput } from '../../../machines/health/types.js';
import { healthMonitorMachine } from '../../../machines/healthMonitor.machine.js';
import type { MachineModel } from '../harness/model.js';

const base: ConnectionInput = {
  initialClient: 'enhanced',
  enableAutoRecovery: true,
  recoveryDelayMs: 1_000,
  maxRecoveryDelayMs: 2_000,
  health: { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 3_000 },
  at: 0,
};

const saved: ConnectionState = {
  client: 'enhanced', link: 'healthy', circuitBreakerOpen: false, lastError: 'connect ECONNREFUSED', recoveryAttempts: 0, recoveryDelayMs: 1_000, offlineSince: 0,
};

/**
 * The monitor child's own timers and probes would interleave with the replay; its behaviour has a model of its
 * own. A probe it starts (on CHECK_NOW) never settles, so it reports nothing back.
 */
const QUIET_MS = 86_400_000;
const quietMonitor = healthMonitorMachine.provide({
  delays: { probeInterval: QUIET_MS, healthTimeout: QUIET_MS },
  actors: { probe: fromPromise<HealthProbeResult, ProbeInput>(() => new Promise<HealthProbeResult>(() => undefined)) },
});

const connection = (snapshot: AnyMachineSnapshot) => snapshot.context as ConnectionContext;

/**
 * The connection's model: manual switches and recreations that pass or fail their test, health and breaker
 * signals, recoveries that succeed with either client type, fail or throw, the offline retry timer, restore, resume
 * after a restart, a probe asked for at once (a network change).
 */
export const connectionModel: MachineModel = {
  name: 'connection',
  machine: connectionMachine,
  variants: [
    { name: 'enhanced, auto-recovery', input: () => base },
    { name: 'standard, manual recovery', input: () => ({ ...base, initialClient: 'standard', enableAutoRecovery: false }) },
    // Resumed after a restart (input.restored): degraded behind an open breaker on the standard client, mid-recovery,
    // and offline with a grown wait of which 500 ms are left.
    { name: 'resumed degraded', shallow: true, input: () => ({ ...base, at: 10_000, restored: { ...saved, client: 'standard', link: 'healthy', circuitBreakerOpen: true } }) },
    { name: 'resumed recovering', shallow: true, input: () => ({ ...base, at: 10_000, restored: { ...saved, link: 'recovering', recoveryAttempts: 1 } }) },
    { name: 'resumed offline', shallow: true, input: () => ({ ...base, at: 10_000, restored: { ...saved, link: 'offline', recoveryDelayMs: 2_000, offlineSince: 8_500 } }) },
  ],
  events: (snapshot) => {
    const context = connection(snapshot);
    const at = context.now + 100;
    const events: AnyEventObject[] = [
      { type: 'SWITCH_TO_ENHANCED', at },
      { type: 'SWITCH_TO_STANDARD', at },
      { type: 'RECREATE', at },
      { type: 'RECOVER', at },
      { type: 'HEALTH.OK', at, result: { isHealthy: true, responseTimeMs: 15, at } },
      { type: 'HEALTH.FAILED', at, result: { isHealthy: false, responseTimeMs: 3_000, at, lastError: 'health check timed out' } },
      { type: 'BREAKER.OPENED', at },
      { type: 'BREAKER.CLOSED', at },
      { type: 'RESTORED', at },
      { type: 'CHECK_NOW', at },
      { type: 'xstate.done.actor.prepareClient', output: { client: context.candidate ?? context.client, at } },
      { type: 'xstate.error.actor.prepareClient', error: new Error('candidate failed its health check') },
      { type: 'xstate.done.actor.recover', output: { ok: true, client: 'enhanced', at } },
      { type: 'xstate.done.actor.recover', output: { ok: true, client: 'standard', at } },
      { type: 'xstate.done.actor.recover', output: { ok: false, error: 'both clients failed', at } },
      { type: 'xstate.error.actor.recover', error: new Error('recover threw') },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const context = connection(snapshot);
    return JSON.stringify([snapshot.value, context.circuitBreakerOpen, context.lastHealth?.isHealthy !== false, context.recoveryDelayMs]);
  },
  project: (snapshot) => snapshot.context as unknown,
  promiseActors: ['prepareClient', 'recover'],
  prepare: (machine: AnyStateMachine) => machine.provide({ actors: { healthMonitor: quietMonitor } }),
};
