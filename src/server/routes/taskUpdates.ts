import type { FastifyInstance } from 'fastify';
import { TASK_STATUS_NAMES, TaskStatus, decodeEnum } from '../domain/enums.js';
import { canMoveTask, describeRefusedMove, isFinalTaskStatus } from '../domain/taskTransitions.js';
import { decodeRowVersion } from '../db/rowVersion.js';
import { writeRoute } from '../http/handlers.js';
import { HttpError } from '../http/HttpError.js';
import { enumValue, intIdParams, intIdPattern, nullableString } from '../http/schemas.js';
import type { TaskChanges } from '../repositories/taskRepository.js';
import type { TaskRecord } from '../repositories/records.js';
import type { RouteContext } from './context.js';
import { findTask } from './tasks.js';

interface StatusBody {
  status: number | string;
  resultMessage?: string | null;
  rowVersion?: string | null;
}

const statusSchema = {
  params: intIdParams('id'),
  body: {
    type: 'object',
    required: ['status'],
    properties: { status: enumValue, resultMessage: nullableString, rowVersion: nullableString },
  },
};

const assignSchema = {
  params: {
    type: 'object',
    required: ['id', 'nodeId'],
    properties: { id: intIdPattern, nodeId: { type: 'string', minLength: 1, maxLength: 256 } },
  },
};

/** `PUT api/tasks/{id}/status` (checked moves, optimistic concurrency) and `PUT api/tasks/{id}/assign/{nodeId}`. */
export function registerTaskUpdateRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present, clock } = context;
  const conflict = (message: string, task: TaskRecord): HttpError =>
    new HttpError(409, message, { currentTask: present.task(task) });

  app.put<{ Params: { id: string }; Body: StatusBody }>('/api/tasks/:id/status', { schema: statusSchema },
    writeRoute(context, (request) => {
      const task = findTask(context, request.params.id);
      const status = decodeEnum(TASK_STATUS_NAMES, request.body.status, 'status');
      const { rowVersion, resultMessage } = request.body;
      if (rowVersion !== undefined && rowVersion !== null && decodeRowVersion(rowVersion) !== task.rowVersion) {
        throw conflict(`Task ${task.id} was changed since you read it; read currentTask and try again`, task);
      }
      if (!canMoveTask(task.status, status)) throw conflict(`Task ${task.id}: ${describeRefusedMove(task.status, status)}`, task);
      const changes: TaskChanges = { status, ...timesFor(task, status, clock()) };
      if (resultMessage !== undefined) changes.resultMessage = resultMessage;
      return { status: 200, body: present.task(store.tasks.update(task.id, changes)) };
    }));

  app.put<{ Params: { id: string; nodeId: string } }>('/api/tasks/:id/assign/:nodeId', { schema: assignSchema },
    writeRoute(context, (request) => {
      const task = findTask(context, request.params.id);
      const { nodeId } = request.params;
      if (store.nodes.find(nodeId) === undefined) throw new HttpError(404, `Node ${nodeId} is not registered`);
      if (isFinalTaskStatus(task.status)) {
        throw conflict(`Task ${task.id} is ${TASK_STATUS_NAMES[task.status] ?? task.status} and cannot be assigned`, task);
      }
      const ids = JSON.parse(task.assignedNodeIds) as string[];
      const assignedNodeIds = JSON.stringify(ids.includes(nodeId) ? ids : [...ids, nodeId]);
      return { status: 200, body: present.task(store.tasks.update(task.id, { assignedNodeId: nodeId, assignedNodeIds })) };
    }));
}

// Entering Running starts the clock; entering an end state stops it; going back to Pending clears both.
function timesFor(task: TaskRecord, status: number, now: number): TaskChanges {
  if (status === task.status) return {};
  if (status === TaskStatus.Running) return { startedAt: now, completedAt: null };
  if (status === TaskStatus.Pending) return { startedAt: null, completedAt: null };
  return { completedAt: now };
}
