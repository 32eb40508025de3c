import { assign, enqueueActions } from 'xstate';
import { endpointSelectionMachine } from '../../machines/endpointSelection.machine.js';
import { countCall, mergeDiscovered } from '../../machines/endpoints/endpointStatus.js';
import { selectEndpoint } from '../../machines/endpoints/selectEndpoint.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { endpointSelectionModel } from './models/endpointSelection.model.js';

const mutants: Mutant[] = [
  ['a recovered primary that takes calls back at once (no hold-down)', endpointSelectionMachine.provide({ guards: { isHoldingDown: () => false } })],
  ['a hold-down timer twice as long as FailbackHoldDownSeconds', endpointSelectionMachine.provide({ delays: { holdDown: ({ context }) => context.holdDownMs * 2 } })],
  ['an open breaker that is not skipped', endpointSelectionMachine.provide({ guards: { isKnownEndpoint: ({ context, event }) => event.type !== 'ENDPOINT.BREAKER_OPENED' && 'url' in event && context.endpoints.some((e) => e.url === event.url) } })],
  ['all endpoints down but still "available"', endpointSelectionMachine.provide({ guards: { isNoneAvailable: () => false } })],
  ['a call that ends without lowering the outstanding count', endpointSelectionMachine.provide({ actions: { countCallEnded: assign({ endpoints: ({ context }) => context.endpoints }) } })],
  ['a call counted on every endpoint', endpointSelectionMachine.provide({ actions: { countCallStarted: assign({ endpoints: ({ context }) => context.endpoints.reduce((list, e) => countCall(list, e.url, 1), context.endpoints) }) } })],
  ['an empty discovery answer that empties the list', endpointSelectionMachine.provide({ guards: { hasEndpoints: ({ event }) => event.type === 'ENDPOINTS.DISCOVERED' } })],
  [
    'discovery that forgets what it knew of known endpoints',
    endpointSelectionMachine.provide({
      actions: { mergeDiscovered: assign({ endpoints: ({ event }) => (event.type === 'ENDPOINTS.DISCOVERED' ? mergeDiscovered([], event.endpoints) : []) }) },
    }),
  ],
  [
    'balanced mode that ignores the weights',
    endpointSelectionMachine.provide({
      actions: { choose: enqueueActions(({ context, enqueue }) => enqueue.assign({ choice: selectEndpoint({ ...context, endpoints: context.endpoints.map((e) => ({ ...e, weight: 1 })) }, context.random) })) },
    }),
  ],
  [
    'a failover that is not announced',
    endpointSelectionMachine.provide({ actions: { choose: enqueueActions(({ context, enqueue }) => enqueue.assign({ choice: selectEndpoint(context, context.random) })) } }),
  ],
];

describeModel('endpoint selection: model-based', endpointSelectionModel, mutants);
