import type { OperationArgs, OperationName, OperationResult } from '../../../../src/api/operations/index.js';
import { EnhancedApiClient } from '../../../../src/clients/EnhancedApiClient.js';
import { startServerProcess } from '../../../../src/demo/serverProcess.js';
import type { ServerProcess } from '../../../../src/demo/serverProcess.js';
import { MultiEndpointClient } from '../../../../src/endpoints/MultiEndpointClient.js';
import { TaskExecutionService } from '../../../../src/tasks/TaskExecutionService.js';
import { CLI_LAUNCH } from '../../support/childServer.js';
import type { DeliveredRecord } from '../../support/faultNode.js';
import { fileProcessing } from '../../support/faultNode.js';
import type { FaultFigures } from '../../support/scenario.js';
import { FaultRun } from '../../support/faultRun.js';
import type { FaultRunResult } from '../../support/faultRun.js';
import { NODE_CONNECTION, NODE_SERVICE } from '../../support/settings.js';
import { TaskCreator } from '../../support/taskCreator.js';
import { waitUntil } from '../../support/waitUntil.js';

/** A hold-down short enough that failback happens within a scenario. */
const HOLD_DOWN_MS = 500;

/** One of the three reference server processes, all on one SQLite file (WAL: several processes share it). */
export interface Replica {
  readonly url: string;
  readonly port: number;
  /** SIGKILL, as a crash; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same file and port; resolves once it listens. */
  restart(): Promise<void>;
}

/** An endpoint's client that counts the API calls it was given (health probes aside). */
class CountingClient extends EnhancedApiClient {
  calls = 0;

  protected override invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.calls += 1;
    return super.invoke(operation, args);
  }
}

/** A worker node over the three servers: a MultiEndpointClient (ordered) and a TaskExecutionService on it. */
export class EndpointNode {
  readonly api: MultiEndpointClient;
  readonly service: TaskExecutionService;
  readonly delivered: DeliveredRecord[] = [];
  readonly abandoned: { readonly nodeId: string; readonly taskId: number }[] = [];
  readonly clients = new Map<string, CountingClient>();
  /** Breaker openings per endpoint URL. */
  readonly openings = new Map<string, number>();
  switches = 0;

  constructor(readonly id: string, urls: readonly string[]) {
    this.api = new MultiEndpointClient({
      endpoints: urls.map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: HOLD_DOWN_MS, discovery: null,
    }, {
      connection: NODE_CONNECTION,
      clientFactory: (url) => {
        const client = new CountingClient(url, { connection: NODE_CONNECTION });
        client.breaker.on('breaker.opened', () => this.openings.set(url, (this.openings.get(url) ?? 0) + 1));
        this.clients.set(url, client);
        return client;
      },
    });
    this.api.selection.on('endpoint.switched', () => {
      this.switches += 1;
    });
    this.service = new TaskExecutionService(this.api, { id, name: id }, { ...NODE_SERVICE, handlers: { FileProcessing: fileProcessing } });
    this.service.on('taskCompleted', ({ taskId, resultMessage }) => this.delivered.push({ nodeId: id, taskId, status: 'Completed', resultMessage }));
    this.service.on('taskFailed', ({ taskId, resultMessage }) => this.delivered.push({ nodeId: id, taskId, status: 'Failed', resultMessage }));
    this.service.on('deliveryAbandoned', ({ taskId }) => this.abandoned.push({ nodeId: id, taskId }));
  }

  /** API calls each endpoint's client was given so far. */
  calls(): Record<string, number> {
    return Object.fromEntries([...this.clients].map(([url, client]) => [url, client.calls]));
  }

  async shutdown(graceful: boolean): Promise<void> {
    if (graceful) await this.service.stop();
    await this.service.dispose();
    await this.api.dispose();
  }
}

/** The scenario as its fault sees it. */
export interface EndpointRun {
  readonly replicas: readonly Replica[];
  readonly nodes: readonly EndpointNode[];
  /** Distinct tasks whose final status a node saw confirmed. */
  delivered(): number;
  /** Calls per endpoint URL, summed over the nodes. */
  calls(): Record<string, number>;
  waitUntil(what: string, condition: () => boolean, deadlineMs?: number): Promise<void>;
}

export interface EndpointScenarioSpec {
  readonly fault: string;
  readonly nodes?: number;
  readonly tasks?: number;
  /** Plays the fault and lifts it (or not); waits for events, not time. */
  play(run: EndpointRun): Promise<FaultFigures>;
}

/** What the endpoint fault tests assert on: a fault run's report, plus where the calls went. */
export interface EndpointScenarioResult extends FaultRunResult {
  readonly endpoints: string[];
  readonly callsPerEndpoint: Record<string, number>;
  readonly breakerOpeningsPerEndpoint: Record<string, number>;
  readonly endpointSwitches: number;
}

function sum(records: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/**
 * Three `vcconn serve` processes on one SQLite file, every task created first (through the first server), then
 * worker nodes (MultiEndpointClient + TaskExecutionService) working through them while the fault plays; waits for
 * every task to be delivered, shuts down, and audits the servers' own status history. Never throws: what went
 * wrong is in `problems`.
 */
export async function runEndpointScenario(spec: EndpointScenarioSpec): Promise<EndpointScenarioResult> {
  const nodeCount = spec.nodes ?? 2;
  const taskCount = spec.tasks ?? 24;
  const frame = new FaultRun('vcconn-endpoint-faults-');
  const { db } = frame;
  const processes: ServerProcess[] = [];
  const replicas: Replica[] = [];
  const nodes: EndpointNode[] = [];
  const createFailures: string[] = [];
  let figures: FaultFigures = {};

  const delivered = (): number => new Set(nodes.flatMap((n) => n.delivered.map((d) => d.taskId))).size;
  const calls = (): Record<string, number> => sum(nodes.map((n) => n.calls()));
  const state = (): string => `${delivered()}/${taskCount} delivered; calls ${JSON.stringify(calls())}; breakers opened ${JSON.stringify(sum(nodes.map((n) => Object.fromEntries(n.openings))))}`;
  const run: EndpointRun = {
    replicas, nodes, delivered, calls,
    waitUntil: (what, condition, deadlineMs = 30_000) => waitUntil(what, condition, deadlineMs, state),
  };
  const step = (what: string, action: () => Promise<void>): Promise<void> => frame.step(what, action);

  await step('set up', async () => {
    // The first server creates the schema; the other two open the same file.
    processes.push(await startServerProcess({ db, launch: CLI_LAUNCH }));
    processes.push(...await Promise.all([startServerProcess({ db, launch: CLI_LAUNCH }), startServerProcess({ db, launch: CLI_LAUNCH })]));
    processes.forEach((first, index) => {
      const { port, url } = first;
      replicas.push({
        url, port,
        kill: () => processes[index]?.kill() ?? Promise.resolve(),
        restart: async () => {
          processes[index] = await startServerProcess({ db, port, launch: CLI_LAUNCH });
        },
      });
    });
    const creator = new TaskCreator(replicas[0]?.url ?? '');
    try {
      const outcome = await creator.create(0, taskCount);
      createFailures.push(...outcome.failed.map((f) => `${f.name}: ${f.error}`));
    } finally {
      await creator.dispose();
    }
    for (let n = 1; n <= nodeCount; n += 1) nodes.push(new EndpointNode(`node-${n}`, replicas.map((r) => r.url)));
    for (const node of nodes) node.service.start();
  });
  if (frame.clean) {
    await step('work flowing before the fault', () => run.waitUntil('a few tasks to be delivered', () => delivered() >= 3));
    await step('the fault', async () => {
      figures = await spec.play(run);
    });
    await step('every task delivered', () => run.waitUntil(`all ${taskCount} tasks to be delivered`, () => delivered() >= taskCount, 90_000));
  }
  const callsPerEndpoint = calls();
  const breakerOpeningsPerEndpoint = sum(nodes.map((n) => Object.fromEntries(n.openings)));
  const endpointSwitches = nodes.reduce((total, n) => total + n.switches, 0);
  const graceful = frame.clean;
  await step('shutdown', async () => {
    await Promise.all(nodes.map((n) => n.shutdown(graceful)));
    await Promise.all(processes.map((p) => p.stop()));
  });

  return {
    ...await frame.finish({ fault: spec.fault, taskCount, nodes, createFailures, figures }),
    endpoints: replicas.map((r) => r.url), callsPerEndpoint, breakerOpeningsPerEndpoint, endpointSwitches,
  };
}
