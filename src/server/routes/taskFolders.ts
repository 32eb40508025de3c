import type { FastifyInstance } from 'fastify';
import { TASK_FOLDER_STATUS_NAMES, TaskFolderStatus, decodeEnum } from '../domain/enums.js';
import { readRoute, writeRoute } from '../http/handlers.js';
import { HttpError } from '../http/HttpError.js';
import { enumValue, intIdParams, nullableString, parseIntId, requiredText } from '../http/schemas.js';
import type { TaskFolderChanges } from '../repositories/taskFolderRepository.js';
import type { TaskFolderRecord } from '../repositories/records.js';
import type { RouteContext } from './context.js';
import { findTask } from './tasks.js';

interface CreateFolderBody {
  taskId?: number;
  folderPath: string;
  folderName?: string | null;
  status?: number | string;
  assignedNodeId?: string | null;
  assignedNodeName?: string | null;
  progress?: number;
  errorMessage?: string | null;
  outputPath?: string | null;
}

interface FolderStatusBody {
  status: number | string;
  nodeId?: string | null;
  nodeName?: string | null;
  progress: number;
  errorMessage?: string | null;
  outputPath?: string | null;
}

const progress = { type: 'number', minimum: 0, maximum: 100 } as const;

const createSchema = {
  params: intIdParams('taskId'),
  body: {
    type: 'object',
    required: ['folderPath'],
    properties: {
      taskId: { type: 'integer' }, folderPath: requiredText, folderName: nullableString, status: enumValue,
      assignedNodeId: nullableString, assignedNodeName: nullableString, progress, errorMessage: nullableString,
      outputPath: nullableString,
    },
  },
};

const statusSchema = {
  params: intIdParams('folderId'),
  body: {
    type: 'object',
    required: ['status', 'progress'],
    properties: {
      status: enumValue, nodeId: nullableString, nodeName: nullableString, progress, errorMessage: nullableString,
      outputPath: nullableString,
    },
  },
};

/**
 * `GET|POST|DELETE api/tasks/{taskId}/folders` and `PUT api/taskfolders/{folderId}/status`.
 */
export function registerTaskFolderRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, present, clock } = context;

  app.get<{ Params: { taskId: string } }>('/api/tasks/:taskId/folders', { schema: { params: intIdParams('taskId') } },
    readRoute(context, (request) => {
      const task = findTask(context, request.params.taskId, 'taskId');
      return { status: 200, body: store.taskFolders.listByTask(task.id).map((f) => present.taskFolder(f)) };
    }));

  app.post<{ Params: { taskId: string }; Body: CreateFolderBody }>('/api/tasks/:taskId/folders', { schema: createSchema },
    writeRoute(context, (request) => {
      const task = findTask(context, request.params.taskId, 'taskId');
      const body = request.body;
      if (body.taskId !== undefined && body.taskId !== 0 && body.taskId !== task.id) {
        throw new HttpError(400, `The taskId in the body (${body.taskId}) differs from the one in the path (${task.id})`);
      }
      const status = body.status === undefined ? TaskFolderStatus.Pending : decodeEnum(TASK_FOLDER_STATUS_NAMES, body.status, 'status');
      const folder = store.taskFolders.create({
        taskId: task.id,
        folderPath: body.folderPath,
        folderName: body.folderName ?? lastSegment(body.folderPath),
        status,
        assignedNodeId: body.assignedNodeId ?? null,
        assignedNodeName: body.assignedNodeName ?? null,
        startedAt: status === TaskFolderStatus.Pending ? null : clock(),
        completedAt: isFinished(status) ? clock() : null,
        errorMessage: body.errorMessage ?? null,
        progress: body.progress ?? 0,
        outputPath: body.outputPath ?? null,
      });
      return { status: 201, body: present.taskFolder(folder) };
    }));

  app.delete<{ Params: { taskId: string } }>('/api/tasks/:taskId/folders', { schema: { params: intIdParams('taskId') } },
    writeRoute(context, (request) => {
      const task = findTask(context, request.params.taskId, 'taskId');
      return { status: 200, body: { deletedCount: store.taskFolders.deleteByTask(task.id) } };
    }));

  app.put<{ Params: { folderId: string }; Body: FolderStatusBody }>('/api/taskfolders/:folderId/status', { schema: statusSchema },
    writeRoute(context, (request) => {
      const id = parseIntId(request.params.folderId, 'folderId');
      const folder = store.taskFolders.find(id);
      if (folder === undefined) throw new HttpError(404, `Task folder ${id} not found`);
      const body = request.body;
      const status = decodeEnum(TASK_FOLDER_STATUS_NAMES, body.status, 'status');
      const changes: TaskFolderChanges = { status, progress: body.progress, ...timesFor(folder, status, clock()) };
      if (body.nodeId !== undefined) changes.assignedNodeId = body.nodeId;
      if (body.nodeName !== undefined) changes.assignedNodeName = body.nodeName;
      if (body.errorMessage !== undefined) changes.errorMessage = body.errorMessage;
      if (body.outputPath !== undefined) changes.outputPath = body.outputPath;
      return { status: 200, body: present.taskFolder(store.taskFolders.update(id, changes)) };
    }));
}

const isFinished = (status: number): boolean => status === TaskFolderStatus.Completed || status === TaskFolderStatus.Failed;

function timesFor(folder: TaskFolderRecord, status: number, now: number): TaskFolderChanges {
  if (status === folder.status) return {};
  if (status === TaskFolderStatus.Pending) return { startedAt: null, completedAt: null };
  if (status === TaskFolderStatus.InProgress) return { startedAt: folder.startedAt ?? now, completedAt: null };
  return { startedAt: folder.startedAt ?? now, completedAt: now };
}

function lastSegment(path: string): string {
  const segments = path.split(/[\\/]/).filter((s) => s !== '');
  return segments.at(-1) ?? path;
}
