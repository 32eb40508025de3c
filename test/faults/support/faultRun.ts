import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { auditFaultRun, unauditedRun } from './faultAudit.js';
import type { FaultAudit } from './faultAudit.js';
import { resourcesLeftAfter } from './resources.js';
import type { FaultFigures } from './scenario.js';
import { countUnhandledRejections } from './unhandled.js';

/**
 * What every fault run reports, whatever its servers (the single-server scenarios, the endpoint ones): the server's
 * own record (see FaultAudit), what went wrong on the way and what was left behind. JSON-safe, so a scenario run in
 * a network namespace can print it.
 */
export interface FaultRunResult extends Omit<FaultAudit, 'findings'> {
  readonly fault: string;
  readonly tasks: number;
  /** One line per lost or duplicated task. */
  readonly findings: string[];
  readonly createFailures: string[];
  readonly unhandled: number;
  readonly unhandledReasons: string[];
  readonly socketsLeft: number;
  readonly timersLeft: number;
  readonly figures: FaultFigures;
  /** Waits that timed out or steps that threw; empty when the run went through. */
  readonly problems: string[];
}

/** What a run hands {@link FaultRun.finish}: the nodes whose deliveries the audit compares with the server's record. */
export interface FaultRunEnd {
  readonly fault: string;
  readonly taskCount: number;
  readonly nodes: readonly Parameters<typeof auditFaultRun>[2][number][];
  readonly createFailures: string[];
  readonly figures: FaultFigures;
}

/**
 * The frame of one fault run: counts unhandled rejections and live resources from its start, gives it a database
 * file in a folder of its own, runs its steps (a step that throws is a problem, never an exception), and at the
 * end audits the server's record, counts what was left behind and removes the folder.
 */
export class FaultRun {
  /** Waits that timed out or steps that threw. */
  readonly problems: string[] = [];
  /** The SQLite file the run's servers share. */
  readonly db: string;
  private readonly rejections = countUnhandledRejections();
  private readonly baseline = activeResourceCounts();
  private readonly dir: string;

  constructor(folderPrefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), folderPrefix));
    this.db = join(this.dir, 'tasks.db');
  }

  /** True while no step has failed: the nodes may then wait for their held results at shutdown. */
  get clean(): boolean {
    return this.problems.length === 0;
  }

  /** Runs `action`; what it throws is recorded as a problem of `what`. */
  async step(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** After the servers and nodes have stopped: audits, counts what was left behind, removes the folder. */
  async finish(end: FaultRunEnd): Promise<FaultRunResult> {
    let audit = unauditedRun(end.taskCount);
    await this.step('audit', async () => {
      audit = await auditFaultRun(this.db, end.taskCount, end.nodes);
    });
    const left = await resourcesLeftAfter(this.baseline);
    this.rejections.stop();
    rmSync(this.dir, { recursive: true, force: true });
    return {
      ...audit,
      fault: end.fault,
      tasks: end.taskCount,
      findings: [...audit.findings],
      createFailures: end.createFailures,
      unhandled: this.rejections.count(),
      unhandledReasons: this.rejections.reasons,
      socketsLeft: left.sockets,
      timersLeft: left.timers,
      figures: end.figures,
      problems: this.problems,
    };
  }
}
