import { operations, stampArgs } from '../api/operations/index.js';
import type { OperationArgs, OperationSpec } from '../api/operations/index.js';
import type { OutboxOperation, OutboxOperationName } from './types.js';

/** Where each outbox operation's options object (the one that may carry `idempotencyKey`) sits in its arguments. */
const keyOptionsIndex: Readonly<Record<OutboxOperationName, number>> = {
  createTask: 1,
  createTaskFolder: 2,
  updateTaskStatus: 2,
  updateTaskFolderStatus: 3,
  sendDebugMessage: 4,
  releaseFileLock: 2,
  sendHeartbeat: 1,
};

function describeArg(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value) ?? '';
}

/** The entity an operation is about when the caller names none (see {@link OutboxOperation}). */
export function defaultEntity(operation: OutboxOperation): string {
  switch (operation.operation) {
    case 'createTask': return `task:new:${operation.args[0].name}`;
    case 'createTaskFolder': return `task:${operation.args[0]}`;
    case 'updateTaskStatus': return `task:${operation.args[0]}`;
    case 'updateTaskFolderStatus': return `folder:${operation.args[0]}`;
    case 'sendDebugMessage': {
      const [source, , nodeId] = operation.args;
      return typeof nodeId === 'string' && nodeId !== '' ? `node:${nodeId}` : `debug:${describeArg(source)}`;
    }
    case 'releaseFileLock': return `lock:${operation.args[0]}`;
    case 'sendHeartbeat': return `heartbeat:${operation.args[0]}`;
  }
}

/**
 * The arguments as the outbox stores them: stamped once (a debug message's timestamp is the time it was queued,
 * not the time it is delivered), without the caller's key (the entry's own replaces it), trailing `undefined`
 * dropped and inner ones made `null` (JSON has no undefined; every optional argument accepts null).
 */
export function storedArgs(operation: OutboxOperation, now: number): unknown[] {
  const stamped: readonly unknown[] = stampArgs(operation.operation, operation.args, now);
  const index = keyOptionsIndex[operation.operation];
  const args = stamped.map((value, position) => (position === index ? withoutKey(value) : value));
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return args.map((value) => (value === undefined ? null : value));
}

function withoutKey(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return options;
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  delete rest.idempotencyKey;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

/**
 * The call's arguments for delivery: the stored ones, `null` where an optional argument was left out made
 * `undefined` again (a default applies to undefined only), with the entry's key in the options object.
 */
export function callArgs<N extends OutboxOperationName>(operation: N, stored: readonly unknown[], idempotencyKey: string): OperationArgs<N> {
  const index = keyOptionsIndex[operation];
  const args: unknown[] = [];
  for (let position = 0; position < Math.max(stored.length, index + 1); position += 1) {
    const value = stored[position] ?? undefined;
    if (position === index) args.push({ ...(typeof value === 'object' && value !== null ? value : {}), idempotencyKey });
    else args.push(value);
  }
  return args as OperationArgs<N>;
}

/**
 * Checks the arguments as the call will (so a bad one fails `enqueue`, not a delivery hours later).
 * @throws {@link InvalidArgumentError} naming the operation and the argument.
 */
export function checkArgs<N extends OutboxOperationName>(operation: N, args: OperationArgs<N>): void {
  const spec: OperationSpec<N> = operations[operation];
  spec.request(...args);
}
