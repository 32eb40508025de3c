import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatedClock } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationArgs, OperationName, OperationResult } from '../../../src/api/operations/index.js';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import type { EnhancedApiClientOptions } from '../../../src/pipeline/options.js';
import { startServerProcess } from '../../../src/demo/serverProcess.js';
import type { CliLaunch, ServerProcess } from '../../../src/demo/serverProcess.js';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import type { EndpointSet } from '../../../src/endpoints/EndpointSet.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { BatchTaskStatus } from '../../../src/api/models/index.js';

// Vitest runs without the tsx loader in its own flags, so each server child gets it explicitly.
const launch: CliLaunch = { execPath: process.execPath, args: ['--import', 'tsx', fileURLToPath(new URL('../../../src/cli.ts', import.meta.url))] };
const BREAK_MS = 5_000;
const HOLD_DOWN_MS = 30_000;

/** An endpoint's EnhancedApiClient that counts the API calls it was given. */
class CountingClient extends EnhancedApiClient {
  calls = 0;

  protected override invoke<N extends OperationName>(operation: N, args: OperationArgs<N>): Promise<OperationResult<N>> {
    this.calls += 1;
    return super.invoke(operation, args);
  }
}

/**
 * Three reference server processes on one SQLite file, one MultiEndpointClient over them (ordered), its breakers,
 * hold-down and selection on a SimulatedClock: the test moves time, the servers and sockets are real.
 */
describe('MultiEndpointClient over three real servers on one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-multi-'));
  const db = join(dir, 'tasks.db');
  const servers: ServerProcess[] = [];
  const ports: number[] = [];
  const clients = new Map<string, CountingClient>();
  const clock = new SimulatedClock();
  clock.set(Date.now());
  let api: MultiEndpointClient;
  const urls = (): string[] => ports.map((port) => `http://127.0.0.1:${port}`);
  const calls = (index: number): number => clients.get(urls()[index] ?? '')?.calls ?? -1;

  beforeAll(async () => {
    // The first server creates the schema; the other two open the same file (WAL: several processes).
    servers.push(await startServerProcess({ db, launch }));
    servers.push(...await Promise.all([startServerProcess({ db, launch }), startServerProcess({ db, launch })]));
    ports.push(...servers.map((server) => server.port));
    const set: EndpointSet = {
      endpoints: urls().map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: HOLD_DOWN_MS, discovery: null,
    };
    const options: EnhancedApiClientOptions = {
      clock,
      now: () => clock.now(),
      // Failover is the retry here: each endpoint's client makes one attempt, so a dead server costs one refused connect.
      connection: { maxRetryAttempts: 0, circuitBreakerFailureThreshold: 2, circuitBreakerMinimumThroughput: 1, circuitBreakerBreakDurationSeconds: BREAK_MS / 1000 },
    };
    api = new MultiEndpointClient(set, {
      ...options,
      clientFactory: (url) => {
        const client = new CountingClient(url, options);
        clients.set(url, client);
        return client;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await api.dispose();
    await Promise.all(servers.map((server) => server.kill()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the set healthy and learns that the servers honour Idempotency-Key', async () => {
    const health = await api.getConnectionHealth();
    expect(health.isHealthy).toBe(true);
    expect(health.healthyEndpoints).toEqual(urls());
    for (const client of clients.values()) expect(client.idempotencyKeyHonoured).toBe(true);
  });

  it('kill the primary: calls move on to the next server, nothing lost or duplicated', async () => {
    const names: string[] = [];
    const create = async (i: number) => {
      const name = `multi-${i}`;
      names.push(name);
      return api.createTask({ name, type: 'HelloWorld' });
    };
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i)));
    expect(calls(0)).toBe(10);
    // Killed while four creates are in flight: each either landed before the kill or moves on with its pinned key.
    const inFlight = Array.from({ length: 4 }, (_, i) => create(10 + i));
    await servers[0]?.kill();
    const rest = await Promise.all([...inFlight, ...Array.from({ length: 10 }, (_, i) => create(20 + i))]);
    expect(api.currentEndpoint).toBe(urls()[1]);
    expect(calls(1)).toBeGreaterThanOrEqual(10);
    expect(calls(2)).toBe(0);

    const created = [...first, ...rest];
    expect(new Set(created.map((task) => task.id)).size).toBe(created.length);
    const stored = (await api.getTasks()).filter((task) => task.name.startsWith('multi-'));
    expect(stored.map((task) => task.name).sort()).toEqual([...names].sort());
  });

  it('keeps a claim and its status updates on the server that served the claim', async () => {
    const [task] = (await api.getTasks()).filter((each) => each.status === BatchTaskStatus.Pending);
    if (task === undefined) throw new Error('no pending task');
    const claimed = await api.updateTaskStatus(task.id, BatchTaskStatus.Running, { resultMessage: 'n1', rowVersion: task.rowVersion });
    expect(claimed?.status).toBe(BatchTaskStatus.Running);
    const before = calls(1);
    const done = await api.updateTaskStatus(task.id, BatchTaskStatus.Completed, { resultMessage: 'ok', rowVersion: claimed?.rowVersion });
    expect(done?.status).toBe(BatchTaskStatus.Completed);
    expect(calls(1)).toBe(before + 1);
  });

  it('kill every server: calls fail fast with BrokenCircuitError naming all three', async () => {
    await Promise.all([servers[1]?.kill(), servers[2]?.kill()]);
    // Each call tries every endpoint whose breaker still admits calls; two refused connects open a breaker.
    let refusal: unknown;
    for (let i = 0; i < 10 && !(refusal instanceof BrokenCircuitError); i += 1) refusal = await api.getTasks().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BrokenCircuitError);
    const sentBefore = [0, 1, 2].map(calls);
    const started = performance.now();
    const error = await api.getTasks().catch((caught: unknown) => caught);
    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect((error as BrokenCircuitError).endpoints).toEqual(urls());
    expect((error as BrokenCircuitError).retryAfterMs).toBeGreaterThan(0);
    // Refused by the selection: no endpoint's client was even asked, so nothing touched a socket.
    expect([0, 1, 2].map(calls)).toEqual(sentBefore);
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it('restart: calls come back, and ordered mode returns to the primary only after the hold-down', async () => {
    servers[1] = await startServerProcess({ db, launch, port: ports[1] });
    servers[2] = await startServerProcess({ db, launch, port: ports[2] });
    // The breaks end: every breaker goes half-open. The primary, still down, fails its probe and the call moves on.
    clock.increment(BREAK_MS);
    await expect(api.getTasks()).resolves.toBeInstanceOf(Array);
    expect(api.currentEndpoint).toBe(urls()[1]);

    // The others' hold-down ends; meanwhile the primary's (doubled) break ended too: half-open, so held down in turn.
    clock.increment(HOLD_DOWN_MS);
    servers[0] = await startServerProcess({ db, launch, port: ports[0] });
    const primaryBefore = calls(0);
    await api.getTasks();
    expect(api.currentEndpoint).toBe(urls()[1]);
    expect(calls(0)).toBe(primaryBefore);

    clock.increment(HOLD_DOWN_MS);
    await api.getTasks();
    expect(api.currentEndpoint).toBe(urls()[0]);
    expect(calls(0)).toBe(primaryBefore + 1);
    const health = await api.getConnectionHealth();
    expect(health.healthyEndpoints).toEqual(urls());
  });
});
