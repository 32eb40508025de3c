import { fromPromise } from 'xstate';
import type { RecoverInput, RecoveryOutcome } from '../../../machines/connection/types.js';
import type { ClientType } from '../../../machines/types.js';
import { prepareCandidate } from './prepareClient.js';
import { servicesOf } from './ConnectionServices.js';

function otherThan(type: ClientType): ClientType {
  return type === 'enhanced' ? 'standard' : 'enhanced';
}

/**
 * The connection machine's `recover` actor, as the original's TryAutoRecoverConnectionAsync: recreate a client
 * of the current type and test it; failing that, a client of the other type. The first that passes becomes the
 * candidate the machine commits. Always resolves: `{ ok: false, error }` names both failures. Its connection comes in
 * its input (`host`), so it is provided once per process.
 */
export const recoverActor = fromPromise<RecoveryOutcome, RecoverInput>(async ({ input, signal }) => {
  const deps = servicesOf(input.host, 'recover');
  const failures: string[] = [];
  for (const type of [input.client, otherThan(input.client)]) {
    try {
      await prepareCandidate(deps, type, signal);
      return { ok: true, client: type, at: deps.now() };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
      if (signal.aborted) break;
    }
  }
  return { ok: false, error: failures.join('; '), at: deps.now() };
});
