import { assign, emit, enqueueActions, fromPromise, sendTo, setup } from 'xstate';
import { healthMonitorMachine } from '../healthMonitor.machine.js';
import type { ClientType } from '../types.js';
import type {
  ConnectionContext,
  ConnectionEmitted,
  ConnectionEvent,
  ConnectionInput,
  ConnectionParentEvent,
  ConnectionStatus,
  LinkState,
  PrepareClientInput,
  PreparedClient,
  RecoverInput,
  RecoveryOutcome,
} from './types.js';

/** The status the context describes now. */
export function statusOf(context: ConnectionContext): ConnectionStatus {
  return {
    client: context.client,
    link: context.link,
    isHealthy: context.link === 'healthy',
    circuitBreakerOpen: context.circuitBreakerOpen,
    lastError: context.lastError,
  };
}

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  return a.client === b.client && a.link === b.link && a.circuitBreakerOpen === b.circuitBreakerOpen;
}

function timeOf(context: ConnectionContext, event: { type: string }): number {
  return 'at' in event && typeof event.at === 'number' ? Math.max(context.now, event.at) : context.now;
}

/** The message of a thrown value, for `lastError` and messages. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The connection machine's implementations, shared by its two region files. Actors `prepareClient` and
 * `recover` are stubs that throw; actions `commitClient` and `discardCandidate` are hooks that do nothing here:
 * src/ provides all four with `.provide()`, and `healthMonitor` as `healthMonitorMachine.provide({ actors: { probe } })`.
 */
export const connectionSetup = setup({
  types: {
    input: {} as ConnectionInput,
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    emitted: {} as ConnectionEmitted,
    children: {} as { healthMonitor: 'healthMonitor'; recover: 'recover'; prepareClient: 'prepareClient' },
  },
  actors: {
    prepareClient: fromPromise<PreparedClient, PrepareClientInput>(() => Promise.reject(new Error('connectionMachine: provide the "prepareClient" actor'))),
    recover: fromPromise<RecoveryOutcome, RecoverInput>(() => Promise.reject(new Error('connectionMachine: provide the "recover" actor'))),
    healthMonitor: healthMonitorMachine,
  },
  guards: {
    /** Start with the Enhanced client: the settings' choice, or the client type a restored state was using. */
    isEnhancedPreferred: ({ context }) => context.client === 'enhanced',
    wasSavedLink: ({ context }, params: { link: LinkState }) => context.resumeLink === params.link,
    canStartRecovery: ({ context }) => context.settings.enableAutoRecovery && context.candidate === null,
    isAutoRecoveryEnabled: ({ context }) => context.settings.enableAutoRecovery,
    isSwitchingClient: ({ context }) => context.candidate !== null,
    isRecovering: ({ context }) => context.link === 'recovering',
    isBreakerOpen: ({ context }) => context.circuitBreakerOpen,
    isLastHealthOk: ({ context }) => context.lastHealth?.isHealthy !== false,
    isRecovered: (_, outcome: RecoveryOutcome) => outcome.ok,
    isAdopting: ({ event }, params: { client: ClientType }) => event.type === 'CLIENT.ADOPT' && event.client === params.client,
  },
  delays: {
    recoveryDelay: ({ context }) => Math.max(0, context.offlineSince + context.recoveryDelayMs - context.now),
  },
  actions: {
    /** Hook for src/: swap the prepared candidate in; the old client drains and is disposed. */
    commitClient: (_, _params: { client: ClientType }) => undefined,
    /** Hook for src/: dispose the candidate that failed its test (or was never committed). */
    discardCandidate: (_, _params: { client: ClientType }) => undefined,
    noteTime: assign({ now: ({ context, event }) => timeOf(context, event) }),
    finishResume: assign({ resumeLink: null }),
    setLink: assign((_, params: { link: LinkState }) => ({ link: params.link })),
    beginPrepare: assign(({ context, event }, params: { client: ClientType }) => ({ candidate: params.client, now: timeOf(context, event) })),
    clearCandidate: assign({ candidate: null }),
    adoptClient: assign(({ context }, params: { client: ClientType; at: number }) => ({
      client: params.client,
      candidate: null,
      circuitBreakerOpen: false,
      now: Math.max(context.now, params.at),
    })),
    noteHealth: assign(({ context, event }) => {
      if (event.type !== 'HEALTH.OK' && event.type !== 'HEALTH.FAILED') return {};
      return { lastHealth: event.result, lastError: event.result.lastError ?? context.lastError, now: timeOf(context, event) };
    }),
    noteBreaker: assign(({ context, event }) => ({ circuitBreakerOpen: event.type === 'BREAKER.OPENED', now: timeOf(context, event) })),
    noteError: assign(({ context }, params: { error: string; at?: number }) => ({ lastError: params.error, now: Math.max(context.now, params.at ?? 0) })),
    beginRecovery: assign(({ context }) => ({ recoveryAttempts: context.recoveryAttempts + 1 })),
    goOffline: assign(({ context }) => ({ offlineSince: context.now })),
    growRecoveryDelay: assign(({ context }) => ({
      now: Math.max(context.now, context.offlineSince + context.recoveryDelayMs),
      recoveryDelayMs: Math.min(context.recoveryDelayMs * 2, context.settings.maxRecoveryDelayMs),
    })),
    resetRecovery: assign(({ context }) => ({ recoveryDelayMs: context.settings.recoveryDelayMs, recoveryAttempts: 0 })),
    say: emit(({ context }, params: { text: string }) => ({ type: 'message' as const, text: params.text, at: context.now })),
    reportPrepared: emit(({ context }, params: { client: ClientType; reason: 'switch' | 'recreate'; committed: boolean; error?: string }) => ({
      type: 'clientPrepared' as const, ...params, at: context.now,
    })),
    publishStatus: enqueueActions(({ context, self, enqueue }) => {
      const current = statusOf(context);
      if (sameStatus(context.status, current)) return;
      const change = { previous: context.status, current, timestamp: context.now };
      enqueue.assign({ status: current });
      enqueue.emit({ type: 'statusChanged', ...change });
      const report: ConnectionParentEvent = { type: 'CONNECTION.STATUS_CHANGED', ...change };
      if (self._parent !== undefined) enqueue.sendTo(self._parent, report);
    }),
    tellMonitor: sendTo('healthMonitor', ({ context }) => ({
      type: context.link === 'healthy' ? ('LINK.HEALTHY' as const) : ('LINK.DEGRADED' as const),
      at: context.now,
    })),
    forwardRestored: sendTo('healthMonitor', ({ context }) => ({ type: 'RESTORED' as const, at: context.now })),
    forwardCheckNow: sendTo('healthMonitor', ({ context }) => ({ type: 'CHECK_NOW' as const, at: context.now })),
  },
});

