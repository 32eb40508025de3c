import { assign, enqueueActions, fromPromise, not, setup } from 'xstate';
import type {
  HealthMonitorContext,
  HealthMonitorEmitted,
  HealthMonitorEvent,
  HealthMonitorInput,
  HealthProbeResult,
  HealthReport,
  ProbeInput,
} from './health/types.js';

function failedResult(at: number, lastError: string, responseTimeMs: number): HealthProbeResult {
  return { isHealthy: false, responseTimeMs, at, lastError };
}

function recordResult(context: HealthMonitorContext, result: HealthProbeResult): Partial<HealthMonitorContext> {
  const now = Math.max(context.now, result.at);
  return {
    lastResult: result,
    now,
    waitStartedAt: now,
    consecutiveFailures: result.isHealthy ? 0 : context.consecutiveFailures + 1,
  };
}

/**
 * Health monitor: waiting -(after `probeInterval`)-> checking -> waiting.
 *
 * - waiting: the next probe is due `intervalMs` (or `degradedIntervalMs` while degraded) after the wait began;
 *   `LINK.DEGRADED` / `LINK.HEALTHY` change the speed and re-arm the timer from the same start, so a slow wait
 *   already longer than the fast interval probes at once. `CHECK_NOW` probes at once.
 * - checking: invokes `probe` (GET api/health, provided by src/) and gives up after `healthTimeout`, which counts
 *   as a failure; a probe that throws counts as a failure too.
 * After each check it emits `health.checked { result }` and sends `HEALTH.OK` / `HEALTH.FAILED { at, result }`
 * to its parent when it has one (the connection machine invokes it as `healthMonitor`).
 *
 * Provide `probe`: `fromPromise<HealthProbeResult, ProbeInput>`, e.g.
 * `healthMonitorMachine.provide({ actors: { probe: fromPromise(({ input, signal }) => ...) } })`.
 */
export const healthMonitorMachine = setup({
  types: {
    input: {} as HealthMonitorInput,
    context: {} as HealthMonitorContext,
    events: {} as HealthMonitorEvent,
    emitted: {} as HealthMonitorEmitted,
  },
  actors: {
    probe: fromPromise<HealthProbeResult, ProbeInput>(() => Promise.reject(new Error('healthMonitorMachine: provide the "probe" actor'))),
  },
  guards: {
    isDegraded: ({ context }) => context.degraded,
  },
  delays: {
    probeInterval: ({ context }) =>
      Math.max(0, context.waitStartedAt + (context.degraded ? context.degradedIntervalMs : context.intervalMs) - context.now),
    healthTimeout: ({ context }) => Math.max(0, context.checkStartedAt + context.timeoutMs - context.now),
  },
  actions: {
    noteTime: assign({ now: ({ context, event }) => ('at' in event ? Math.max(context.now, event.at) : context.now) }),
    markDegraded: assign({ degraded: true }),
    markHealthy: assign({ degraded: false }),
    beginCheck: assign(({ context }) => ({ checkStartedAt: context.now })),
    intervalElapsed: assign(({ context }) => ({
      now: Math.max(context.now, context.waitStartedAt + (context.degraded ? context.degradedIntervalMs : context.intervalMs)),
    })),
    recordProbe: assign(({ context }, result: HealthProbeResult) => recordResult(context, result)),
    recordProbeError: assign(({ context }, params: { error: unknown }) =>
      recordResult(context, failedResult(context.checkStartedAt, params.error instanceof Error ? params.error.message : String(params.error), 0)),
    ),
    recordTimeout: assign(({ context }) =>
      recordResult(context, failedResult(context.checkStartedAt + context.timeoutMs, `health check timed out after ${context.timeoutMs} ms`, context.timeoutMs)),
    ),
    report: enqueueActions(({ context, self, enqueue }) => {
      const result = context.lastResult;
      if (result === null) return;
      enqueue.emit({ type: 'health.checked', result });
      const report: HealthReport = { type: result.isHealthy ? 'HEALTH.OK' : 'HEALTH.FAILED', at: result.at, result };
      if (self._parent !== undefined) enqueue.sendTo(self._parent, report);
    }),
  },
}).createMachine({
  id: 'healthMonitor',
  initial: 'waiting',
  context: ({ input }) => ({
    intervalMs: input.intervalMs,
    degradedIntervalMs: input.degradedIntervalMs,
    timeoutMs: input.timeoutMs,
    degraded: input.degraded ?? false,
    now: input.at,
    waitStartedAt: input.at,
    checkStartedAt: input.at,
    lastResult: null,
    consecutiveFailures: 0,
    host: input.host,
  }),
  states: {
    waiting: {
      after: { probeInterval: { target: 'checking', actions: 'intervalElapsed' } },
      on: {
        CHECK_NOW: { target: 'checking', actions: 'noteTime' },
        'LINK.DEGRADED': { guard: not('isDegraded'), target: 'waiting', reenter: true, actions: ['noteTime', 'markDegraded'] },
        'LINK.HEALTHY': { guard: 'isDegraded', target: 'waiting', reenter: true, actions: ['noteTime', 'markHealthy'] },
        RESTORED: { target: 'waiting', reenter: true, actions: 'noteTime' },
      },
    },
    checking: {
      entry: 'beginCheck',
      invoke: {
        id: 'probe',
        src: 'probe',
        input: ({ context }): ProbeInput => ({ timeoutMs: context.timeoutMs, host: context.host }),
        onDone: { target: 'waiting', actions: [{ type: 'recordProbe', params: ({ event }) => event.output }, 'report'] },
        onError: { target: 'waiting', actions: [{ type: 'recordProbeError', params: ({ event }) => ({ error: event.error }) }, 'report'] },
      },
      after: { healthTimeout: { target: 'waiting', actions: ['recordTimeout', 'report'] } },
      on: {
        'LINK.DEGRADED': { actions: ['noteTime', 'markDegraded'] },
        'LINK.HEALTHY': { actions: ['noteTime', 'markHealthy'] },
        RESTORED: { target: 'checking', reenter: true, actions: 'noteTime' },
      },
    },
  },
});
