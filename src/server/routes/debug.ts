import type { FastifyInstance } from 'fastify';
import { readRoute, writeRoute } from '../http/handlers.js';
import { nullableString, requiredText } from '../http/schemas.js';
import type { RouteContext } from './context.js';

interface DebugBody {
  source: string;
  message: string;
  nodeId?: string | null;
  timestamp?: string | null;
}

const debugSchema = {
  body: {
    type: 'object',
    required: ['source', 'message'],
    properties: { source: requiredText, message: { type: 'string', maxLength: 65536 }, nodeId: nullableString, timestamp: nullableString },
  },
};

const listSchema = {
  querystring: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' } } },
};

/**
 * `POST api/debug` (204; the message is logged and kept) and `GET api/debug?limit=n` (the latest n, default 100;
 * not in the real server, here so a demo or a test can read what nodes said).
 */
export function registerDebugRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present, logger } = context;

  app.post<{ Body: DebugBody }>('/api/debug', { schema: debugSchema }, writeRoute(context, (request) => {
    const { source, message, nodeId = null, timestamp = null } = request.body;
    store.debugMessages.add({ source, message, nodeId, timestamp });
    logger.info(`[debug] ${source}${nodeId === null ? '' : ` (${nodeId})`}: ${message}`, { source, nodeId, timestamp });
    return { status: 204 };
  }));

  app.get<{ Querystring: { limit?: string } }>('/api/debug', { schema: listSchema }, readRoute(context, (request) => {
    const limit = Math.min(Number(request.query.limit ?? '100'), 1000);
    return { status: 200, body: store.debugMessages.recent(limit).map((m) => present.debugMessage(m)) };
  }));
}
