import type { ApiClient } from '../../../../src/api/ApiClient.js';
import type { OfflineConnection, OfflineStatusEvent } from '../../../../src/outbox/types.js';

/** A connection whose link and breaker the test sets by hand, over a real client. */
export class TestLink implements OfflineConnection {
  private up: boolean;
  private readonly changes = new Set<(up: boolean) => void>();
  private readonly statuses = new Set<(event: OfflineStatusEvent) => void>();

  constructor(readonly client: ApiClient, up = true) {
    this.up = up;
  }

  isUp(): boolean {
    return this.up;
  }

  onChange(listener: (up: boolean) => void): () => void {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  }

  on(_name: 'statusChanged', listener: (event: OfflineStatusEvent) => void): () => void {
    this.statuses.add(listener);
    return () => this.statuses.delete(listener);
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    for (const listener of [...this.changes]) listener(up);
  }

  setBreakerOpen(open: boolean): void {
    for (const listener of [...this.statuses]) listener({ current: { circuitBreakerOpen: open } });
  }
}
