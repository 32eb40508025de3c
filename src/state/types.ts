import type { BreakerState } from '../../machines/breaker/types.js';
import type { ConnectionState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';

/** The format version this library writes and reads. */
export const STATE_FORMAT_VERSION = 1;
/** The `format` marker of a state file, so another JSON file is never taken for one. */
export const STATE_FORMAT = 'vcdevtool-connection/state';

/** One client's saved state: its breaker's, or null for a client without one (the Standard client). */
export interface SavedClientState {
  readonly breaker: BreakerState | null;
}

/**
 * What a state file holds: state only, never settings (a restore applies the settings of the process that
 * restores). Times are wall-clock epoch ms.
 */
export interface SavedConnectionState {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_FORMAT_VERSION;
  /** When it was saved. */
  readonly savedAt: number;
  /** The connection's link and client type; null when the file holds a lone client's breaker. */
  readonly connection: ConnectionState | null;
  /** Per client type, the clients the connection had (its current client). */
  readonly clients: Partial<Record<ClientType, SavedClientState>>;
}
