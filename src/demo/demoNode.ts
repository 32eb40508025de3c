import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { LinkState } from '../../machines/connection/types.js';
import type { ClientType } from '../../machines/types.js';
import type { Registry } from 'prom-client';
import type { ConnectionHealthStatus } from '../api/ApiClient.js';
import { ConnectionManager } from '../manager/ConnectionManager.js';
import type { ConnectionStatusChangedEvent } from '../manager/events.js';
import type { TaskExecutionService } from '../tasks/TaskExecutionService.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import { observedClientFactory } from './clientFactory.js';
import { sleep } from './playTimeline.js';
import type { ObservedClientFactory } from './clientFactory.js';
import type { InspectObserver } from './inspectHook.js';
import type { DemoNodeSettings } from './nodeSettings.js';
import { demoWorkerService, stopWorkerService } from './workerService.js';
import type { WorkerEvents } from './workerService.js';

/** A node as the dashboard shows it. */
export interface NodeView {
  readonly id: string;
  readonly clientType: ClientType;
  readonly link: LinkState;
  /** The Enhanced client's breaker; `none` on the Standard client, which has none. */
  readonly breaker: BreakerStateName | 'none';
  readonly lastHealth: ConnectionHealthStatus | null;
  /** Tasks whose final status this node delivered. */
  readonly tasksDone: number;
  readonly retries: number;
  readonly breakerOpenings: number;
  /** Client type changes the connection made by itself (not the demo's switch back). */
  readonly failovers: number;
  /** False for the node that rides faults out on its breaker instead of replacing its client. */
  readonly autoRecovery: boolean;
}

/** A final status a node delivered, as the node tells it (the audit checks it against the server). */
/** What a demo node reports as it happens. */
export interface DemoNodeEvents extends WorkerEvents {
  statusChanged: { nodeId: string } & ConnectionStatusChangedEvent;
  /** The connection changed client type by itself (a recovery adopted the other client). */
  failover: { nodeId: string; from: ClientType; to: ClientType; at: number };
  /** The demo switched the node back to the Enhanced client by hand (`switchToEnhancedClient`). */
  switchedBack: { nodeId: string; ok: boolean; at: number };
  breakerOpened: { nodeId: string; breakMs: number; at: number };
  message: { nodeId: string; text: string; at: number };
}

/** Options of a {@link DemoNode}. */
export interface DemoNodeOptions {
  readonly id: string;
  /** Where the node connects (the fault proxy). */
  readonly baseUrl: string;
  readonly settings: DemoNodeSettings;
  /** Inspection observer for the manager and every client (the visualizer's hook). */
  readonly inspect?: InspectObserver;
  /** Where the node's metrics go, labelled `node` = its id (the demo's `/metrics`). */
  readonly registry?: Registry;
}

/**
 * A worker node of the demo: a ConnectionManager (Enhanced client first, auto-recovery as its settings say) and a
 * TaskExecutionService that follows the manager's link and calls through its client facade.
 */
export class DemoNode {
  readonly id: string;
  readonly manager: ConnectionManager;
  readonly service: TaskExecutionService;
  private readonly clients: ObservedClientFactory;
  private readonly autoRecovery: boolean;
  private readonly events = new TypedEmitter<DemoNodeEvents>(() => undefined);
  private failovers = 0;
  private switchingBack = false;
  private disposal: Promise<void> | undefined;

  /** @throws {@link ConfigError} or {@link InvalidArgumentError} for bad settings. */
  constructor(options: DemoNodeOptions) {
    const { id, settings } = options;
    this.id = id;
    this.autoRecovery = settings.apiSettings.enableAutoRecovery !== false;
    this.clients = observedClientFactory({
      settings,
      inspect: options.inspect,
      onBreakerOpened: (breakMs) => this.events.emit('breakerOpened', { nodeId: id, breakMs, at: Date.now() }),
    });
    this.manager = new ConnectionManager({
      baseUrl: options.baseUrl,
      connection: settings.connection,
      apiSettings: settings.apiSettings,
      createClient: this.clients.create,
      ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
      ...(options.registry === undefined ? {} : { metrics: { registry: options.registry }, nodeId: id }),
    });
    this.manager.on('statusChanged', (event) => {
      this.events.emit('statusChanged', { nodeId: id, ...event });
      if (event.previous.client !== event.current.client && !this.switchingBack) {
        this.failovers += 1;
        this.events.emit('failover', { nodeId: id, from: event.previous.client, to: event.current.client, at: event.timestamp });
      }
    });
    this.manager.on('message', ({ text, at }) => this.events.emit('message', { nodeId: id, text, at }));
    this.service = demoWorkerService(this.manager, id, settings.service, this.events);
  }

  /** Subscribes to one of the node's events; returns the unsubscribe function. */
  on<K extends keyof DemoNodeEvents>(name: K, listener: (event: DemoNodeEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** Registers the node and starts taking tasks. */
  start(): void {
    this.service.start();
  }

  /**
   * Once the faults are over, a node left on the Standard client asks for the Enhanced one again, as an operator
   * would: `switchToEnhancedClient()` tests a new Enhanced client before it takes over. Tries `attempts` times,
   * `waitMs` apart, while `signal` is not aborted. Resolves whether the node is on the Enhanced client afterwards.
   */
  async returnToEnhanced(attempts: number, waitMs: number, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; attempt <= attempts && !signal.aborted && this.disposal === undefined; attempt += 1) {
      if (this.manager.currentClientType === 'enhanced') return true;
      this.switchingBack = true;
      const ok = await this.manager.switchToEnhancedClient().catch(() => false).finally(() => {
        this.switchingBack = false;
      });
      this.events.emit('switchedBack', { nodeId: this.id, ok, at: Date.now() });
      if (ok) return true;
      if (attempt < attempts && !(await sleep(waitMs, signal))) break;
    }
    return this.manager.currentClientType === 'enhanced';
  }

  /** True while the link is healthy (not merely up). */
  get healthy(): boolean {
    return this.manager.status.link === 'healthy';
  }

  /** The node now. */
  view(): NodeView {
    const clientType = this.manager.currentClientType;
    const { completed, failed } = this.service.counters;
    return {
      id: this.id,
      clientType,
      link: this.manager.status.link,
      breaker: clientType === 'enhanced' ? (this.clients.newestBreakerState() ?? 'closed') : 'none',
      lastHealth: this.manager.lastHealthStatus,
      tasksDone: completed + failed,
      retries: this.clients.tally.retries,
      breakerOpenings: this.clients.tally.breakerOpenings,
      failovers: this.failovers,
      autoRecovery: this.autoRecovery,
    };
  }

  /**
   * Stops taking work and lets the current task finish and deliver, for at most `graceMs`; then disposes the
   * service (a result still held is reported `abandoned`) and the manager. Idempotent.
   */
  shutdown(graceMs: number): Promise<void> {
    this.disposal ??= (async () => {
      await stopWorkerService(this.service, graceMs);
      await this.manager.dispose();
    })();
    return this.disposal;
  }
}
