import { fromPromise } from 'xstate';
import type { PrepareClientInput, PreparedClient } from '../../../machines/connection/types.js';
import type { ClientType } from '../../../machines/types.js';
import type { ConnectionHealthStatus } from '../../api/ApiClient.js';
import { RequestAbortedError } from '../../errors/RequestAbortedError.js';
import type { ClientSlots } from '../ClientSlots.js';
import { ClientTestFailedError } from '../ClientTestFailedError.js';
import type { ManagedClient } from '../ManagedClient.js';
import { raceAbort } from '../../util/raceAbort.js';
import { servicesOf } from './ConnectionServices.js';

/** What the client-preparing actors need from their connection. */
export interface CandidateDeps {
  /** Creates a client of `type` through the connection's factory. */
  create(type: ClientType): ManagedClient;
  readonly slots: ClientSlots;
  /** The connection's clock (epoch ms), stamped on the actors' outputs. */
  now(): number;
  /**
   * Told of the health probe a candidate passed, before it is offered: once it takes over, that probe is the
   * newest word on the link (the monitor's last one may be a failure from before the recovery).
   */
  onTested?(candidate: ManagedClient, health: ConnectionHealthStatus): void;
}

/**
 * Creates a client of `type`, tests it with one health probe and, when it passes, offers it to the slots as
 * the candidate. A client that fails, or whose preparation is aborted through `signal`, is disposed; so is a
 * candidate whose actor is stopped before the machine committed it.
 * @throws {@link ClientTestFailedError} when the client cannot be created or its probe fails.
 * @throws {@link RequestAbortedError} when `signal` aborts first.
 */
export async function prepareCandidate(deps: CandidateDeps, type: ClientType, signal: AbortSignal): Promise<ManagedClient> {
  if (signal.aborted) throw new RequestAbortedError(`prepare ${type} client`);
  let candidate: ManagedClient;
  try {
    candidate = deps.create(type);
  } catch (error) {
    throw new ClientTestFailedError(type, `it could not be created (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  try {
    const health = await raceAbort(candidate.client.getConnectionHealth(), signal, () => new RequestAbortedError(`test ${type} client`));
    if (!health.isHealthy) throw new ClientTestFailedError(type, health.lastError ?? 'GET api/health did not answer 2xx');
    deps.onTested?.(candidate, health);
  } catch (error) {
    await candidate.disposeNow();
    throw error;
  }
  deps.slots.offer(candidate);
  // Stopped after passing but before the machine committed it (the state was left): nobody else will dispose it.
  signal.addEventListener('abort', () => deps.slots.withdraw(candidate), { once: true });
  return candidate;
}

/**
 * The connection machine's `prepareClient` actor: creates the client the input names and tests it before it
 * may take over (the machine's `commitClient` then swaps it in, `discardCandidate` disposes it). Its connection
 * comes in its input (`host`), so it is provided once per process.
 */
export const prepareClientActor = fromPromise<PreparedClient, PrepareClientInput>(async ({ input, signal }) => {
  const deps = servicesOf(input.host, 'prepareClient');
  await prepareCandidate(deps, input.client, signal);
  return { client: input.client, at: deps.now() };
});
