import type { MultiEndpointClient } from '../../endpoints/MultiEndpointClient.js';
import { TaskExecutionService } from '../../tasks/TaskExecutionService.js';
import type { TaskServiceEvents } from '../../tasks/events.js';
import { TypedEmitter } from '../../util/TypedEmitter.js';
import type { DeliveredResult } from '../demoNode.js';
import { demoHandlers } from '../handlers.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';

/** What a node of the endpoints scenario reports as it happens. */
export interface EndpointNodeEvents {
  /** Its endpoint selection moved: calls now go to `to` (null: no server is available). */
  switched: { nodeId: string; from: string | null; to: string | null; at: number };
  delivered: DeliveredResult & { at: number };
  /** A result the node had to drop at shutdown: it never reached a server. */
  abandoned: { nodeId: string; taskId: number; at: number };
  handedBack: { nodeId: string; taskId: number; at: number };
}

/**
 * A worker node over several servers: a TaskExecutionService calling through `client` (a MultiEndpointClient,
 * whose failover and sticky task writes are what the scenario shows), its link inferred from call outcomes.
 * It runs in this process: the faults of the story are the servers', and a node's in-process client is where its
 * endpoint switches can be counted from the selection actor's own `endpoint.switched` events.
 */
export class EndpointNode {
  readonly service: TaskExecutionService;
  private readonly events = new TypedEmitter<EndpointNodeEvents>(() => undefined);
  private switches = 0;
  private disposal: Promise<void> | undefined;

  constructor(readonly id: string, readonly client: MultiEndpointClient) {
    client.selection.on('endpoint.switched', ({ from, to, at }) => {
      this.switches += 1;
      this.events.emit('switched', { nodeId: id, from, to, at });
    });
    this.service = new TaskExecutionService(client, { id, name: id }, { ...DEMO_NODE_SETTINGS.service, handlers: demoHandlers() });
    const delivered = (status: 'Completed' | 'Failed') => (event: TaskServiceEvents['taskCompleted']) =>
      this.events.emit('delivered', { nodeId: id, taskId: event.taskId, status, resultMessage: event.resultMessage, at: event.at });
    this.service.on('taskCompleted', delivered('Completed'));
    this.service.on('taskFailed', delivered('Failed'));
    this.service.on('taskHandedBack', ({ taskId, at }) => this.events.emit('handedBack', { nodeId: id, taskId, at }));
    this.service.on('deliveryAbandoned', ({ taskId, at }) => this.events.emit('abandoned', { nodeId: id, taskId, at }));
  }

  /** Subscribes to one of the node's events; returns the unsubscribe function. */
  on<K extends keyof EndpointNodeEvents>(name: K, listener: (event: EndpointNodeEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** How many times its selection moved. */
  get endpointSwitches(): number {
    return this.switches;
  }

  /** Registers the node and starts taking tasks. */
  start(): void {
    this.service.start();
  }

  /**
   * Stops taking work and lets the current task finish and deliver, for at most `graceMs`; then disposes the
   * service (a result still held is reported `abandoned`) and the client. Idempotent.
   */
  shutdown(graceMs: number): Promise<void> {
    this.disposal ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([this.service.stop(), grace]);
      clearTimeout(timer);
      await this.service.dispose();
      await this.client.dispose();
    })();
    return this.disposal;
  }
}
