import { assign, enqueueActions, setup } from 'xstate';
import { countCall, endHoldDowns, freshStatus, isKnown, mergeDiscovered, nextHoldDownEnd, requireEndpoints, updateEndpoint } from './endpoints/endpointStatus.js';
import { selectEndpoint } from './endpoints/selectEndpoint.js';
import type {
  EndpointChoice,
  EndpointSelectionContext,
  EndpointSelectionEmitted,
  EndpointSelectionEvent,
  EndpointSelectionInput,
  EndpointStatus,
} from './endpoints/types.js';
import { requireNumber } from './settingsError.js';

type Change = Partial<Pick<EndpointStatus, 'breakerOpen' | 'healthy'>>;

function urlOf(choice: EndpointChoice): string | null {
  return choice.kind === 'endpoint' ? choice.url : null;
}

/** The `at` of an event, never earlier than what the machine already knows. */
function timeOf(context: EndpointSelectionContext, event: { type: string }): number {
  return 'at' in event && typeof event.at === 'number' ? Math.max(context.now, event.at) : context.now;
}

/**
 * Endpoint selection: where the next call goes among several servers (`context.choice`, recomputed by the pure
 * {@link selectEndpoint} after every event), and whether any can take it.
 *
 * - routing (transient): goes to `unavailable` when no endpoint is available (every breaker open or health check
 *   failing: the caller fails fast with BrokenCircuitError naming them), to `available.holdingDown` while a
 *   recovered endpoint waits out its hold-down, else to `available.settled`.
 * - available.holdingDown: after `holdDown` (until the earliest hold-down ends) the endpoints due take calls again:
 *   in ordered mode, calls go back to the primary once it stayed healthy that long.
 * - `ENDPOINT.*` and `ENDPOINTS.DISCOVERED` events update the endpoints and route again; `CALL.STARTED` /
 *   `CALL.ENDED` count outstanding calls (balanced mode's measure of load) and only recompute the choice.
 *   Events naming an unknown URL and empty discovered lists are ignored.
 * In ordered mode it emits `endpoint.switched { from, to, at }` whenever the choice changes.
 *
 * Pure: no timers but XState's own delay, no I/O, randomness from `input.random` (balanced ties only).
 * @throws {@link InvalidMachineSettingsError} at start when the endpoints are empty or repeat a URL, or holdDownMs < 0.
 */
export const endpointSelectionMachine = setup({
  types: {
    input: {} as EndpointSelectionInput,
    context: {} as EndpointSelectionContext,
    events: {} as EndpointSelectionEvent,
    emitted: {} as EndpointSelectionEmitted,
  },
  guards: {
    isKnownEndpoint: ({ context, event }) => 'url' in event && isKnown(context.endpoints, event.url),
    hasEndpoints: ({ event }) => event.type === 'ENDPOINTS.DISCOVERED' && event.endpoints.length > 0,
    isNoneAvailable: ({ context }) => context.choice.kind === 'none',
    isHoldingDown: ({ context }) => nextHoldDownEnd(context.endpoints, context.now) !== null,
  },
  delays: {
    holdDown: ({ context }) => Math.max(0, (nextHoldDownEnd(context.endpoints, context.now) ?? context.now) - context.now),
  },
  actions: {
    noteTime: assign({ now: ({ context, event }) => timeOf(context, event) }),
    updateEndpoint: assign({
      endpoints: ({ context, event }, change: Change) =>
        'url' in event ? updateEndpoint(context.endpoints, event.url, change, context.now, context.holdDownMs) : context.endpoints,
    }),
    countCallStarted: assign({ endpoints: ({ context, event }) => ('url' in event ? countCall(context.endpoints, event.url, 1) : context.endpoints) }),
    countCallEnded: assign({ endpoints: ({ context, event }) => ('url' in event ? countCall(context.endpoints, event.url, -1) : context.endpoints) }),
    mergeDiscovered: assign({
      endpoints: ({ context, event }) => (event.type === 'ENDPOINTS.DISCOVERED' ? mergeDiscovered(context.endpoints, event.endpoints) : context.endpoints),
    }),
    endDueHoldDowns: assign(({ context }) => {
      const now = Math.max(context.now, nextHoldDownEnd(context.endpoints, context.now) ?? context.now);
      return { now, endpoints: endHoldDowns(context.endpoints, now) };
    }),
    choose: enqueueActions(({ context, enqueue }) => {
      const choice = selectEndpoint(context, context.random);
      enqueue.assign({ choice });
      const [from, to] = [urlOf(context.choice), urlOf(choice)];
      if (context.mode === 'ordered' && from !== to) enqueue.emit({ type: 'endpoint.switched', from, to, at: context.now });
    }),
  },
}).createMachine({
  id: 'endpointSelection',
  initial: 'routing',
  context: ({ input }) => {
    const endpoints = requireEndpoints('endpoints', input.endpoints).map(freshStatus);
    const view = { mode: input.mode, now: input.at, endpoints };
    const random = input.random ?? Math.random;
    return { ...view, holdDownMs: requireNumber('holdDownMs', input.holdDownMs, 0), random, choice: selectEndpoint(view, random) };
  },
  on: {
    'ENDPOINT.BREAKER_OPENED': { guard: 'isKnownEndpoint', target: '.routing', actions: ['noteTime', { type: 'updateEndpoint', params: { breakerOpen: true } }, 'choose'] },
    'ENDPOINT.BREAKER_CLOSED': { guard: 'isKnownEndpoint', target: '.routing', actions: ['noteTime', { type: 'updateEndpoint', params: { breakerOpen: false } }, 'choose'] },
    'ENDPOINT.HEALTHY': { guard: 'isKnownEndpoint', target: '.routing', actions: ['noteTime', { type: 'updateEndpoint', params: { healthy: true } }, 'choose'] },
    'ENDPOINT.UNHEALTHY': { guard: 'isKnownEndpoint', target: '.routing', actions: ['noteTime', { type: 'updateEndpoint', params: { healthy: false } }, 'choose'] },
    'CALL.STARTED': { guard: 'isKnownEndpoint', actions: ['noteTime', 'countCallStarted', 'choose'] },
    'CALL.ENDED': { guard: 'isKnownEndpoint', actions: ['noteTime', 'countCallEnded', 'choose'] },
    'ENDPOINTS.DISCOVERED': { guard: 'hasEndpoints', target: '.routing', actions: ['noteTime', 'mergeDiscovered', 'choose'] },
  },
  states: {
    routing: {
      always: [
        { guard: 'isNoneAvailable', target: 'unavailable' },
        { guard: 'isHoldingDown', target: 'available.holdingDown' },
        { target: 'available.settled' },
      ],
    },
    available: {
      initial: 'settled',
      states: {
        settled: {},
        holdingDown: {
          after: { holdDown: { target: '#endpointSelection.routing', actions: ['endDueHoldDowns', 'choose'] } },
        },
      },
    },
    unavailable: {},
  },
});
