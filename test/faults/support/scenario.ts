import type { LinkState } from '../../../machines/connection/types.js';
import type { BreakerRecord } from './faultNode.js';
import { FaultNode } from './faultNode.js';
import type { CreatorOutcome } from './taskCreator.js';
import { TaskCreator } from './taskCreator.js';
import { waitUntil } from './waitUntil.js';
import { FaultRun } from './faultRun.js';
import type { FaultRunResult } from './faultRun.js';

/** Figures a fault reports about itself, for the table's notes and the scenario's own assertions. */
export type FaultFigures = Record<string, number | string | boolean>;

/** A running scenario, as the fault sees it. */
export interface RunningScenario {
  readonly nodes: readonly FaultNode[];
  /** Distinct tasks whose final status a node saw confirmed so far. */
  terminal(): number;
  /** Waits for `condition` (checked every 20 ms), failing after `deadlineMs` naming `what` and the nodes' state. */
  waitUntil(what: string, condition: () => boolean, deadlineMs?: number): Promise<void>;
}

/** The server and the fault-making machinery of one scenario. */
export interface FaultTarget {
  /** Where the nodes and the task creator connect. */
  readonly url: string;
  /** Plays the fault and lifts it, waiting for events rather than time where it can. */
  play(run: RunningScenario): Promise<FaultFigures>;
  /** Stops the server (cleanly, so every write is in the file) and the fault machinery. */
  close(): Promise<void>;
}

/** One fault scenario. */
export interface ScenarioSpec {
  readonly fault: string;
  readonly nodes?: number;
  readonly tasks?: number;
  /** Starts the server on the SQLite file `db`, and the fault machinery in front of it. */
  setUp(db: string): Promise<FaultTarget>;
}

/** One node at the end. */
export interface NodeResult {
  readonly id: string;
  readonly links: LinkState[];
  readonly breaker: BreakerRecord[];
  readonly breakerOpenings: number;
  readonly clientsCreated: Record<string, number>;
  readonly delivered: number;
}

/** Everything a single-server scenario's test asserts on. */
export interface ScenarioResult extends FaultRunResult {
  readonly nodes: NodeResult[];
  readonly breakerOpenings: number;
  readonly nodesLeftHealthy: number;
  readonly nodesBackHealthy: number;
  readonly durationMs: number;
}


/**
 * Runs one scenario: starts the server and the fault (spec.setUp), creates half the tasks, starts the worker
 * nodes, and once work flows creates the other half while the fault plays; waits for every task to be delivered
 * and every link to be healthy again, shuts everything down, then audits the server's own history and checks
 * that no socket or timer outlived it. Never throws: anything that went wrong is in `problems`.
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const started = Date.now();
  const nodeCount = spec.nodes ?? 3;
  const taskCount = spec.tasks ?? 40;
  const firstHalf = Math.floor(taskCount / 2);
  const frame = new FaultRun('vcconn-faults-');
  const { db } = frame;
  const nodes: FaultNode[] = [];
  let figures: FaultFigures = {};
  let creator: TaskCreator | undefined;
  let target: FaultTarget | undefined;
  const created: CreatorOutcome = { created: [], failed: [] };

  const delivered = (): number => new Set(nodes.flatMap((n) => n.delivered.map((d) => d.taskId))).size;
  const state = (): string => nodes.map((n) => `${n.id}: link ${n.link}, ${n.delivered.length} delivered, breaker ${n.breakerOpenings} opened`).join('; ')
    + `; ${delivered()}/${taskCount} tasks delivered`;
  const running: RunningScenario = {
    nodes,
    terminal: delivered,
    waitUntil: (what, condition, deadlineMs = 30_000) => waitUntil(what, condition, deadlineMs, state),
  };
  const step = (what: string, action: () => Promise<void>): Promise<void> => frame.step(what, action);
  const merge = (outcome: CreatorOutcome): void => {
    created.created.push(...outcome.created);
    created.failed.push(...outcome.failed);
  };

  await step('set up', async () => {
    target = await spec.setUp(db);
    creator = new TaskCreator(target.url);
    merge(await creator.create(0, firstHalf));
    for (let n = 1; n <= nodeCount; n += 1) nodes.push(new FaultNode(`node-${n}`, target.url));
    for (const node of nodes) node.start();
  });
  if (target !== undefined && creator !== undefined && frame.clean) {
    const fault = target;
    const making = creator;
    await step('work flowing before the fault', () => running.waitUntil('a few tasks to be delivered', () => delivered() >= 4));
    await step('the fault', async () => {
      const creating = making.create(firstHalf, taskCount);
      figures = await fault.play(running);
      merge(await creating);
    });
    await step('every task delivered', () => running.waitUntil(`all ${taskCount} tasks to be delivered`, () => delivered() >= taskCount, 60_000));
    await step('every link healthy', () => running.waitUntil('every node link to be healthy', () => nodes.every((n) => n.link === 'healthy'), 30_000));
  }
  const finalLinks = nodes.map((n) => n.link);
  // After a failed step the fault may still be on: stop without waiting for held results to be delivered.
  const graceful = frame.clean;
  await step('shutdown', async () => {
    await Promise.all(nodes.map((n) => n.shutdown(graceful)));
    await creator?.dispose();
    await target?.close();
  });

  const result = await frame.finish({
    fault: spec.fault, taskCount, nodes, createFailures: created.failed.map((f) => `${f.name}: ${f.error}`), figures,
  });
  return {
    ...result,
    nodes: nodes.map((n) => ({
      id: n.id, links: n.links, breaker: n.breaker, breakerOpenings: n.breakerOpenings, clientsCreated: { ...n.clientsCreated }, delivered: n.delivered.length,
    })),
    breakerOpenings: nodes.reduce((sum, n) => sum + n.breakerOpenings, 0),
    nodesLeftHealthy: nodes.filter((n) => n.leftHealthy).length,
    nodesBackHealthy: finalLinks.filter((link) => link === 'healthy').length,
    durationMs: Date.now() - started,
  };
}
