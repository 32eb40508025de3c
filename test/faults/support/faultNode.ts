import type { LinkState } from '../../../machines/connection/types.js';
import type { ClientType } from '../../../machines/types.js';
import type { ApiClient } from '../../../src/api/ApiClient.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { TaskExecutionService } from '../../../src/tasks/TaskExecutionService.js';
import type { TaskHandler } from '../../../src/tasks/types.js';
import { NODE_API_SETTINGS, NODE_CONNECTION, NODE_SERVICE, NODE_STANDARD } from './settings.js';

/** One breaker transition of one of the node's Enhanced clients. */
export interface BreakerRecord {
  readonly type: 'opened' | 'halfOpen' | 'closed';
  readonly at: number;
  /** For `opened`: the break it starts, ms, and the failure that opened it. */
  readonly breakMs?: number;
  readonly failureStatus?: number;
  readonly failureRetryAfterMs?: number;
}

/** A final status the node says the server confirmed. */
export interface DeliveredRecord {
  readonly nodeId: string;
  readonly taskId: number;
  readonly status: 'Completed' | 'Failed';
  readonly resultMessage: string;
}

/** A FileProcessing task: its file lock and two progress reports, so the fault meets locks and folders too. */
export const fileProcessing: TaskHandler = async (task, context) => {
  const result = await context.withFileLock(`D:/out/${task.id}.bin`, async () => {
    await context.reportFolderProgress({ folderPath: `D:/in/${task.id}`, status: 'InProgress', progress: 50 });
    await context.reportFolderProgress({ folderPath: `D:/in/${task.id}`, status: 'Completed', progress: 100 });
    return `processed ${task.id} on ${context.node.id}`;
  });
  return result.acquired ? { status: 'Completed', resultMessage: result.value } : { status: 'Failed', resultMessage: 'file locked' };
};

/**
 * A worker node as the demo builds one: a ConnectionManager (Enhanced client first, auto-recovery on) and a
 * TaskExecutionService following its link and calling through its client facade. It records what a fault
 * suite asserts on: every link state, every breaker transition of every Enhanced client it created, and each
 * result it believes it delivered.
 */
export class FaultNode {
  readonly manager: ConnectionManager;
  readonly service: TaskExecutionService;
  /** Link states in order, starting with the initial one. */
  readonly links: LinkState[];
  readonly breaker: BreakerRecord[] = [];
  readonly delivered: DeliveredRecord[] = [];
  readonly abandoned: { readonly nodeId: string; readonly taskId: number }[] = [];
  readonly clientsCreated: Record<ClientType, number> = { enhanced: 0, standard: 0 };

  constructor(readonly id: string, baseUrl: string) {
    this.manager = new ConnectionManager({
      baseUrl, connection: NODE_CONNECTION, apiSettings: NODE_API_SETTINGS, createClient: (type, url) => this.createClient(type, url),
    });
    this.links = [this.manager.status.link];
    this.manager.on('statusChanged', ({ previous, current }) => {
      if (previous.link !== current.link) this.links.push(current.link);
    });
    this.service = new TaskExecutionService(this.manager.client, { id, name: id }, {
      ...NODE_SERVICE, link: this.manager, handlers: { FileProcessing: fileProcessing },
    });
    this.service.on('taskCompleted', ({ taskId, resultMessage }) => this.delivered.push({ nodeId: id, taskId, status: 'Completed', resultMessage }));
    this.service.on('taskFailed', ({ taskId, resultMessage }) => this.delivered.push({ nodeId: id, taskId, status: 'Failed', resultMessage }));
    this.service.on('deliveryAbandoned', ({ taskId }) => this.abandoned.push({ nodeId: id, taskId }));
  }

  /** True when the link left `healthy` at some point. */
  get leftHealthy(): boolean {
    return this.links.some((link) => link !== 'healthy');
  }

  get link(): LinkState {
    return this.manager.status.link;
  }

  /** Breaker openings of all the node's Enhanced clients. */
  get breakerOpenings(): number {
    return this.breaker.filter((b) => b.type === 'opened').length;
  }

  start(): void {
    this.service.start();
  }

  /**
   * Stops taking work and, when `graceful`, delivers the current task's result first (an undelivered one is
   * otherwise recorded as abandoned); then disposes the service and the manager.
   */
  async shutdown(graceful: boolean): Promise<void> {
    if (graceful) await this.service.stop();
    await this.service.dispose();
    await this.manager.dispose();
  }

  private createClient(type: ClientType, baseUrl: string): ApiClient {
    this.clientsCreated[type] += 1;
    if (type === 'standard') return new StandardApiClient(baseUrl, NODE_STANDARD);
    const client = new EnhancedApiClient(baseUrl, { connection: NODE_CONNECTION });
    client.breaker.on('breaker.opened', ({ at, breakMs, failure }) => this.breaker.push({
      type: 'opened', at, breakMs,
      ...(failure?.status === undefined ? {} : { failureStatus: failure.status }),
      ...(failure?.retryAfterMs === undefined ? {} : { failureRetryAfterMs: failure.retryAfterMs }),
    }));
    client.breaker.on('breaker.halfOpen', ({ at }) => this.breaker.push({ type: 'halfOpen', at }));
    client.breaker.on('breaker.closed', ({ at }) => this.breaker.push({ type: 'closed', at }));
    return client;
  }
}
