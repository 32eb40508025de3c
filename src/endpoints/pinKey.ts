import { randomUUID } from 'node:crypto';
import type { OperationArgs, OperationName } from '../api/operations/index.js';

/** Where each create call takes its `CreateOptions` (the ones that accept `idempotencyKey`). */
const OPTIONS_INDEX: Partial<Record<OperationName, number>> = { createTask: 1, createTaskFolder: 2 };

/**
 * The arguments of a call with one Idempotency-Key for every endpoint it may go to: a create call without a key of
 * the caller's gets a fresh UUID in its options (each endpoint's client would otherwise make its own, and a server
 * could not tell a repeat on another endpoint from a new call). `pinned` is true when the call carries a key;
 * operations that take no key come back as they are.
 */
export function pinKey<N extends OperationName>(operation: N, args: OperationArgs<N>): { args: OperationArgs<N>; pinned: boolean } {
  const index = OPTIONS_INDEX[operation];
  if (index === undefined) return { args, pinned: false };
  const given: unknown = args[index];
  if (given !== undefined && given !== null && typeof given !== 'object') return { args, pinned: false }; // the client refuses it by name
  const options = (given ?? {}) as { idempotencyKey?: unknown };
  if (options.idempotencyKey !== undefined) return { args, pinned: true };
  const copy = [...args];
  while (copy.length < index) copy.push(undefined);
  copy[index] = { ...options, idempotencyKey: randomUUID() };
  return { args: copy as unknown as OperationArgs<N>, pinned: true };
}
