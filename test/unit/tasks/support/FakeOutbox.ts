import type {
  DeadLetter, DeadLetterReason, OfflineClientEvents, OfflineWriter, OutboxEntry, OutboxOperation, OutboxOperationName, OutboxStats, WriteOutcome,
} from '../../../../src/outbox/types.js';
import type { OperationResult } from '../../../../src/api/operations/index.js';
import type { FakeTaskServer } from './FakeTaskServer.js';

type Listener = (event: never) => void;

/**
 * An in-memory OfflineWriter in front of a {@link FakeTaskServer}: entries are kept in order and delivered only when
 * the test says so (`deliverNext`, `deadLetterNext`), so each step of the service's settling can be watched. A new
 * FakeOutbox made `from` another one holds the same entries, as an outbox file reopened after a `kill -9` would.
 */
export class FakeOutbox implements OfflineWriter {
  entries: OutboxEntry[] = [];
  dead: DeadLetter[] = [];
  readonly dropped: number[] = [];
  private nextId = 1;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly server: FakeTaskServer, from?: FakeOutbox) {
    if (from !== undefined) {
      this.entries = from.entries.map((entry) => ({ ...entry }));
      this.nextId = from.nextId;
    }
  }

  enqueue(operation: OutboxOperation): Promise<OutboxEntry> {
    const entity = operation.entity ?? `${operation.operation}`;
    const entry: OutboxEntry = {
      id: this.nextId++, entity, entityOrder: this.entries.filter((e) => e.entity === entity).length + 1,
      operation: operation.operation, args: JSON.parse(JSON.stringify(operation.args)) as unknown[], idempotencyKey: `key-${this.nextId}`,
      enqueuedAt: 0, attempts: 0, state: 'queued', lastError: null, bytes: 0,
    };
    if (operation.operation === 'sendHeartbeat') this.entries = this.entries.filter((e) => e.operation !== 'sendHeartbeat');
    this.entries.push(entry);
    this.emit('queued', { entry, reason: 'enqueue' });
    return Promise.resolve(entry);
  }

  async write<N extends OutboxOperationName>(operation: Extract<OutboxOperation, { operation: N }>): Promise<WriteOutcome<N>> {
    const entity = operation.entity ?? operation.operation;
    if (this.server.down || this.entries.some((e) => e.entity === entity)) return { status: 'queued', entry: await this.enqueue(operation) };
    return { status: 'delivered', result: (await this.call(operation.operation, operation.args)) as OperationResult<N> };
  }

  /** Delivers the oldest entry (of `operation` when given): calls the server, then emits `delivered` with the answer. */
  async deliverNext(operation?: OutboxOperationName): Promise<OutboxEntry> {
    const entry = this.entries.find((e) => operation === undefined || e.operation === operation);
    if (entry === undefined) throw new Error(`no ${operation ?? ''} entry to deliver`);
    const result = await this.call(entry.operation, entry.args);
    this.entries = this.entries.filter((e) => e !== entry);
    this.emit('delivered', { entry, kind: 'sent', result });
    return entry;
  }

  /** Moves the oldest entry to the dead letters with `reason` and `status`, as the engine does with a refusal. */
  deadLetterNext(reason: DeadLetterReason, status: number | null): DeadLetter {
    const [entry] = this.entries;
    if (entry === undefined) throw new Error('no entry to dead-letter');
    this.entries = this.entries.slice(1);
    const deadLetter: DeadLetter = { id: this.dead.length + 1, entry, reason, status, answer: `answer ${status ?? ''}`, at: 0 };
    this.dead.push(deadLetter);
    this.emit('deadLettered', { deadLetter });
    return deadLetter;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }
  list(): OutboxEntry[] {
    return [...this.entries];
  }
  deadLetters(): DeadLetter[] {
    return [...this.dead];
  }
  stats(): OutboxStats {
    return { pending: this.entries.length, deadLetters: this.dead.length, oldestEntryAgeSeconds: 0, bytes: 0 };
  }
  retry(): OutboxEntry | null {
    return null;
  }
  drop(id: number, options?: { readonly deadLetter?: boolean }): boolean {
    if (options?.deadLetter !== true) return false;
    const before = this.dead.length;
    this.dead = this.dead.filter((d) => d.id !== id);
    if (this.dead.length < before) this.dropped.push(id);
    return this.dead.length < before;
  }
  on<K extends keyof OfflineClientEvents>(name: K, listener: (event: OfflineClientEvents[K]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(name, set);
    return () => set.delete(listener);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }

  private emit<K extends keyof OfflineClientEvents>(name: K, event: OfflineClientEvents[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) (listener as (e: OfflineClientEvents[K]) => void)(event);
  }

  private call(operation: OutboxOperationName, args: readonly unknown[]): Promise<unknown> {
    const server = this.server as unknown as Record<OutboxOperationName, (...a: unknown[]) => Promise<unknown>>;
    return server[operation](...args);
  }
}
