import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/ApiClient.js';
import { EnhancedApiClient } from '../../src/clients/EnhancedApiClient.js';
import { StandardApiClient } from '../../src/clients/StandardApiClient.js';
import { NetworkError, OutcomeUnknownError } from '../../src/errors/index.js';
import { startServerProcess } from '../../src/demo/serverProcess.js';
import { CLI_LAUNCH } from './support/childServer.js';
import { startFaultProxy } from './support/faultProxy.js';
import type { FaultProxy, ProxiedRequest } from './support/faultProxy.js';
import { proxiedServer } from './support/inProcessServer.js';
import { expectInvariants, recordRow } from './support/invariants.js';
import { isHealth, isStatusWrite } from './support/rules.js';
import { runScenario } from './support/scenario.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const isCreate = (request: ProxiedRequest): boolean => request.method === 'POST' && request.path === '/api/tasks';
const isFolderCreate = (request: ProxiedRequest): boolean => request.method === 'POST' && /^\/api\/tasks\/\d+\/folders$/.test(request.path);

/**
 * `vcconn serve` in a child process (`--no-idempotency` unless `idempotency`), behind a fault proxy that lets the
 * server apply the first `POST api/tasks` and then drops its answer (the socket is destroyed, not a byte sent).
 */
async function lostCreateAnswer(idempotency: boolean): Promise<{ proxy: FaultProxy; direct: StandardApiClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-dotnet-'));
  const server = await startServerProcess({ db: join(dir, 'tasks.db'), launch: CLI_LAUNCH, idempotency });
  const proxy = await startFaultProxy(server.url);
  let dropped = false;
  proxy.setRule((request) => {
    if (!isCreate(request) || dropped) return { kind: 'pass' };
    dropped = true;
    return { kind: 'dropAnswer' };
  });
  const direct = new StandardApiClient(server.url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.stop(), () => proxy.close(), () => direct.dispose());
  return { proxy, direct };
}

function client(kind: 'Enhanced' | 'Standard', url: string): ApiClient {
  const api = kind === 'Enhanced'
    ? new EnhancedApiClient(url, { connection: { maxRetryAttempts: 3, baseRetryDelayMs: 50, taskOperationTimeoutSeconds: 20 } })
    : new StandardApiClient(url, { maxAttempts: 3, delayMs: 50 });
  cleanups.push(() => api.dispose());
  return api;
}

describe('fault: an answer lost on a server that ignores Idempotency-Key (vcconn serve --no-idempotency, as the .NET server)', () => {
  it.each(['Enhanced', 'Standard'] as const)(
    '%s client: the createTask is not repeated; OutcomeUnknownError names the key it sent; the server holds the task once',
    async (kind) => {
      const { proxy, direct } = await lostCreateAnswer(false);
      const api = client(kind, proxy.url);
      // The server's health answer advertises nothing: the key is taken as ignored (as before any answer).
      expect((await api.getConnectionHealth()).isHealthy).toBe(true);

      const error = await api.createTask({ name: 'render-once', type: 'HelloWorld' }).then(
        () => { throw new Error('expected the lost answer to make the outcome unknown'); },
        (rejected: unknown) => rejected,
      );

      const creates = proxy.exchanges.filter(isCreate);
      expect(creates.map((e) => [e.action, e.status])).toEqual([['dropAnswer', 201]]);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(error).toMatchObject({ code: 'ERR_OUTCOME_UNKNOWN', operation: 'createTask', idempotencyKey: creates[0]?.idempotencyKey });
      expect((error as OutcomeUnknownError).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect((error as OutcomeUnknownError).cause).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toContain(String(creates[0]?.idempotencyKey));
      // The caller looks the result up, as the error says: the request that lost its answer did create the task.
      expect((await direct.getTasks()).filter((task) => task.name === 'render-once')).toHaveLength(1);
    },
  );

  it('the same lost answer against a server that honours the key is retried with it: one task, no error', async () => {
    const { proxy, direct } = await lostCreateAnswer(true);
    const api = client('Enhanced', proxy.url);
    await api.getConnectionHealth();
    const created = await api.createTask({ name: 'render-once', type: 'HelloWorld' });
    const creates = proxy.exchanges.filter(isCreate);
    expect(creates.map((e) => e.action)).toEqual(['dropAnswer', 'pass']);
    expect(creates[1]?.idempotencyKey).toBe(creates[0]?.idempotencyKey);
    expect((await direct.getTasks()).map((task) => task.id)).toEqual([created.id]);
  });

  it('keeps every task exactly once while creations, folder creations and status writes lose their answers', async () => {
    const result = await runScenario({
      fault: 'lost answers, .NET mode',
      setUp: (db) => proxiedServer(db, async (proxy, run) => {
        // Every third write loses its answer after the server applied it; health and reads pass.
        let writes = 0;
        proxy.setRule((request) => {
          if (isHealth(request) || request.method === 'GET') return { kind: 'pass' };
          writes += 1;
          return writes % 3 === 0 ? { kind: 'dropAnswer' } : { kind: 'pass' };
        });
        const dropped = (match: (request: ProxiedRequest) => boolean): number =>
          proxy.exchanges.filter((e) => e.action === 'dropAnswer' && match(e)).length;
        await run.waitUntil('creations, folder creations and status writes to lose answers',
          () => dropped(isCreate) > 0 && dropped(isFolderCreate) > 0 && dropped(isStatusWrite) > 0);
        proxy.setRule(null);
        return { creates: dropped(isCreate), folders: dropped(isFolderCreate), statusWrites: dropped(isStatusWrite), repeatedKeys: repeatedKeys(proxy) };
      }, { idempotency: false }),
    });
    recordRow(result, `server ignores Idempotency-Key; answers dropped: ${String(result.figures.creates)} creations, `
      + `${String(result.figures.folders)} folder creations, ${String(result.figures.statusWrites)} status writes; none repeated`);
    expectInvariants(result);
    // No request of a non-idempotent call went out twice under one key: each was looked up instead.
    expect(result.figures.repeatedKeys).toBe(0);
  });
});

/** Keys sent more than once (a non-idempotent request repeated); the server ignores them, so each would be a copy. */
function repeatedKeys(proxy: FaultProxy): number {
  const seen = new Map<string, number>();
  for (const { idempotencyKey } of proxy.exchanges) {
    if (idempotencyKey !== undefined) seen.set(idempotencyKey, (seen.get(idempotencyKey) ?? 0) + 1);
  }
  return [...seen.values()].filter((count) => count > 1).length;
}
