import { connectionMachine } from '../../machines/connection.machine.js';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';
import { servicesOf } from './actors/ConnectionServices.js';
import { healthProbeActor } from './actors/healthProbe.js';
import { prepareClientActor } from './actors/prepareClient.js';
import { recoverActor } from './actors/recovery.js';

/**
 * The connection machine with its actors and actions provided, once for the whole process: each connection's
 * services travel in the machine's input (`host`, see `ConnectionRuntime.input()`), so a connection costs an
 * actor, not a copy of the machine (a provided copy of the two machines weighed about as much as the rest of a
 * manager).
 */
export const connectionLogic = connectionMachine.provide({
  actors: {
    prepareClient: prepareClientActor,
    recover: recoverActor,
    healthMonitor: healthMonitorMachine.provide({ actors: { probe: healthProbeActor } }),
  },
  actions: {
    commitClient: ({ context, self }, params) => servicesOf(context.host, 'commitClient').commit(params.client, self),
    discardCandidate: ({ context }) => servicesOf(context.host, 'discardCandidate').discard(),
  },
});
