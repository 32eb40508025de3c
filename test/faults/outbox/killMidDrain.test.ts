import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { readServerRecord } from '../../../src/demo/serverRecord.js';
import { startServerProcess } from '../../../src/demo/serverProcess.js';
import type { ServerProcess } from '../../../src/demo/serverProcess.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import { CLI_LAUNCH } from '../support/childServer.js';
import { startFaultProxy } from '../support/faultProxy.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { waitUntil } from '../support/waitUntil.js';
import { startHost } from './support/hostProcess.js';
import type { HostProcess } from './support/hostProcess.js';

const hostScript = fileURLToPath(new URL('./support/drainHost.ts', import.meta.url));
const TASKS = 8;
/** The write whose answer the proxy holds: the server applies it, its answer never reaches the host. */
const ANSWER_HELD_AT = 9;
/** The write the proxy keeps: it never reaches the server. The host is killed with both in flight. */
const REQUEST_HELD_AT = 10;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tasksOn(url: string): Promise<number[]> {
  const api = new EnhancedApiClient(url);
  try {
    const ids: number[] = [];
    for (let i = 0; i < TASKS; i += 1) ids.push((await api.createTask({ name: `kill-task-${i}`, type: 'HelloWorld' })).id);
    return ids;
  } finally {
    await api.dispose();
  }
}

describe.each([
  { server: 'honours Idempotency-Key', idempotency: true },
  { server: 'ignores Idempotency-Key (.NET)', idempotency: false },
])('fault: the host is killed with SIGKILL in the middle of a drain; the server $server', ({ idempotency }) => {
  it('a restart on the same file delivers every write exactly once, each task\'s in order (counted from the server\'s history)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-outbox-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'server.db');
    const file = join(dir, 'outbox.db');
    const server: ServerProcess = await startServerProcess({ db, launch: CLI_LAUNCH, idempotency });
    cleanups.push(() => server.stop());
    const ids = await tasksOn(server.url);
    const proxy: FaultProxy = await startFaultProxy(server.url);
    cleanups.push(() => proxy.close());
    let writes = 0;
    proxy.setRule((request) => {
      if (request.method === 'GET') return { kind: 'pass' };
      writes += 1;
      if (writes === ANSWER_HELD_AT) return { kind: 'slowBody', intervalMs: 3_600_000 };
      return writes === REQUEST_HELD_AT ? { kind: 'hold' } : { kind: 'pass' };
    });

    const first: HostProcess = startHost(hostScript, ['fill', file, proxy.url, ids.join(',')]);
    cleanups.push(() => first.kill());
    expect((await first.lineWith('queued')).queued).toBe(3 * TASKS);
    // The proxy records the held answer once the server has answered: that write is applied, unacknowledged; the
    // held request never reached the server. Both are in flight in the outbox when the host dies.
    await waitUntil('the proxy to hold an applied write and an unsent one', () => proxy.count('slowBody') === 1 && proxy.count('hold') === 1, 60_000, () => first.stderr());
    await first.kill();

    const atKill = await openOutbox(file);
    const left = atKill.list();
    atKill.close();
    expect(left.filter((entry) => entry.state === 'inFlight').length, 'entries in flight at the kill').toBeGreaterThanOrEqual(2);
    const held = proxy.exchanges.filter((exchange) => exchange.action === 'slowBody' || exchange.action === 'hold');
    expect(held.map((exchange) => exchange.idempotencyKey).every((key) => left.some((entry) => entry.idempotencyKey === key && entry.state === 'inFlight'))).toBe(true);
    // Some writes were delivered before the kill (the held ones are the ninth and tenth): the middle of a drain.
    expect(left.length).toBeLessThan(3 * TASKS);

    proxy.setRule(null);
    const second = startHost(hostScript, ['drain', file, proxy.url]);
    cleanups.push(() => second.kill());
    expect((await second.lineWith('keyHonoured')).keyHonoured).toBe(idempotency);
    const report = await second.lineWith('stats');
    expect(await second.exited, second.stderr()).toEqual({ code: 0, signal: null });
    expect(report.dead).toEqual([]);
    expect(report.stats).toMatchObject({ pending: 0, deadLetters: 0 });
    const kinds = report.kinds as Record<string, number>;
    expect(Object.values(kinds).reduce((sum, n) => sum + n, 0), JSON.stringify(kinds)).toBe(left.length);
    const inFlight = left.filter((entry) => entry.state === 'inFlight').length;
    if (idempotency) {
      // Every write in flight at the kill is sent again with its key; the server answers an applied one from its
      // key store instead of applying it twice.
      expect(kinds.replayed, JSON.stringify(kinds)).toBe(inFlight);
    } else {
      // No key support: each is read back first; the one whose answer was held is found applied, not resent.
      expect(kinds.replayed, JSON.stringify(kinds)).toBeUndefined();
      expect(kinds.alreadyApplied ?? 0, JSON.stringify(kinds)).toBeGreaterThanOrEqual(1);
    }

    await proxy.close();
    await server.stop();
    const record = await readServerRecord(db);
    for (const id of ids) {
      // Exactly one creation, one Running and one Completed write, in that order: nothing lost, nothing twice.
      const writesOfTask = record.history.filter((change) => change.taskId === id).map((change) => [change.fromStatus, change.toStatus, change.resultMessage]);
      expect(writesOfTask, `task ${id}`).toEqual([[null, 0, null], [0, 1, null], [1, 2, `done ${id}`]]);
      expect(record.tasks.filter((task) => task.name === `kill-new-${id}`), `kill-new-${id}`).toHaveLength(1);
    }
    process.stdout.write(`kill mid-drain (idempotency ${String(idempotency)}): ${left.length} entries left at the kill, ${inFlight} in flight; delivered after restart ${JSON.stringify(kinds)}\n`);
  });
});
