import { createActor, fromPromise } from 'xstate';
import type { Actor, ActorOptions, AnyActorLogic } from 'xstate';
import { outboxMachine } from '../../machines/outbox.machine.js';
import type { DrainInput, DrainResult, OutboxMachineEvent } from '../../machines/outbox/types.js';
import type { OperationResult } from '../api/operations/index.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { OutboxClosedError } from '../errors/OutboxClosedError.js';
import { isOutboxStorageError } from '../errors/OutboxStorageError.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import { DeliveryEngine } from './DeliveryEngine.js';
import type { DeliveryQueue } from './DeliveryQueue.js';
import { deliveryQueueOf } from './DeliveryQueue.js';
import { defaultEntity } from './entryArgs.js';
import type {
  DeadLetter, OfflineClientEvents, OfflineConnection, OfflineWriter, Outbox, OutboxEntry, OutboxInspector, OutboxOperation,
  OutboxOperationName, OutboxStats, WriteOutcome,
} from './types.js';

/** The outbox machine with its `drain` actor provided. */
export type OutboxLogic = typeof outboxMachine;

/** Where the OfflineClient logs a listener that threw; default: nowhere. */
export interface OfflineClientLog {
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Options of an {@link OfflineClient}. Only `connection` and `outbox` are required. */
export interface OfflineClientOptions {
  /** The connection writes go through: a ConnectionManager. Its link and breaker pause and resume delivery. */
  readonly connection: OfflineConnection;
  /** The outbox, from {@link openOutbox}. `close()` closes it. */
  readonly outbox: Outbox;
  /** Entities delivered at once (`Outbox:MaxConcurrentEntities`). Default 4. */
  readonly maxConcurrentEntities?: number;
  /** First wait after a drain stopped on a transient failure, doubling after each one. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Cap of that wait. Default 60000 ms. */
  readonly maxRetryDelayMs?: number;
  /** Wait after a storage failure before trying again. Default 30000 ms. */
  readonly storageRetryDelayMs?: number;
  /**
   * Whether the server honours Idempotency-Key now. Default: the connection's client says
   * (`idempotencyKeyHonoured`: `IdempotencyKeySupport`, and for `auto` the server's health answer).
   */
  readonly idempotencyKeyHonoured?: () => boolean;
  /**
   * Receives XState inspection events of the outbox actor (the visualizer's relay). Default: the connection's
   * `inspect` (a ConnectionManager's), so the outbox shows in the visualizer beside the manager's actors.
   */
  readonly inspect?: OutboxInspector;
  /** XState clock for the machine's waits (a SimulatedClock in tests). */
  readonly clock?: NonNullable<ActorOptions<AnyActorLogic>['clock']>;
  readonly log?: OfflineClientLog;
}

function positive(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)) || value > 2 ** 31 - 1) {
    throw new InvalidArgumentError('OfflineClient', name, `expected a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

function defaultKeyHonoured(connection: OfflineConnection): () => boolean {
  return () => {
    const client: object = connection.client;
    return 'idempotencyKeyHonoured' in client && client.idempotencyKeyHonoured === true;
  };
}

/**
 * Offline mode over a connection and an outbox: writes are queued durably and delivered when the link allows,
 * per entity in order, exactly once (see {@link DeliveryEngine}); paused while the link is down or the breaker
 * open, resumed on recovery. Driven by the outbox machine ({@link OfflineClient.actor}, inspectable live).
 *
 * @example
 * const outbox = await openOutbox('outbox.db', { limits: settings.outbox });
 * const offline = new OfflineClient({ connection: manager, outbox, maxConcurrentEntities: settings.outbox.maxConcurrentEntities });
 * offline.on('deadLettered', ({ deadLetter }) => console.warn(deadLetter.reason, deadLetter.answer));
 * await offline.write({ operation: 'updateTaskStatus', args: [42, 'Completed', { resultMessage: 'done' }] });
 * await offline.drained();
 * await offline.close();
 */
export class OfflineClient implements OfflineWriter {
  /** The outbox machine's actor: idle / draining / paused / blocked / closed. */
  readonly actor: Actor<OutboxLogic>;
  readonly outbox: Outbox;
  private readonly queue: DeliveryQueue;
  private readonly engine: DeliveryEngine;
  private readonly events: TypedEmitter<OfflineClientEvents>;
  private readonly connection: OfflineConnection;
  private readonly detach: (() => void)[] = [];
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private breakerOpen = false;
  private closing: Promise<void> | undefined;

  /**
   * Starts the outbox actor; entries already in the outbox (a restart) are delivered as soon as the link allows,
   * those found in flight reconciled first.
   * @throws {@link InvalidArgumentError} for an outbox not opened with `openOutbox`, or a bad number.
   */
  constructor(options: OfflineClientOptions) {
    const queue = deliveryQueueOf(options.outbox);
    if (queue === undefined) throw new InvalidArgumentError('OfflineClient', 'outbox', 'expected an outbox opened with openOutbox');
    this.queue = queue;
    this.outbox = options.outbox;
    this.connection = options.connection;
    const log = options.log;
    this.events = new TypedEmitter((name, error) => log?.error(`An OfflineClient ${String(name)} listener threw`, { error }));
    this.engine = new DeliveryEngine({
      queue,
      client: options.connection.client,
      keyHonoured: options.idempotencyKeyHonoured ?? defaultKeyHonoured(options.connection),
      maxConcurrentEntities: positive('maxConcurrentEntities', options.maxConcurrentEntities, 4, true),
      onDelivered: (entry, kind, result) => {
        this.events.emit('delivered', { entry, kind, result });
        this.settleDrained();
      },
      onDeadLettered: (deadLetter) => this.deadLettered(deadLetter),
      beforeDrain: () => {
        for (const deadLetter of this.outbox.expire()) this.deadLettered(deadLetter);
      },
    });
    const inspect = options.inspect ?? options.connection.inspect;
    const machine = outboxMachine.provide({
      actors: { drain: fromPromise<DrainResult, DrainInput>(({ signal }) => this.engine.drain(signal)) },
    });
    this.actor = createActor(machine, {
      input: {
        retryDelayMs: positive('retryDelayMs', options.retryDelayMs, 1_000),
        maxRetryDelayMs: positive('maxRetryDelayMs', options.maxRetryDelayMs, 60_000),
        storageRetryDelayMs: positive('storageRetryDelayMs', options.storageRetryDelayMs, 30_000),
        linkUp: options.connection.isUp(),
        breakerOpen: false,
      },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(inspect === undefined ? {} : { inspect }),
    });
    this.actor.on('outbox.drained', () => this.settleDrained());
    this.actor.start();
    this.detach.push(options.connection.onChange((up) => this.send({ type: up ? 'LINK.UP' : 'LINK.DOWN' })));
    this.detach.push(options.connection.on('statusChanged', ({ current }) => {
      if (current.circuitBreakerOpen === this.breakerOpen) return;
      this.breakerOpen = current.circuitBreakerOpen;
      this.send({ type: this.breakerOpen ? 'BREAKER.OPEN' : 'BREAKER.CLOSED' });
    }));
    if (queue.pendingCount() > 0) this.send({ type: 'ENQUEUED' });
  }

  /**
   * Queues `operation` durably; it is delivered when the link allows.
   * @throws {@link OutboxFullError}, {@link OutboxStorageError}, {@link InvalidArgumentError}, {@link OutboxClosedError}.
   */
  enqueue(operation: OutboxOperation): Promise<OutboxEntry> {
    return this.queueFor(operation, 'enqueue');
  }

  /**
   * "Queue when offline": the entry is written durably first; then, when the link is up, the breaker closed and
   * nothing of the same entity waits, it is sent at once, else (or on a transient failure) left queued.
   * @throws as {@link OfflineClient.enqueue}.
   */
  async write<N extends OutboxOperationName>(operation: Extract<OutboxOperation, { operation: N }>): Promise<WriteOutcome<N>> {
    this.checkOpen('write');
    const entity = operation.entity ?? defaultEntity(operation);
    const reason = this.queueReason(entity);
    if (reason !== null || !this.engine.claim(entity)) {
      const entry = await this.queueFor(operation, reason ?? 'an earlier write of the same entity is being delivered');
      return { status: 'queued', entry };
    }
    try {
      const entry = await this.store(operation);
      const outcome = await this.engine.deliverClaimed(entry);
      if (outcome.kind === 'delivered') return { status: 'delivered', result: outcome.result as OperationResult<N> };
      if (outcome.kind === 'deadLettered') return { status: 'deadLettered', deadLetter: outcome.deadLetter };
      this.events.emit('queued', { entry, reason: outcome.error });
      return { status: 'queued', entry };
    } catch (error) {
      if (isOutboxStorageError(error)) this.send({ type: 'STORAGE.FAILED', error: error.message });
      throw error;
    } finally {
      this.engine.unclaim(entity);
      if (!this.isClosed() && this.queue.hasEntity(entity)) this.send({ type: 'ENQUEUED' });
    }
  }

  /** Resolves once nothing is pending: now, or when the last entry has been delivered or dead-lettered. */
  drained(): Promise<void> {
    this.checkOpen('drained');
    if (this.queue.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  list(): OutboxEntry[] {
    return this.outbox.list();
  }

  deadLetters(): DeadLetter[] {
    return this.outbox.deadLetters();
  }

  /** Queues dead letter `id` again (same key) and tries at once. */
  retry(deadLetterId: number): OutboxEntry | null {
    this.checkOpen('retry');
    const entry = this.outbox.retry(deadLetterId);
    if (entry !== null) {
      this.events.emit('queued', { entry, reason: 'retry' });
      this.send({ type: 'ENQUEUED' });
      this.send({ type: 'RETRY' });
    }
    return entry;
  }

  drop(id: number, options?: { readonly deadLetter?: boolean }): boolean {
    this.checkOpen('drop');
    const dropped = this.outbox.drop(id, options);
    this.settleDrained();
    return dropped;
  }

  stats(): OutboxStats {
    return this.outbox.stats();
  }

  on<K extends keyof OfflineClientEvents>(name: K, listener: (event: OfflineClientEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** Stops delivery (the calls in flight settle and are recorded), stops the actor and closes the outbox. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.send({ type: 'CLOSE' });
      for (const detach of this.detach.splice(0)) detach();
      await this.engine.idle();
      this.actor.stop();
      this.outbox.close();
      const waiters = this.waiters.splice(0);
      for (const waiter of waiters) waiter.reject(new OutboxClosedError(this.outbox.file, 'drained'));
      this.events.clear();
    })();
    return this.closing;
  }

  private async queueFor(operation: OutboxOperation, reason: string): Promise<OutboxEntry> {
    this.checkOpen('enqueue');
    const entry = await this.store(operation);
    this.events.emit('queued', { entry, reason });
    this.send({ type: 'ENQUEUED' });
    return entry;
  }

  private async store(operation: OutboxOperation): Promise<OutboxEntry> {
    try {
      return await this.outbox.enqueue(operation);
    } catch (error) {
      if (isOutboxStorageError(error)) this.send({ type: 'STORAGE.FAILED', error: error.message });
      throw error;
    }
  }

  /** Why a write must wait in the outbox rather than go now, or null. */
  private queueReason(entity: string): string | null {
    if (!this.connection.isUp()) return 'link down';
    if (this.breakerOpen) return 'breaker open';
    if (this.queue.hasEntity(entity)) return 'earlier writes of the same entity are queued';
    return null;
  }

  private deadLettered(deadLetter: DeadLetter): void {
    this.events.emit('deadLettered', { deadLetter });
    this.settleDrained();
  }

  private settleDrained(): void {
    if (this.waiters.length === 0 || this.isClosed() || this.queue.pendingCount() > 0) return;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  private send(event: OutboxMachineEvent): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send(event);
  }

  private isClosed(): boolean {
    return this.closing !== undefined;
  }

  private checkOpen(action: string): void {
    if (this.isClosed()) throw new OutboxClosedError(this.outbox.file, action);
  }
}
