import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import type { ConnectionManager as Manager } from '../../../src/manager/ConnectionManager.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { OfflineClient } from '../../../src/outbox/OfflineClient.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { restartableServer } from '../manager/support/referenceServer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Lets real I/O (sockets, SQLite) progress between two steps of the simulated clock. */
function ioTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

/** What is left of the Enhanced client's break, ms, from the manager's saved state. */
function remainingBreak(manager: Manager, now: number): number {
  const breaker = manager.captureState().clients.enhanced?.breaker;
  if (breaker?.openedAt === undefined || breaker.openedAt === null) throw new Error('the breaker is not open');
  return Math.max(0, breaker.openedAt + breaker.breakMs - now);
}

describe('OfflineClient over a ConnectionManager, the reference server stopped and restarted', () => {
  it('drains everything queued during the outage once the break is over: its own delivery is the breaker\'s probe', async () => {
    const server = await restartableServer();
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-restart-'));
    cleanups.push(() => server.close(), () => rmSync(dir, { recursive: true, force: true }));
    const clock = new SimulatedClock();
    clock.set(Date.parse('2025-01-01T00:00:00Z'));
    const manager = new ConnectionManager({ baseUrl: server.url, clock, networkWatch: false });
    cleanups.push(() => manager.dispose());
    const outbox = await openOutbox(join(dir, 'outbox.db'));
    const offline = new OfflineClient({ connection: manager, outbox, clock });
    cleanups.push(() => offline.close());

    await server.stop();
    for (let i = 0; i < 6; i += 1) {
      await offline.enqueue({ operation: 'createTask', args: [{ name: `outage-${i}`, type: 'HelloWorld' }] });
    }
    // The outbox's own drains fail against the stopped server until the breaker opens (the link stays up: degraded).
    for (let step = 0; step < 100 && manager.circuitState !== 'open'; step += 1) {
      clock.increment(500);
      await ioTurn();
    }
    expect(manager.circuitState).toBe('open');
    expect(manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    await waitFor(offline.actor, (snapshot) => snapshot.matches('paused'), { timeout: 10_000 });
    expect(offline.stats().pending).toBe(6);

    await server.start();
    // Only the break passes: the host makes no call, and no clock moves after it. The outbox's next entry is the
    // half-open probe; once it closes the breaker, the rest follows at full concurrency.
    clock.increment(remainingBreak(manager, clock.now()));
    // Polls a real condition (the calls are real I/O); the limit only turns a hang into a failure.
    for (let turn = 0; turn < 1_000 && offline.stats().pending > 0; turn += 1) await ioTurn();
    expect({ pending: offline.stats().pending, outbox: offline.actor.getSnapshot().value }).toEqual({ pending: 0, outbox: 'idle' });
    expect(manager.circuitState).toBe('closed');
  });
});
