import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../machines/random.js';
import { startFaultProxy } from '../../../src/demo/faultProxy.js';
import type { FaultProxy, FaultProxyCounters } from '../../../src/demo/faultProxy.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { readStateFile } from '../../../src/state/stateFile.js';
import { restartableServer } from './support/referenceServer.js';
import type { RestartableServer } from './support/referenceServer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Requests that reached the proxy, answered by the server or by an injected fault. */
function requestsSeen(counters: FaultProxyCounters): number {
  return counters.forwarded + Object.values(counters.injected).reduce((sum, n) => sum + n, 0) + counters.unreachable;
}

// No health probe within the test's simulated minute (the degraded interval is an hour), so every request the proxy
// counts is an API call.
const connection = {
  maxRetryAttempts: 0, circuitBreakerFailureThreshold: 3, circuitBreakerMinimumThroughput: 3, circuitBreakerBreakDurationSeconds: 30, degradedHealthCheckIntervalSeconds: 3600,
};

describe('ConnectionManager stateFile against the reference server behind a 5xx fault proxy', () => {
  it('a breaker opened before a restart is still open after it: calls refused without sending, until the rest of the break is over', async () => {
    const server: RestartableServer = await restartableServer();
    cleanups.push(() => server.close());
    const proxy: FaultProxy = await startFaultProxy(server.url, seededRandom(17));
    cleanups.push(() => proxy.close());
    const dir = mkdtempSync(join(tmpdir(), 'vcconn-state-int-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const stateFile = join(dir, 'connection-state.json');
    const T = Date.now();
    const managerAt = (at: number): { manager: ConnectionManager; clock: SimulatedClock } => {
      const clock = new SimulatedClock();
      clock.set(at);
      const options: ConnectionManagerOptions = { baseUrl: proxy.url, clock, stateFile, connection, networkWatch: false, apiSettings: { enableAutoRecovery: false } };
      const manager = new ConnectionManager(options);
      cleanups.push(() => manager.dispose());
      return { manager, clock };
    };

    // First process: every answer is a 503; the third opens the breaker.
    proxy.setFault({ kind: 'serverErrors', errorRate: 1, statuses: [503], lostAnswerRate: 0 });
    const first = managerAt(T);
    for (let i = 0; i < 3; i++) await expect(first.manager.client.getTasks()).rejects.toMatchObject({ status: 503 });
    await expect(first.manager.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(first.manager.status).toMatchObject({ link: 'degraded', circuitBreakerOpen: true });
    await first.manager.dispose();
    expect(readStateFile(stateFile)).toMatchObject({
      connection: { client: 'enhanced', link: 'degraded', circuitBreakerOpen: true },
      clients: { enhanced: { breaker: { state: 'open', openedAt: T, breakMs: 30_000 } } },
    });

    // Second process, 10 s later on the wall clock, with the server answering again: still open for 20 s.
    proxy.setFault(null);
    const second = managerAt(T + 10_000);
    const before = requestsSeen(proxy.counters());
    expect(second.manager.status).toMatchObject({ client: 'enhanced', link: 'degraded', circuitBreakerOpen: true });
    const refused = await second.manager.client.getTasks().then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect((refused as BrokenCircuitError).retryAfterMs).toBe(20_000);
    await expect(second.manager.client.getTaskById(1)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(requestsSeen(proxy.counters())).toBe(before);

    // At the end of the break the next call is the half-open probe: it reaches the server, succeeds, closes.
    second.clock.increment(20_000);
    await expect(second.manager.client.getTasks()).resolves.toEqual(expect.any(Array));
    expect(requestsSeen(proxy.counters())).toBe(before + 1);
    await second.manager.flushState();
    expect(readStateFile(stateFile)?.clients.enhanced?.breaker?.state).toBe('closed');
  });
});
