import { connectionStateOf } from '../../machines/connection/restore.js';
import type { BreakerState } from '../../machines/breaker/types.js';
import type { ConnectionContext, ConnectionState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { readStateFile, writeStateFile } from '../state/stateFile.js';
import { StateSaver } from '../state/StateSaver.js';
import { STATE_FORMAT, STATE_FORMAT_VERSION } from '../state/types.js';
import type { SavedConnectionState } from '../state/types.js';
import { breakerStateOfClient } from './breakerStateOfClient.js';
import type { ConnectionLog } from './options.js';

/** The part of a running connection actor read here: its context, now and as it changes. */
export interface ConnectionSource {
  getSnapshot(): { readonly context: ConnectionContext };
  subscribe(next: (snapshot: { readonly context: ConnectionContext }) => void): { unsubscribe(): void };
}

/** The connection actor as a {@link ConnectionSource} when it is one (it has a snapshot with a context), else undefined. */
export function connectionSourceOf(target: object): ConnectionSource | undefined {
  const candidate = target as { getSnapshot?: unknown; subscribe?: unknown };
  if (typeof candidate.getSnapshot !== 'function' || typeof candidate.subscribe !== 'function') return undefined;
  const snapshot: unknown = candidate.getSnapshot.call(target);
  const link = (snapshot as { context?: { link?: unknown } } | undefined)?.context?.link;
  return typeof link === 'string' ? (target as ConnectionSource) : undefined;
}

interface BreakerEmitter {
  on(type: string, listener: () => void): { unsubscribe(): void };
}

const BREAKER_TRANSITIONS = ['breaker.opened', 'breaker.halfOpen', 'breaker.closed', 'breaker.isolated'] as const;

function breakerEmitterOf(client: ApiClient): BreakerEmitter | undefined {
  const breaker: unknown = (client as { breaker?: unknown }).breaker;
  if (typeof breaker !== 'object' || breaker === null || !('on' in breaker) || typeof breaker.on !== 'function') return undefined;
  return breaker as BreakerEmitter;
}

/** What changes of the connection's context are worth a save: the link, the client, the breaker flag, the offline wait. */
function savedKey(context: ConnectionContext): string {
  return [context.client, context.link, context.circuitBreakerOpen, context.recoveryAttempts, context.recoveryDelayMs, context.offlineSince].join('|');
}

/** What the keeper needs from its connection. */
export interface StateKeeperDeps {
  readonly now: () => number;
  readonly log: ConnectionLog;
  /** The current client and its type. */
  readonly current: () => { readonly type: ClientType; readonly client: ApiClient };
}

/**
 * A connection's state across restarts (the `stateFile` option): reads the saved state once, at construction,
 * hands out its parts for the first client and the connection machine's input, and saves the state on every
 * breaker transition of the current client and every change of the link, client type or offline wait, coalesced
 * (see {@link StateSaver}), and at dispose. Without a file it does nothing.
 */
export class ConnectionStateKeeper {
  /** The state read at start; null when there is no file, or no state file yet. */
  readonly saved: SavedConnectionState | null;
  private readonly saver: StateSaver | undefined;
  private source: ConnectionSource | undefined;
  private connectionTaken = false;
  private unfollow: () => void = () => undefined;
  private unwatchClient: () => void = () => undefined;

  /** @throws {@link StateFileError} naming the file when it exists but is corrupt, foreign or unreadable. */
  constructor(readonly file: string | undefined, private readonly deps: StateKeeperDeps) {
    this.saved = file === undefined ? null : readStateFile(file);
    this.saver = file === undefined ? undefined : new StateSaver(file, () => this.capture(), (error) => {
      // A StateFileError names the file and the cause's code (ENOSPC, EACCES); never a header or a password.
      deps.log.warn('Saving the connection state failed; carrying on', { error });
    });
    if (this.saved !== null) {
      const { connection, savedAt } = this.saved;
      deps.log.info(`Restoring the connection state saved at ${new Date(savedAt).toISOString()}`
        + (connection === null ? '' : `: ${connection.client} client, link ${connection.link}`));
    }
  }

  /** The client type to start with: the saved one, else the settings'. */
  initialClient(fallback: ClientType): ClientType {
    return this.saved?.connection?.client ?? fallback;
  }

  /** The saved breaker of a client type, for the first client of that type only. */
  restoredBreaker(type: ClientType): BreakerState | undefined {
    return this.saved?.clients[type]?.breaker ?? undefined;
  }

  /**
   * The connection machine's `restored` input, once (a second actor on the same runtime starts fresh).
   * @param client the first client's type
   * @param breakerOpen whether the first client's breaker, as restored, is not closed: it wins over the saved flag,
   *   and a file holding a breaker but no connection (a lone client's) resumes degraded when it is open.
   */
  takeRestoredConnection(client: ClientType, breakerOpen: boolean): ConnectionState | undefined {
    if (this.saved === null || this.connectionTaken) return undefined;
    this.connectionTaken = true;
    const saved = this.saved.connection;
    if (saved !== null) return { ...saved, circuitBreakerOpen: breakerOpen };
    if (!breakerOpen) return undefined;
    const now = this.deps.now();
    return { client, link: 'degraded', circuitBreakerOpen: true, lastError: null, recoveryAttempts: 0, recoveryDelayMs: 0, offlineSince: now };
  }

  /** Saves on each change of the connection's link, client type, breaker flag or offline wait. */
  follow(source: ConnectionSource): void {
    this.unfollow();
    this.source = source;
    if (this.saver === undefined) return;
    const saver = this.saver;
    let last = savedKey(source.getSnapshot().context);
    const subscription = source.subscribe(({ context }) => {
      const key = savedKey(context);
      if (key === last) return;
      last = key;
      saver.request();
    });
    saver.request();
    this.unfollow = () => subscription.unsubscribe();
  }

  /** Saves on each transition of `client`'s breaker (the current client; a swap calls this again). */
  watchClient(client: ApiClient): void {
    this.unwatchClient();
    this.unwatchClient = () => undefined;
    const saver = this.saver;
    const breaker = breakerEmitterOf(client);
    if (saver === undefined || breaker === undefined) return;
    const subscriptions = BREAKER_TRANSITIONS.map((type) => breaker.on(type, () => saver.request()));
    this.unwatchClient = () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  }

  /** The state to save now: the connection's (when it is followed) and its current client's breaker. */
  capture(): SavedConnectionState {
    const { type, client } = this.deps.current();
    const context = this.source?.getSnapshot().context;
    return {
      format: STATE_FORMAT,
      version: STATE_FORMAT_VERSION,
      savedAt: this.deps.now(),
      connection: context === undefined ? null : connectionStateOf(context),
      clients: { [type]: { breaker: breakerStateOfClient(client) } },
    };
  }

  /**
   * Writes the state now, to `file` or the keeper's file, and resolves once it is on disk.
   * @throws {@link StateFileError} when it cannot be written.
   */
  async saveNow(file: string): Promise<void> {
    await writeStateFile(file, this.capture());
  }

  /** Resolves once every save asked for so far is on disk (or has failed and been logged). */
  async flush(): Promise<void> {
    await this.saver?.flush();
  }

  /** Stops following; with a file, saves the final state and waits for every write. Call before disposing the clients. */
  async close(): Promise<void> {
    this.unfollow();
    this.unfollow = () => undefined;
    this.unwatchClient();
    this.unwatchClient = () => undefined;
    if (this.saver === undefined) return;
    this.saver.request();
    await this.saver.flush();
  }
}
