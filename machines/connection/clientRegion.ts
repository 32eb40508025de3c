import type { ClientType } from '../types.js';
import { connectionSetup, errorText } from './setup.js';

function otherThan(client: ClientType): ClientType {
  return client === 'enhanced' ? 'standard' : 'enhanced';
}

/**
 * A state that prepares a candidate of type `client` (test-before-swap): on done the candidate is committed and
 * takes over; on error it is discarded and the current client stays.
 */
function preparing(current: ClientType, client: ClientType, reason: 'switch' | 'recreate') {
  const verb = reason === 'switch' ? `Switch to ${client} client` : `Recreation of ${client} client`;
  return connectionSetup.createStateConfig({
    invoke: {
      id: 'prepareClient',
      src: 'prepareClient',
      input: ({ context }) => ({ client, reason, host: context.host }),
      onDone: {
        target: reason === 'switch' ? `#connection.client.${client}` : 'active',
        actions: [
          { type: 'adoptClient', params: ({ event }) => ({ client, at: event.output.at }) },
          { type: 'commitClient', params: { client } },
          { type: 'say', params: { text: `${verb} succeeded; ${client} client is now in use` } },
          { type: 'reportPrepared', params: { client, reason, committed: true } },
          'publishStatus',
        ],
      },
      onError: {
        target: 'active',
        actions: [
          { type: 'discardCandidate', params: { client } },
          'clearCandidate',
          { type: 'noteError', params: ({ event }) => ({ error: errorText(event.error) }) },
          { type: 'say', params: ({ event }) => ({ text: `${verb} failed (${errorText(event.error)}); staying on ${current} client` }) },
          { type: 'reportPrepared', params: ({ event }) => ({ client, reason, committed: false, error: errorText(event.error) }) },
        ],
      },
    },
  });
}

function refuseWhileRecovering(eventType: string) {
  return { guard: 'isRecovering' as const, actions: { type: 'say' as const, params: { text: `Recovery in progress; ${eventType} ignored` } } };
}

/**
 * One client type's state in the client region: `active`, `switching` (to the other type) or `recreating`
 * (a fresh client of the same type). Manual switches are refused while a recovery runs, so at most one client
 * is ever being prepared. `CLIENT.ADOPT` (raised by the link region after a recovery) moves to the adopted type.
 */
export function clientState(self: ClientType) {
  const other = otherThan(self);
  const switchEvent = other === 'standard' ? 'SWITCH_TO_STANDARD' : 'SWITCH_TO_ENHANCED';
  const switchTransitions = [
    refuseWhileRecovering(switchEvent),
    { target: 'switching', actions: [{ type: 'beginPrepare' as const, params: { client: other } }, { type: 'say' as const, params: { text: `Switching to ${other} client` } }] },
  ];
  return connectionSetup.createStateConfig({
    initial: 'active',
    on: {
      'CLIENT.ADOPT': {
        guard: { type: 'isAdopting', params: { client: other } },
        target: `#connection.client.${other}`,
      },
    },
    states: {
      active: {
        on: {
          ...(switchEvent === 'SWITCH_TO_STANDARD' ? { SWITCH_TO_STANDARD: switchTransitions } : { SWITCH_TO_ENHANCED: switchTransitions }),
          RECREATE: [
            refuseWhileRecovering('RECREATE'),
            { target: 'recreating', actions: [{ type: 'beginPrepare', params: { client: self } }, { type: 'say', params: { text: `Recreating ${self} client` } }] },
          ],
        },
      },
      switching: preparing(self, other, 'switch'),
      recreating: preparing(self, self, 'recreate'),
    },
  });
}
