import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import { endpointSelectionMachine } from '../../../machines/endpointSelection.machine.js';
import { isHeldDown } from '../../../machines/endpoints/selectEndpoint.js';
import type { EndpointSelectionContext, EndpointSelectionInput, EndpointSpec } from '../../../machines/endpoints/types.js';
import { seededRandom } from '../../../machines/random.js';
import type { MachineModel } from '../harness/model.js';

const A = 'http://a.test:5289';
const B = 'http://b.test:5289';
const C = 'http://c.test:5289';

/** A primary and a backup; discovery can swap the backup for C, or list them the other way round. */
const twoEndpoints: EndpointSpec[] = [{ url: A, priority: 0, weight: 3 }, { url: B, priority: 1, weight: 1 }];
const sameGroup: EndpointSpec[] = [{ url: A, priority: 0, weight: 3 }, { url: B, priority: 0, weight: 1 }];
const discoveries: EndpointSpec[][] = [
  [{ url: A, priority: 0, weight: 3 }, { url: C, priority: 1, weight: 1 }],
  [{ url: B, priority: 0, weight: 1 }, { url: A, priority: 1, weight: 3 }],
  twoEndpoints,
];

const HOLD_DOWN_MS = 1_000;
const input = (mode: EndpointSelectionInput['mode'], endpoints: EndpointSpec[]) => (): EndpointSelectionInput =>
  ({ endpoints, mode, holdDownMs: HOLD_DOWN_MS, at: 0, random: seededRandom(7) });

const selection = (snapshot: AnyMachineSnapshot) => snapshot.context as EndpointSelectionContext;

/**
 * The endpoint selection's model: ordered and balanced, breakers opening and closing, health lost and regained,
 * calls starting and ending, hold-downs running out (the timer) or cut short by a flap, discovery adding,
 * dropping and reordering endpoints, and events about unknown URLs.
 */
export const endpointSelectionModel: MachineModel = {
  name: 'endpointSelection',
  machine: endpointSelectionMachine,
  variants: [
    { name: 'ordered, primary and backup', input: input('ordered', twoEndpoints) },
    { name: 'balanced, one group weighted 3:1', input: input('balanced', sameGroup) },
    { name: 'balanced, two groups', input: input('balanced', twoEndpoints), shallow: true },
    { name: 'ordered, no hold-down', input: () => ({ ...input('ordered', twoEndpoints)(), holdDownMs: 0 }), shallow: true },
  ],
  events: (snapshot) => {
    const context = selection(snapshot);
    const at = context.now + 100;
    const urls = [...context.endpoints.map((endpoint) => endpoint.url), 'http://unknown.test'];
    const perEndpoint = ['ENDPOINT.BREAKER_OPENED', 'ENDPOINT.BREAKER_CLOSED', 'ENDPOINT.HEALTHY', 'ENDPOINT.UNHEALTHY', 'CALL.STARTED', 'CALL.ENDED'];
    const events: AnyEventObject[] = [
      ...perEndpoint.flatMap((type) => urls.map((url) => ({ type, url, at }))),
      ...discoveries.map((endpoints) => ({ type: 'ENDPOINTS.DISCOVERED', endpoints, at })),
      { type: 'ENDPOINTS.DISCOVERED', endpoints: [], at },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const context = selection(snapshot);
    const endpoints = context.endpoints.map((endpoint) => [
      endpoint.url, endpoint.priority, endpoint.breakerOpen, endpoint.healthy, Math.min(endpoint.outstanding, 2), isHeldDown(endpoint, context.now),
    ]);
    return JSON.stringify([snapshot.value, endpoints, context.choice]);
  },
  project: (snapshot) => {
    const { random: _random, ...rest } = selection(snapshot);
    return rest;
  },
  promiseActors: [],
};
