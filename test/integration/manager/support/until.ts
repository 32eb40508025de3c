import { waitFor } from 'xstate';
import type { Actor, SnapshotFrom } from 'xstate';
import type { ConnectionLogic } from '../../../../src/manager/ConnectionRuntime.js';

/**
 * Resolves with the connection's first snapshot that satisfies `done` (reached through real I/O); the time
 * limit only turns a hang into a failure naming what was awaited.
 */
export function until(actor: Actor<ConnectionLogic>, done: (snapshot: SnapshotFrom<ConnectionLogic>) => boolean): Promise<SnapshotFrom<ConnectionLogic>> {
  return waitFor(actor, done, { timeout: 10_000 });
}
