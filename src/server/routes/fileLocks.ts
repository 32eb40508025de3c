import type { FastifyInstance } from 'fastify';
import { readRoute, writeRoute } from '../http/handlers.js';
import { HttpError } from '../http/HttpError.js';
import { requiredText } from '../http/schemas.js';
import type { RouteContext } from './context.js';

interface LockBody {
  filePath: string;
  nodeId: string;
}

const lockSchema = {
  body: { type: 'object', required: ['filePath', 'nodeId'], properties: { filePath: requiredText, nodeId: requiredText } },
};

/**
 * `POST api/filelocks/acquire` (204; again by the owner refreshes it; 409 when another node holds it),
 * `POST api/filelocks/release` (204; 400 when the caller does not hold it), `GET api/filelocks`,
 * `POST api/filelocks/reset`. Paths compare exactly as sent.
 */
export function registerFileLockRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present } = context;

  app.get('/api/filelocks', readRoute(context, () => ({ status: 200, body: store.fileLocks.list().map((l) => present.fileLock(l)) })));

  app.post<{ Body: LockBody }>('/api/filelocks/acquire', { schema: lockSchema }, writeRoute(context, (request) => {
    const { filePath, nodeId } = request.body;
    const lock = store.fileLocks.find(filePath);
    if (lock === undefined) store.fileLocks.insert(filePath, nodeId);
    else if (lock.lockingNodeId === nodeId) store.fileLocks.touch(filePath);
    else {
      throw new HttpError(409, `File ${filePath} is locked by node ${lock.lockingNodeId}`, { lockingNodeId: lock.lockingNodeId });
    }
    return { status: 204 };
  }));

  app.post<{ Body: LockBody }>('/api/filelocks/release', { schema: lockSchema }, writeRoute(context, (request) => {
    const { filePath, nodeId } = request.body;
    const lock = store.fileLocks.find(filePath);
    if (lock === undefined) throw new HttpError(400, `File ${filePath} is not locked`);
    if (lock.lockingNodeId !== nodeId) {
      throw new HttpError(400, `File ${filePath} is locked by node ${lock.lockingNodeId}, not by ${nodeId}`);
    }
    store.fileLocks.delete(filePath);
    return { status: 204 };
  }));

  app.post('/api/filelocks/reset', writeRoute(context, () => ({ status: 200, body: { releasedCount: store.fileLocks.deleteAll() } })));
}
