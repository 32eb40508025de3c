import type { FastifyInstance } from 'fastify';
import { readRoute } from '../http/handlers.js';
import type { RouteContext } from './context.js';

/** `GET api/health`: `{status: "healthy", timestamp, version}`. */
export function registerHealthRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/health', readRoute(context, () => ({
    status: 200,
    body: { status: 'healthy', timestamp: new Date(context.clock()).toISOString(), version: context.version },
  })));
}
