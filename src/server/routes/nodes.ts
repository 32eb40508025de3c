import type { FastifyInstance } from 'fastify';
import { readRoute, writeRoute } from '../http/handlers.js';
import { HttpError } from '../http/HttpError.js';
import { requiredText, stringIdParams } from '../http/schemas.js';
import type { NodeRecord } from '../repositories/records.js';
import type { RouteContext } from './context.js';

// The .NET model's strings are nullable: a client may send null for what it does not know.
interface NodeBody {
  id?: string;
  name?: string | null;
  ipAddress?: string | null;
  isAvailable?: boolean;
  hardwareFingerprint?: string | null;
}

const text = { type: ['string', 'null'], maxLength: 4096 } as const;
const nodeProperties = { id: requiredText, name: text, ipAddress: text, isAvailable: { type: 'boolean' }, hardwareFingerprint: text };

/**
 * `GET api/nodes` (available: marked available with a recent heartbeat), `GET api/nodes/all`,
 * `POST api/nodes/register`, `POST api/nodes/{nodeId}/heartbeat`, `PUT api/nodes/{id}`.
 */
export function registerNodeRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present } = context;
  const list = (nodes: NodeRecord[]) => ({ status: 200, body: nodes.map((n) => present.node(n)) });

  app.get('/api/nodes', readRoute(context, () => list(store.nodes.listAvailable(context.heartbeatTimeoutMs))));
  app.get('/api/nodes/all', readRoute(context, () => list(store.nodes.list())));

  app.post<{ Body: NodeBody & { id: string } }>('/api/nodes/register',
    { schema: { body: { type: 'object', required: ['id'], properties: nodeProperties } } },
    writeRoute(context, (request) => {
      const { id, name, ipAddress, hardwareFingerprint, isAvailable } = request.body;
      const known = store.nodes.find(id);
      // Registering is how a node says it is alive: it is available and its heartbeat is now.
      const node = store.nodes.save({
        id,
        name: name ?? known?.name ?? id,
        ipAddress: ipAddress ?? known?.ipAddress ?? '',
        hardwareFingerprint: hardwareFingerprint ?? known?.hardwareFingerprint ?? '',
        isAvailable: isAvailable ?? true,
      });
      return { status: 200, body: present.node(node) };
    }));

  app.post<{ Params: { nodeId: string } }>('/api/nodes/:nodeId/heartbeat', { schema: { params: stringIdParams('nodeId') } },
    writeRoute(context, (request) => {
      const node = store.nodes.heartbeat(request.params.nodeId);
      if (node === undefined) throw new HttpError(404, `Node ${request.params.nodeId} is not registered`);
      return { status: 200, body: present.node(node) };
    }));

  app.put<{ Params: { id: string }; Body: NodeBody }>('/api/nodes/:id',
    { schema: { params: stringIdParams('id'), body: { type: 'object', properties: nodeProperties } } },
    writeRoute(context, (request) => {
      const { id } = request.params;
      const body = request.body;
      if (body.id !== undefined && body.id !== id) {
        throw new HttpError(400, `The node id in the body (${body.id}) differs from the one in the path (${id})`);
      }
      const known = store.nodes.find(id);
      if (known === undefined) throw new HttpError(404, `Node ${id} is not registered`);
      const node = store.nodes.save({
        id,
        name: body.name ?? known.name,
        ipAddress: body.ipAddress ?? known.ipAddress,
        hardwareFingerprint: body.hardwareFingerprint ?? known.hardwareFingerprint,
        isAvailable: body.isAvailable ?? known.isAvailable,
        lastHeartbeat: known.lastHeartbeat,
      });
      return { status: 200, body: present.node(node) };
    }));
}
