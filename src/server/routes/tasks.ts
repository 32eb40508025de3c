import type { FastifyInstance } from 'fastify';
import { TASK_STATUS_NAMES, TASK_TYPE_NAMES, TaskStatus, decodeEnum } from '../domain/enums.js';
import { readRoute, writeRoute } from '../http/handlers.js';
import { HttpError } from '../http/HttpError.js';
import { enumValue, intIdParams, nullableString, parseIntId, requiredText } from '../http/schemas.js';
import type { TaskRecord } from '../repositories/records.js';
import type { RouteContext } from './context.js';

interface CreateTaskBody {
  name: string;
  type?: number | string;
  status?: number | string;
  parameters?: string | null;
  assignedNodeId?: string | null;
  assignedNodeIds?: string | null;
}

const createTaskSchema = {
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name: requiredText, type: enumValue, status: enumValue, parameters: nullableString,
      assignedNodeId: nullableString, assignedNodeIds: nullableString,
    },
  },
};

/** `GET api/tasks`, `GET api/tasks/{id}`, `POST api/tasks`. */
export function registerTaskRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present } = context;

  app.get('/api/tasks', readRoute(context, () => ({ status: 200, body: store.tasks.list().map((t) => present.task(t)) })));

  app.get<{ Params: { id: string } }>('/api/tasks/:id', { schema: { params: intIdParams('id') } },
    readRoute(context, (request) => ({ status: 200, body: present.task(findTask(context, request.params.id)) })));

  app.post<{ Body: CreateTaskBody }>('/api/tasks', { schema: createTaskSchema }, writeRoute(context, (request) => {
    const body = request.body;
    const status = body.status === undefined ? TaskStatus.Pending : decodeEnum(TASK_STATUS_NAMES, body.status, 'status');
    if (status !== TaskStatus.Pending) throw new HttpError(400, 'status of a new task must be Pending (0); the server moves it on');
    const task = store.tasks.create({
      name: body.name,
      type: body.type === undefined ? 0 : decodeEnum(TASK_TYPE_NAMES, body.type, 'type'),
      parameters: body.parameters ?? null,
      assignedNodeId: body.assignedNodeId ?? null,
      assignedNodeIds: normaliseNodeIds(body.assignedNodeIds, body.assignedNodeId ?? null),
    });
    return { status: 201, body: present.task(task), headers: { location: `/api/tasks/${task.id}` } };
  }));
}

/**
 * The task named by an id param.
 * @throws {@link HttpError} 404 when there is none.
 */
export function findTask(context: RouteContext, idText: string, name = 'id'): TaskRecord {
  const id = parseIntId(idText, name);
  const task = context.store.tasks.find(id);
  if (task === undefined) throw new HttpError(404, `Task ${id} not found`);
  return task;
}

function normaliseNodeIds(text: string | null | undefined, assignedNodeId: string | null): string {
  let ids: unknown = [];
  if (text !== null && text !== undefined && text.trim() !== '') {
    try {
      ids = JSON.parse(text);
    } catch {
      ids = undefined;
    }
  }
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    throw new HttpError(400, `assignedNodeIds must be a JSON array of node id strings, e.g. "[\\"node-1\\"]"; got ${JSON.stringify(text)}`);
  }
  const all = assignedNodeId !== null && !ids.includes(assignedNodeId) ? [...ids, assignedNodeId] : ids;
  return JSON.stringify(all);
}
