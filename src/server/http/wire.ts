import type { FastifyReply } from 'fastify';
import type { StoredResponse } from '../repositories/idempotencyRepository.js';

/** A response ready to go out, in the form the idempotency store keeps it. */
export type WireResponse = StoredResponse;

/** What a route decided: a status, an optional JSON body, optional headers (e.g. `location`). */
export interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The content type of every JSON answer, as ASP.NET writes it. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Serialises a route's outcome; a body-less outcome has no payload and no content type. */
export function outcomeToWire(outcome: Outcome): WireResponse {
  const hasBody = outcome.body !== undefined && outcome.status !== 204;
  return {
    status: outcome.status,
    contentType: hasBody ? JSON_CONTENT_TYPE : null,
    payload: hasBody ? JSON.stringify(outcome.body) : null,
    headers: outcome.headers ?? {},
  };
}

/** Writes a wire response to fastify's reply. */
export function sendWire(reply: FastifyReply, wire: WireResponse, extraHeaders: Record<string, string> = {}): FastifyReply {
  reply.code(wire.status).headers({ ...wire.headers, ...extraHeaders });
  if (wire.contentType !== null) reply.type(wire.contentType);
  return reply.send(wire.payload ?? undefined);
}
