import type { DemoNode } from './demoNode.js';
import type { DeliveredResult } from './workerService.js';

/**
 * What the nodes said during a run, for the audit and the progress bar, and the lines worth showing: link
 * changes, failovers, switches back, breaker openings, recoveries, tasks handed back, results abandoned.
 */
export class NodeLedger {
  /** Final statuses the nodes say they delivered, in order. */
  readonly delivered: DeliveredResult[] = [];
  /** Results the nodes had to drop at shutdown. */
  readonly abandoned: { readonly nodeId: string; readonly taskId: number }[] = [];
  private readonly done = new Set<number>();

  /**
   * @param note where the lines go
   * @param linkChanged called on every link change of any node (the recovery clock listens)
   */
  constructor(private readonly note: (text: string) => void, private readonly linkChanged: () => void) {}

  /** Distinct tasks whose final status a node delivered. */
  get tasksDone(): number {
    return this.done.size;
  }

  /** Follows `node` from now on. */
  watch(node: DemoNode): void {
    const { note } = this;
    node.on('statusChanged', ({ nodeId, previous, current }) => {
      if (previous.link !== current.link) note(`${nodeId}: link ${previous.link} -> ${current.link}`);
      this.linkChanged();
    });
    node.on('failover', ({ nodeId, from, to }) => note(`${nodeId}: failover from the ${from} to the ${to} client`));
    node.on('switchedBack', ({ nodeId, ok }) => note(ok
      ? `${nodeId}: switched back to the enhanced client (tested before it took over)`
      : `${nodeId}: the enhanced client failed its test; staying on the standard client`));
    node.on('breakerOpened', ({ nodeId, breakMs }) => note(`${nodeId}: circuit breaker opened for ${breakMs} ms`));
    // The manager's own sentences about recovery; its link changes are already noted above.
    node.on('message', ({ nodeId, text }) => {
      if (/recover/i.test(text)) note(`${nodeId}: ${text}`);
    });
    node.on('handedBack', ({ nodeId, taskId }) => note(`${nodeId}: task ${taskId} handed back to Pending (server unreachable)`));
    node.on('delivered', ({ nodeId, taskId, status, resultMessage }) => {
      this.delivered.push({ nodeId, taskId, status, resultMessage });
      this.done.add(taskId);
    });
    node.on('abandoned', ({ nodeId, taskId }) => {
      this.abandoned.push({ nodeId, taskId });
      note(`${nodeId}: result of task ${taskId} abandoned at shutdown`);
    });
  }
}
