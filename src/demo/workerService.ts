import type { ConnectionManager } from '../manager/ConnectionManager.js';
import { TaskExecutionService } from '../tasks/TaskExecutionService.js';
import type { TaskServiceEvents } from '../tasks/events.js';
import { demoHandlers } from './handlers.js';
import type { DemoNodeSettings } from './nodeSettings.js';

/** A result a demo node handed to the server (its service's `taskCompleted` / `taskFailed`). */
export interface DeliveredResult {
  readonly nodeId: string;
  readonly taskId: number;
  readonly status: 'Completed' | 'Failed';
  readonly resultMessage: string;
}

/** What a demo node's TaskExecutionService reports, in every scenario. */
export interface WorkerEvents {
  delivered: DeliveredResult & { at: number };
  /** A result the node had to drop at shutdown: it never reached a server. */
  abandoned: { nodeId: string; taskId: number; status: string; resultMessage: string; at: number };
  handedBack: { nodeId: string; taskId: number; at: number };
}

/** How a node passes its service's reports on (its own emitter's `emit`). */
export interface WorkerEventSink {
  emit<K extends keyof WorkerEvents>(name: K, event: WorkerEvents[K]): void;
}

/**
 * A demo node's worker: a TaskExecutionService with the demo's handlers that calls through `manager`'s client and
 * follows its link, its deliveries, hand-backs and dropped results passed to `sink` with the node's id.
 */
export function demoWorkerService(
  manager: ConnectionManager, nodeId: string, settings: DemoNodeSettings['service'], sink: WorkerEventSink,
): TaskExecutionService {
  const service = new TaskExecutionService(manager.client, { id: nodeId, name: nodeId }, { ...settings, link: manager, handlers: demoHandlers() });
  const delivered = (status: 'Completed' | 'Failed') => (event: TaskServiceEvents['taskCompleted']) =>
    sink.emit('delivered', { nodeId, taskId: event.taskId, status, resultMessage: event.resultMessage, at: event.at });
  service.on('taskCompleted', delivered('Completed'));
  service.on('taskFailed', delivered('Failed'));
  service.on('taskHandedBack', ({ taskId, at }) => sink.emit('handedBack', { nodeId, taskId, at }));
  service.on('deliveryAbandoned', ({ taskId, status, resultMessage, at }) => sink.emit('abandoned', { nodeId, taskId, status, resultMessage, at }));
  return service;
}

/**
 * Stops `service` taking work and lets its current task finish and deliver, for at most `graceMs`; then disposes
 * it (a result still held is reported `abandoned`).
 */
export async function stopWorkerService(service: TaskExecutionService, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([service.stop(), grace]);
  clearTimeout(timer);
  await service.dispose();
}
