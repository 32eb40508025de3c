import { ConnectionManager } from '../../manager/ConnectionManager.js';
import type { OfflineWriter } from '../../outbox/types.js';
import { describeError } from '../../tasks/linkFailure.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';
import { sleep } from '../playTimeline.js';
import { draftOf } from '../workload.js';
import { openOfflineWriter } from './offlineWriter.js';
import type { ClientPlan } from './plan.js';

const WATCH_MS = 1_000;

/** What a desktop client did, as it tells it (for the log; the audit reads the server and the outbox files). */
export interface DesktopTally {
  /** Creates sent and answered at once. */
  sentNow: number;
  /** Creates queued in the outbox (the server could not be reached, or earlier ones were still queued). */
  queued: number;
  /** Creates the server refused (a 4xx). */
  refused: number;
  /** Looks at the task list (the client's view of its tasks) that got an answer. */
  watched: number;
}

/**
 * A desktop client of the offline scenario: a ConnectionManager and an OfflineClient on an outbox file of its
 * own. It creates its planned tasks at their moments in "queue when offline" mode, all in one entity
 * (`client:<id>`), so the outbox keeps them in the order the user made them.
 */
export class DesktopClient {
  readonly tally: DesktopTally = { sentNow: 0, queued: 0, refused: 0, watched: 0 };
  private readonly closing = new AbortController();
  private watching: Promise<void> | undefined;

  private constructor(readonly id: string, readonly outboxFile: string, private readonly manager: ConnectionManager, readonly writer: OfflineWriter) {}

  /** Opens the client's outbox and connection. */
  static async open(id: string, serverUrl: string, outboxFile: string): Promise<DesktopClient> {
    const manager = new ConnectionManager({ baseUrl: serverUrl, connection: DEMO_NODE_SETTINGS.connection, apiSettings: DEMO_NODE_SETTINGS.apiSettings });
    return new DesktopClient(id, outboxFile, manager, await openOfflineWriter(outboxFile, manager));
  }

  /**
   * Creates the plan's tasks, each at its moment (`elapsed` counts from the start of the story), until done or
   * `signal` aborts. `note` gets a line when a create is queued rather than sent, and for a refusal.
   */
  async run(plan: ClientPlan, elapsed: () => number, signal: AbortSignal, note: (text: string) => void): Promise<void> {
    this.watching ??= this.watch();
    for (const { task, atMs } of plan.creates) {
      if (!(await sleep(atMs - elapsed(), signal))) return;
      try {
        const outcome = await this.writer.write({ operation: 'createTask', args: [draftOf(task)], entity: `client:${this.id}` });
        if (outcome.status === 'delivered') {
          this.tally.sentNow += 1;
        } else {
          this.tally.queued += 1;
          if (this.tally.queued === 1 || this.tally.queued % 10 === 0) note(`${this.id}: ${this.tally.queued} create(s) queued in its outbox so far`);
        }
      } catch (error) {
        this.tally.refused += 1;
        note(`${this.id}: the server refused ${task.name}: ${describeError(error)}`);
      }
    }
  }

  /**
   * Looks at the task list every second, as a desktop client showing its tasks does, until closed. Besides the
   * view, these reads are the calls that let the client's circuit breaker, opened by the outage, try again and
   * close once the server is back: the outbox pauses while the breaker is open, so it sends none itself.
   */
  private async watch(): Promise<void> {
    while (await sleep(WATCH_MS, this.closing.signal)) {
      await this.manager.client.getTasks().then(() => {
        this.tally.watched += 1;
      }, () => undefined);
    }
  }

  /** Stops watching and delivering, and closes the outbox and the connection. Idempotent. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.watching;
    await this.writer.close();
    await this.manager.dispose();
  }
}
