import { TaskType } from '../api/models/index.js';
import type { TaskTypeName } from '../api/models/index.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { DEFAULT_DELIVERY_BACKOFF } from './backoff.js';
import type { DeliveryBackoff } from './backoff.js';
import { builtInHandlers } from './handlers/index.js';
import type { LinkStatus } from '../api/LinkStatus.js';
import { systemTimers } from './TaskTimers.js';
import type { TaskTimers } from './TaskTimers.js';
import { silentTaskLogger } from './types.js';
import type { OfflineWriter } from '../outbox/types.js';
import type { NodeIdentity, TaskHandler, TaskLogger } from './types.js';

/** Options of a {@link TaskExecutionService}; every one has a default. */
export interface TaskExecutionServiceOptions {
  /** Wait between looks for work while idle, ms. Default 5000. */
  pollIntervalMs?: number;
  /** Wait between heartbeats, ms. Default 30000. */
  heartbeatIntervalMs?: number;
  /**
   * Handlers by task type (number or name); they replace the built-in ones of the same type (HelloWorld,
   * TestMessage). A task of a type without a handler ends Failed, saying so.
   */
  handlers?: Partial<Record<TaskType | TaskTypeName, TaskHandler>>;
  /** The link's state as something else sees it (the ConnectionManager); default: inferred from call outcomes. */
  link?: LinkStatus;
  /** Waits between delivery attempts and between link probes. Default 250 ms doubling up to 10 s. */
  deliveryBackoff?: Partial<DeliveryBackoff>;
  logger?: TaskLogger;
  /** Clock for event timestamps, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Timer functions. Default the global ones (so vitest fake timers apply). */
  timers?: TaskTimers;
  /**
   * An outbox (an OfflineClient, delivering on the same connection as the service's client): the held result,
   * progress of a known folder, lock releases and heartbeats the server cannot hear go there, durable across a
   * `kill -9`; a restart on the same file delivers them once. Default none: a held result lives in memory.
   */
  outbox?: OfflineWriter;
}

/** The options with every default filled in and the handlers keyed by number. */
export interface ResolvedServiceOptions {
  node: Readonly<Required<NodeIdentity>>;
  pollIntervalMs: number;
  heartbeatIntervalMs: number;
  handlers: ReadonlyMap<TaskType, TaskHandler>;
  link: LinkStatus | undefined;
  deliveryBackoff: DeliveryBackoff;
  logger: TaskLogger;
  now: () => number;
  timers: TaskTimers;
  outbox: OfflineWriter | undefined;
}

const WHERE = 'TaskExecutionService';
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Checks the node and options and fills in the defaults.
 * @throws {@link InvalidArgumentError} naming the first bad field.
 */
export function resolveServiceOptions(node: NodeIdentity, options: TaskExecutionServiceOptions = {}): ResolvedServiceOptions {
  if (typeof node !== 'object' || node === null) throw new InvalidArgumentError(WHERE, 'node', 'expected {id, name}');
  if (typeof node.id !== 'string' || node.id.trim() === '') throw bad('node.id', 'a non-empty string', node.id);
  if (typeof node.name !== 'string') throw bad('node.name', 'a string', node.name);
  const backoff = { ...DEFAULT_DELIVERY_BACKOFF, ...withoutUndefined(options.deliveryBackoff ?? {}) };
  const resolved: ResolvedServiceOptions = {
    node: {
      id: node.id,
      name: node.name,
      ipAddress: node.ipAddress ?? '',
      hardwareFingerprint: node.hardwareFingerprint ?? null,
    },
    pollIntervalMs: delay('pollIntervalMs', options.pollIntervalMs ?? 5_000, 1),
    heartbeatIntervalMs: delay('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 30_000, 1),
    handlers: resolveHandlers(options.handlers ?? {}),
    link: options.link,
    deliveryBackoff: {
      initialDelayMs: delay('deliveryBackoff.initialDelayMs', backoff.initialDelayMs, 0),
      maxDelayMs: delay('deliveryBackoff.maxDelayMs', backoff.maxDelayMs, 0),
    },
    logger: options.logger ?? silentTaskLogger,
    now: options.now ?? Date.now,
    timers: options.timers ?? systemTimers,
    outbox: checkOutbox(options.outbox),
  };
  if (resolved.deliveryBackoff.maxDelayMs < resolved.deliveryBackoff.initialDelayMs) {
    throw bad('deliveryBackoff.maxDelayMs', `at least initialDelayMs (${resolved.deliveryBackoff.initialDelayMs})`,
      resolved.deliveryBackoff.maxDelayMs);
  }
  return resolved;
}

function resolveHandlers(given: Partial<Record<string, TaskHandler>>): Map<TaskType, TaskHandler> {
  const handlers = builtInHandlers();
  const byName = new Map<string, TaskType>(Object.entries(TaskType).map(([name, value]) => [name.toLowerCase(), value]));
  const byNumber = new Set<number>(Object.values(TaskType));
  for (const [key, handler] of Object.entries(given)) {
    if (handler === undefined) continue;
    const type = /^\d+$/.test(key) && byNumber.has(Number(key)) ? (Number(key) as TaskType) : byName.get(key.toLowerCase());
    if (type === undefined) {
      throw bad(`handlers.${key}`, `a TaskType (${Object.entries(TaskType).map(([n, v]) => `${n}=${v}`).join(', ')})`, key);
    }
    if (typeof handler !== 'function') throw bad(`handlers.${key}`, 'a function (task, context) => Promise<TaskOutcome>', handler);
    handlers.set(type, handler);
  }
  return handlers;
}

function checkOutbox(outbox: OfflineWriter | undefined): OfflineWriter | undefined {
  if (outbox === undefined) return undefined;
  const methods = ['enqueue', 'write', 'list', 'drop', 'on'] as const;
  if (typeof outbox !== 'object' || outbox === null || methods.some((name) => typeof outbox[name] !== 'function')) {
    throw bad('outbox', `an OfflineClient (with ${methods.join(', ')})`, typeof outbox);
  }
  return outbox;
}

function delay(name: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_DELAY_MS) {
    throw bad(name, `a number of milliseconds from ${min} to ${MAX_DELAY_MS}`, value);
  }
  return value;
}

function bad(name: string, expected: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError(WHERE, name, `expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
