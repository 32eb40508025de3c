import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_CAPABILITY } from '../../api/capabilities.js';
import { readRoute } from '../http/handlers.js';
import type { RouteContext } from './context.js';

/**
 * `GET api/health`: `{status: "healthy", timestamp, version, capabilities: ["idempotency-key"]}`. Without
 * idempotency the answer has no `capabilities`, as the .NET server's has none: clients then take the key as ignored.
 */
export function registerHealthRoutes(app: FastifyInstance, context: RouteContext): void {
  const capabilities = context.honoursIdempotencyKey ? { capabilities: [IDEMPOTENCY_KEY_CAPABILITY] } : {};
  app.get('/api/health', readRoute(context, () => ({
    status: 200,
    body: { status: 'healthy', timestamp: new Date(context.clock()).toISOString(), version: context.version, ...capabilities },
  })));
}
