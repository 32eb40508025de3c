import { raise } from 'xstate';
import { connectionSetup, errorText } from './setup.js';
import type { ConnectionContext, LinkState } from './types.js';

function recoveryFailedText(context: ConnectionContext): string {
  const next = context.settings.enableAutoRecovery ? `next attempt in ${context.recoveryDelayMs} ms` : 'automatic recovery is off';
  return `Recovery failed (${context.lastError ?? 'unknown error'}); ${next}`;
}

function enterLink(link: LinkState) {
  return [{ type: 'setLink' as const, params: { link } }, 'publishStatus' as const, 'tellMonitor' as const];
}

const noteBreaker = { actions: ['noteBreaker', 'publishStatus'] } as const;
const refuseWhileSwitching = { guard: 'isSwitchingClient', actions: { type: 'say', params: { text: 'A client switch is in progress; recovery not started' } } } as const;
/** Health came back: healthy unless the breaker is still open. */
const healthBack = [
  { guard: 'isBreakerOpen', target: 'degraded', actions: 'noteHealth' },
  { target: 'healthy', actions: 'noteHealth' },
] as const;

/**
 * The link region: healthy | degraded | recovering | offline (after a transient `resuming`).
 *
 * - healthy: a failed health check starts a recovery (with `enableAutoRecovery`, and no switch running), else
 *   degrades; the breaker opening degrades.
 * - degraded: healthy again once health is OK and the breaker closed; a failed check starts a recovery as above.
 * - recovering: invokes exactly one `recover` (a `RECOVER` meanwhile joins it); success adopts the recovered
 *   client and is healthy; failure goes offline. Health returning by itself cancels the recovery.
 * - offline: with `enableAutoRecovery`, retries recovery after `recoveryDelay`, which doubles each time (capped).
 * Entering a state tells the health monitor to probe fast (`LINK.DEGRADED`) or slow (`LINK.HEALTHY`).
 */
export const linkRegion = connectionSetup.createStateConfig({
  initial: 'resuming',
  states: {
    // Transient: a fresh connection goes healthy; one resumed from a saved state goes to the link it had.
    resuming: {
      always: [
        { guard: { type: 'wasSavedLink', params: { link: 'offline' } }, target: 'offline', actions: 'finishResume' },
        { guard: { type: 'wasSavedLink', params: { link: 'recovering' } }, target: 'recovering', actions: 'finishResume' },
        { guard: { type: 'wasSavedLink', params: { link: 'degraded' } }, target: 'degraded', actions: 'finishResume' },
        { target: 'healthy' },
      ],
    },
    healthy: {
      entry: [...enterLink('healthy'), 'resetRecovery'],
      on: {
        'HEALTH.OK': { actions: 'noteHealth' },
        'HEALTH.FAILED': [
          { guard: 'canStartRecovery', target: 'recovering', actions: 'noteHealth' },
          { target: 'degraded', actions: 'noteHealth' },
        ],
        'BREAKER.OPENED': { target: 'degraded', actions: 'noteBreaker' },
        RECOVER: { actions: [{ type: 'say', params: { text: 'Connection is healthy; nothing to recover' } }] },
      },
    },
    degraded: {
      entry: enterLink('degraded'),
      on: {
        'HEALTH.OK': [
          { guard: 'isBreakerOpen', actions: 'noteHealth' },
          { target: 'healthy', actions: 'noteHealth' },
        ],
        'HEALTH.FAILED': [
          { guard: 'canStartRecovery', target: 'recovering', actions: 'noteHealth' },
          { actions: 'noteHealth' },
        ],
        'BREAKER.OPENED': noteBreaker,
        'BREAKER.CLOSED': [{ guard: 'isLastHealthOk', target: 'healthy', actions: 'noteBreaker' }, noteBreaker],
        RECOVER: [refuseWhileSwitching, { target: 'recovering', actions: 'noteTime' }],
      },
    },
    recovering: {
      entry: [
        ...enterLink('recovering'),
        'beginRecovery',
        { type: 'say', params: ({ context }) => ({ text: `Connection lost; recovery attempt ${context.recoveryAttempts}` }) },
      ],
      invoke: {
        id: 'recover',
        src: 'recover',
        input: ({ context }) => ({ client: context.client, attempt: context.recoveryAttempts, host: context.host }),
        onDone: [
          {
            guard: { type: 'isRecovered', params: ({ event }) => event.output },
            target: 'healthy',
            actions: [
              { type: 'adoptClient', params: ({ context, event }) => ({ client: event.output.ok ? event.output.client : context.client, at: event.output.at }) },
              { type: 'commitClient', params: ({ context }) => ({ client: context.client }) },
              raise(({ context }) => ({ type: 'CLIENT.ADOPT' as const, client: context.client, at: context.now })),
              { type: 'say', params: ({ context }) => ({ text: `Connection recovered with the ${context.client} client` }) },
            ],
          },
          {
            target: 'offline',
            actions: [
              { type: 'noteError', params: ({ event }) => ({ error: event.output.ok ? '' : event.output.error, at: event.output.at }) },
              'goOffline',
              { type: 'say', params: ({ context }) => ({ text: recoveryFailedText(context) }) },
            ],
          },
        ],
        onError: {
          target: 'offline',
          actions: [
            { type: 'noteError', params: ({ event }) => ({ error: errorText(event.error) }) },
            'goOffline',
            { type: 'say', params: ({ context }) => ({ text: recoveryFailedText(context) }) },
          ],
        },
      },
      on: {
        RECOVER: { actions: [{ type: 'say', params: { text: 'Recovery already in progress; joining it' } }] },
        'HEALTH.OK': healthBack,
        'HEALTH.FAILED': { actions: 'noteHealth' },
        'BREAKER.OPENED': noteBreaker,
        'BREAKER.CLOSED': noteBreaker,
      },
    },
    offline: {
      entry: enterLink('offline'),
      after: {
        recoveryDelay: [
          { guard: 'canStartRecovery', target: 'recovering', actions: 'growRecoveryDelay' },
          // A manual switch is preparing a client: wait another round rather than prepare two at once.
          { guard: 'isAutoRecoveryEnabled', target: 'offline', reenter: true, actions: ['growRecoveryDelay', 'goOffline'] },
        ],
      },
      on: {
        'HEALTH.OK': healthBack,
        'HEALTH.FAILED': { actions: 'noteHealth' },
        RECOVER: [refuseWhileSwitching, { target: 'recovering', actions: 'noteTime' }],
        'BREAKER.OPENED': noteBreaker,
        'BREAKER.CLOSED': noteBreaker,
        RESTORED: { target: 'offline', reenter: true, actions: ['noteTime', 'forwardRestored'] },
      },
    },
  },
});
