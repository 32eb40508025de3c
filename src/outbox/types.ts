import type { AnyActorLogic, ActorOptions } from 'xstate';
import type { ApiClient } from '../api/ApiClient.js';
import type { LinkStatus } from '../api/LinkStatus.js';
import type { OperationArgs, OperationResult } from '../api/operations/index.js';
import type { OutboxOptions } from '../config/types.js';

/**
 * The writes the outbox keeps: the API calls whose loss a host would notice. Each entry replays one call of the
 * {@link ApiClient} with the arguments it was given (`sendHeartbeat` entries of one node are coalesced: a new one
 * replaces a queued one).
 */
export type OutboxOperationName =
  | 'createTask'
  | 'createTaskFolder'
  | 'updateTaskStatus'
  | 'updateTaskFolderStatus'
  | 'sendDebugMessage'
  | 'releaseFileLock'
  | 'sendHeartbeat';

/** Every outbox operation name, in the order of {@link OutboxOperationName}. */
export const outboxOperationNames: readonly OutboxOperationName[] = [
  'createTask', 'createTaskFolder', 'updateTaskStatus', 'updateTaskFolderStatus', 'sendDebugMessage',
  'releaseFileLock', 'sendHeartbeat',
];

/**
 * One write to queue: the API call's name and its arguments exactly as the {@link ApiClient} method takes them,
 * e.g. `{ operation: 'updateTaskStatus', args: [42, 'Completed', { resultMessage: 'done' }] }`.
 * An `idempotencyKey` in the arguments' options is replaced by the entry's own key.
 * `entity` names the thing the write is about; entries of one entity are delivered one at a time, in the order
 * they were queued. Default: `task:<id>` for task and folder-creation writes, `task:new:<name>` for `createTask`,
 * `folder:<id>`, `lock:<filePath>`, `node:<id>` (debug messages without a node: `debug:<source>`).
 */
export type OutboxOperation = {
  [N in OutboxOperationName]: { readonly operation: N; readonly args: OperationArgs<N>; readonly entity?: string };
}[OutboxOperationName];

/** The value a delivered entry's call resolved to. */
export type OutboxResult = OperationResult<OutboxOperationName>;

/**
 * Where an entry stands: `queued` (not sent since it was queued, or proven never sent) or `inFlight` (marked
 * before its request left; found so after a restart, its outcome is unknown and is reconciled before any resend).
 */
export type OutboxEntryState = 'queued' | 'inFlight';

/** One queued write, as the outbox file holds it. */
export interface OutboxEntry {
  /** Row id; also the global queue order. */
  readonly id: number;
  readonly entity: string;
  /** Position among the entity's entries ever queued (1-based, increasing). */
  readonly entityOrder: number;
  readonly operation: OutboxOperationName;
  /** The call's arguments as stored (JSON; an `undefined` inside became `null`, trailing ones were dropped). */
  readonly args: readonly unknown[];
  /** Made when the entry was queued and sent with every attempt, across restarts. */
  readonly idempotencyKey: string;
  /** Epoch ms. */
  readonly enqueuedAt: number;
  /** Delivery attempts so far. */
  readonly attempts: number;
  readonly state: OutboxEntryState;
  /** The last failure's message, secrets scrubbed, or null. */
  readonly lastError: string | null;
  /** Size of the stored arguments, bytes (what `Outbox:MaxBytes` counts). */
  readonly bytes: number;
}

/**
 * Why an entry left the queue without being delivered:
 * - `rejected`: the server answered a 4xx it will never accept (400, 404, 422, ...), or a boolean call's `false`;
 * - `conflict`: a 409 whose read-back showed the write not applied (someone else changed the row);
 * - `invalid`: the stored arguments no longer make a request (InvalidArgumentError);
 * - `expired`: older than `Outbox:MaxAgeHours`.
 */
export type DeadLetterReason = 'rejected' | 'conflict' | 'invalid' | 'expired';

/** An entry the outbox gave up on, with the server's answer. Kept until dropped or retried. */
export interface DeadLetter {
  /** Dead-letter row id (`retry(id)` / `drop(id)` of a dead letter take it). */
  readonly id: number;
  /** The entry as it was when it left the queue. */
  readonly entry: OutboxEntry;
  readonly reason: DeadLetterReason;
  /** The HTTP status of the server's answer, or null (expired, invalid, a `false`). */
  readonly status: number | null;
  /** The server's answer (body snippet, secrets scrubbed) or the failure's message. */
  readonly answer: string;
  /** Epoch ms. */
  readonly at: number;
}

/** Figures for metrics and the CLI. */
export interface OutboxStats {
  /** Entries queued or in flight. */
  readonly pending: number;
  readonly deadLetters: number;
  /** Age of the oldest pending entry, seconds; 0 when empty. */
  readonly oldestEntryAgeSeconds: number;
  /** Bytes of the pending entries' stored arguments. */
  readonly bytes: number;
}

/** Options of {@link openOutbox}. */
export interface OpenOutboxOptions {
  /** The `Outbox` section's limits (`loadSettings().outbox`); missing keys take their defaults. */
  readonly limits?: Partial<OutboxOptions>;
  /** Epoch ms; default `Date.now`. Tests pass a simulated clock's. */
  readonly now?: () => number;
}

/**
 * The durable queue of writes, on an SQLite file (WAL, `synchronous=FULL`): an entry is on disk before
 * `enqueue` resolves, so it survives a `kill -9` of the host. Open it with {@link openOutbox}; deliver it with an
 * {@link OfflineClient} (or a `DeliveryEngine`). One process at a time.
 */
export interface Outbox {
  /** The file's path. */
  readonly file: string;
  /**
   * Queues `operation` durably and resolves to its entry. The arguments are checked as the call would check them.
   * @throws {@link OutboxFullError} when a limit would be passed.
   * @throws {@link OutboxStorageError} when the file cannot be written; nothing queued before is lost.
   * @throws {@link InvalidArgumentError} for arguments the call would refuse.
   * @throws {@link OutboxClosedError} after `close()`.
   */
  enqueue(operation: OutboxOperation): Promise<OutboxEntry>;
  /** Pending entries in queue order. */
  list(): OutboxEntry[];
  /** Dead letters, oldest first. */
  deadLetters(): DeadLetter[];
  /**
   * Queues dead letter `id` again (same key, at the end of its entity); null when there is none.
   * @throws {@link OutboxFullError} when a limit would be passed (the dead letter stays).
   */
  retry(deadLetterId: number): OutboxEntry | null;
  /**
   * Deletes pending entry `id`, or dead letter `id` with `{ deadLetter: true }`; false when there is none.
   * An entry being delivered cannot be dropped (false).
   */
  drop(id: number, options?: { readonly deadLetter?: boolean }): boolean;
  /** Moves entries older than `MaxAgeHours` to the dead letters (reason `expired`); returns them. */
  expire(): DeadLetter[];
  stats(): OutboxStats;
  /** Closes the file (checkpointing the WAL). Idempotent. */
  close(): void;
}

/** The `statusChanged` payload an {@link OfflineConnection} must give (a ConnectionManager's does). */
export interface OfflineStatusEvent {
  readonly current: { readonly circuitBreakerOpen: boolean };
}

/**
 * What an {@link OfflineClient} needs of a connection: its client, whether the link is up, and its status changes
 * (breaker open or closed). A {@link ConnectionManager} is one.
 */
export interface OfflineConnection extends LinkStatus {
  readonly client: ApiClient;
  /** The connection's inspection observer (a ConnectionManager's `inspect`): the outbox actor reports to it too. */
  readonly inspect?: OutboxInspector | undefined;
  on(name: 'statusChanged', listener: (event: OfflineStatusEvent) => void): () => void;
}

/** How an entry left the queue as delivered. */
export type DeliveryKind =
  /** Sent, and the server answered 2xx. */
  | 'sent'
  /** Found applied by reading back after its outcome was unknown (not sent again). */
  | 'alreadyApplied'
  /** Sent again after an unknown outcome, with the same Idempotency-Key, to a server that honours it. */
  | 'replayed'
  /** Sent again after an unknown outcome where a repeat is harmless (heartbeat, lock release, a status PUT). */
  | 'resent';

/** `queued`: an entry was written to the outbox. */
export interface QueuedEvent {
  readonly entry: OutboxEntry;
  /** Why it was queued rather than sent: `enqueue` (asked to), or the failure of a direct try. */
  readonly reason: string;
}

/** `delivered`: an entry's write is applied on the server and the entry is gone. */
export interface DeliveredEvent {
  readonly entry: OutboxEntry;
  readonly kind: DeliveryKind;
  /** What the call resolved to (for `alreadyApplied`, what the read-back found), when known. */
  readonly result: unknown;
}

/** `deadLettered`: an entry moved to the dead letters. */
export interface DeadLetteredEvent {
  readonly deadLetter: DeadLetter;
}

/** The events of an {@link OfflineClient}. */
export interface OfflineClientEvents {
  queued: QueuedEvent;
  delivered: DeliveredEvent;
  deadLettered: DeadLetteredEvent;
}

/**
 * The outcome of {@link OfflineWriter.write}: done now, queued for later, or refused by the server for good (a
 * 4xx it will never accept: the entry is in the dead letters, with the server's answer).
 */
export type WriteOutcome<N extends OutboxOperationName = OutboxOperationName> =
  | { readonly status: 'delivered'; readonly result: OperationResult<N> }
  | { readonly status: 'queued'; readonly entry: OutboxEntry }
  | { readonly status: 'deadLettered'; readonly deadLetter: DeadLetter };

/** An XState inspection observer, e.g. the visualizer's relay. */
export type OutboxInspector = NonNullable<ActorOptions<AnyActorLogic>['inspect']>;

/** The public shape of the {@link OfflineClient}: what a host (and the TaskExecutionService) calls. */
export interface OfflineWriter {
  /** Queues `operation` durably (it is delivered when the link allows). */
  enqueue(operation: OutboxOperation): Promise<OutboxEntry>;
  /**
   * "Queue when offline": sends at once when the link is up and nothing of the same entity is queued; queues on
   * a transient failure, an open breaker or a link down. The entry is durable before the call is made, so even a
   * direct write is delivered exactly once (a crash mid-call leaves it in flight, reconciled at the next start).
   */
  write<N extends OutboxOperationName>(
    operation: Extract<OutboxOperation, { operation: N }>,
  ): Promise<WriteOutcome<N>>;
  /** Resolves once nothing is pending (now, or when the last entry has been delivered or dead-lettered). */
  drained(): Promise<void>;
  list(): OutboxEntry[];
  deadLetters(): DeadLetter[];
  retry(deadLetterId: number): OutboxEntry | null;
  drop(id: number, options?: { readonly deadLetter?: boolean }): boolean;
  /** The outbox's figures (see {@link Outbox.stats}). */
  stats(): OutboxStats;
  on<K extends keyof OfflineClientEvents>(name: K, listener: (event: OfflineClientEvents[K]) => void): () => void;
  /** Stops delivery (waiting for the calls in flight) and closes the outbox. Idempotent. */
  close(): Promise<void>;
}
