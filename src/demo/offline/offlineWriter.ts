import { OfflineClient } from '../../outbox/OfflineClient.js';
import { openOutbox } from '../../outbox/openOutbox.js';
import type { OfflineConnection } from '../../outbox/types.js';

/**
 * Opens the outbox file `file` (created when missing; a file left by a killed process is taken as it is) and an
 * OfflineClient delivering it over `connection`. `close()` on the client closes the file.
 * @throws {@link OutboxFileError} for a file that is not an outbox (or of a newer format), naming it.
 */
export async function openOfflineWriter(file: string, connection: OfflineConnection): Promise<OfflineClient> {
  return new OfflineClient({ connection, outbox: await openOutbox(file) });
}
