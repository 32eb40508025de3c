import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { Store } from '../repositories/store.js';
import type { ErrorStyle } from './errorFormat.js';
import { errorToWire } from './errorFormat.js';
import { HttpError } from './HttpError.js';
import { stableJson } from './stableJson.js';
import type { Outcome, WireResponse } from './wire.js';
import { outcomeToWire, sendWire } from './wire.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from './idempotencyHeaders.js';

/** What every handler needs: the store and how errors are written. */
export interface HandlerContext {
  readonly store: Store;
  readonly errorStyle: ErrorStyle;
  /** False for a server that acts as the .NET one: `Idempotency-Key` is not read, so a repeat applies again. */
  readonly honoursIdempotencyKey: boolean;
}

export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER };

type Handler<G extends RouteGenericInterface> = (request: FastifyRequest<G>, reply: FastifyReply) => FastifyReply;

/** A read-only route: `work` returns the outcome or throws an {@link HttpError}. */
export function readRoute<G extends RouteGenericInterface>(
  context: HandlerContext,
  work: (request: FastifyRequest<G>) => Outcome,
): Handler<G> {
  return (request, reply) => sendWire(reply, outcomeToWire(context.store.transaction(() => work(request))));
}

/**
 * A route that writes. `work` runs in one transaction with the idempotency record: when the request carries an
 * `Idempotency-Key`, the first answer (success or a 4xx the route decided) is stored in the same transaction
 * as the write, so a crash can never keep the write and lose the key. A repeat with the same method, path and
 * body gets the stored answer and changes nothing; the same key with anything else is 422. A context that does
 * not honour the key never reads it.
 */
export function writeRoute<G extends RouteGenericInterface>(
  context: HandlerContext,
  work: (request: FastifyRequest<G>) => Outcome,
): Handler<G> {
  return (request, reply) => {
    const key = context.honoursIdempotencyKey ? readIdempotencyKey(request) : undefined;
    const fingerprint = { method: request.method, path: request.url, bodyHash: hashBody(request.body) };
    const { wire, replayed } = context.store.writeTransaction(() => {
      if (key !== undefined) {
        const first = context.store.idempotency.find(key);
        if (first !== undefined) return { wire: replay(first, fingerprint, key), replayed: true };
      }
      const answer = attempt(context, () => work(request));
      if (key !== undefined && answer.status < 500) context.store.idempotency.save({ key, ...fingerprint, response: answer });
      return { wire: answer, replayed: false };
    });
    return sendWire(reply, wire, replayed ? { [IDEMPOTENT_REPLAYED_HEADER]: 'true' } : {});
  };
}

// The route's own writes sit in a savepoint, so an HttpError it throws after writing leaves nothing behind.
function attempt(context: HandlerContext, work: () => Outcome): WireResponse {
  try {
    return outcomeToWire(context.store.transaction(work));
  } catch (error) {
    if (error instanceof HttpError) return errorToWire(error, context.errorStyle);
    throw error;
  }
}

function replay(
  first: { method: string; path: string; bodyHash: string; response: WireResponse },
  request: { method: string; path: string; bodyHash: string },
  key: string,
): WireResponse {
  if (first.method !== request.method || first.path !== request.path || first.bodyHash !== request.bodyHash) {
    throw new HttpError(422, `Idempotency-Key ${JSON.stringify(key)} was already used for a different request `
      + `(${first.method} ${first.path} with another body); use a new key for a new request`);
  }
  return first.response;
}

function readIdempotencyKey(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(value) || value.trim() === '') {
    throw new HttpError(400, 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters');
  }
  return value;
}

function hashBody(body: unknown): string {
  return createHash('sha256').update(body === undefined ? '' : stableJson(body)).digest('hex');
}
