import type { Registry } from 'prom-client';
import type { ConnectionManager } from '../../manager/ConnectionManager.js';
import type { TaskExecutionService } from '../../tasks/TaskExecutionService.js';
import { TypedEmitter } from '../../util/TypedEmitter.js';
import { combineObservers } from '../inspectHook.js';
import type { InspectObserver } from '../inspectHook.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';
import { callSeriesOf } from './callTally.js';
import type { CallSeries } from './callTally.js';
import { endpointNodeManager } from './nodeManager.js';
import { SelectionCauses } from './switchCause.js';
import type { SwitchCause } from './switchCause.js';
import { demoWorkerService, stopWorkerService } from '../workerService.js';
import type { WorkerEvents } from '../workerService.js';

/** What a node of the endpoints scenario reports as it happens. */
export interface EndpointNodeEvents extends WorkerEvents {
  /** Its connection's calls moved: they now go to `to` (null: no server is available), for `cause`. */
  switched: { nodeId: string; from: string | null; to: string | null; cause: SwitchCause; at: number };
}

/** Options of an {@link EndpointNode}. */
export interface EndpointNodeOptions {
  readonly id: string;
  /** The servers, in order of preference. */
  readonly urls: readonly string[];
  /** The run's registry: the node's calls are counted there, per endpoint. */
  readonly registry: Registry;
  /** The visualizer's observer for this node, if it runs. */
  readonly inspect?: InspectObserver;
  /** Told when a listener of the node's events throws (the others still run); default: nothing. */
  readonly onListenerError?: (event: keyof EndpointNodeEvents, error: unknown) => void;
}

/**
 * A worker node over several servers, as a real worker is: a ConnectionManager over the servers' `BaseUrls` (its
 * failover, per-server breakers and sticky task writes are what the scenario shows) and a TaskExecutionService
 * calling through the manager's client and following its link. It runs in this process: the faults of the story
 * are the servers', and the manager's `endpointSwitched` events, with their causes from the selection machine's
 * inspection events, are heard here.
 */
export class EndpointNode {
  readonly manager: ConnectionManager;
  readonly service: TaskExecutionService;
  private readonly events: TypedEmitter<EndpointNodeEvents>;
  private switches = 0;
  private calls: CallSeries[] = [];
  private disposal: Promise<void> | undefined;

  /** @throws {@link ConfigError} for a bad endpoint list. */
  constructor(private readonly options: EndpointNodeOptions) {
    const { id, urls, registry } = options;
    this.events = new TypedEmitter<EndpointNodeEvents>((name, error) => options.onListenerError?.(name, error));
    const causes = new SelectionCauses();
    this.manager = endpointNodeManager({ id, urls, registry, inspect: combineObservers(causes.observe, options.inspect) });
    this.manager.on('endpointSwitched', ({ from, to, at }) => {
      this.switches += 1;
      this.events.emit('switched', { nodeId: id, from, to, cause: causes.last(), at });
    });
    this.service = demoWorkerService(this.manager, id, DEMO_NODE_SETTINGS.service, this.events);
  }

  get id(): string {
    return this.options.id;
  }

  /** Subscribes to one of the node's events; returns the unsubscribe function. */
  on<K extends keyof EndpointNodeEvents>(name: K, listener: (event: EndpointNodeEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** How many times its connection's calls moved to another server (or to none). */
  get endpointSwitches(): number {
    return this.switches;
  }

  /** Its `vcconn_calls_total` series as read at shutdown, just before the manager (and its series) went away. */
  get callSeries(): readonly CallSeries[] {
    return this.calls;
  }

  /** Registers the node and starts taking tasks. */
  start(): void {
    this.service.start();
  }

  /**
   * Stops taking work and lets the current task finish and deliver, for at most `graceMs`; then disposes the
   * service (a result still held is reported `abandoned`), reads the node's call counts and disposes the manager.
   * Idempotent.
   */
  shutdown(graceMs: number): Promise<void> {
    this.disposal ??= (async () => {
      await stopWorkerService(this.service, graceMs);
      this.calls = await callSeriesOf(this.options.registry, this.id).catch(() => []);
      await this.manager.dispose();
    })();
    return this.disposal;
  }
}
