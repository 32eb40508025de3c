import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';

let servers: RunningServer[] = [];
let manager: ConnectionManager | undefined;
const dir = mkdtempSync(join(tmpdir(), 'vcconn-set-controls-'));

beforeAll(async () => {
  servers = await Promise.all([startServer({ port: 0 }), startServer({ port: 0 })]);
});

afterEach(async () => {
  await manager?.dispose();
  manager = undefined;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A manager over the two in-process reference servers, on a SimulatedClock (no timer fires unless moved). */
function start(options: Partial<ConnectionManagerOptions> = {}): ConnectionManager {
  const urls = servers.map((server) => server.url);
  manager = new ConnectionManager({
    baseUrl: urls[0] ?? '',
    apiSettings: { baseUrls: urls, enableAutoRecovery: false },
    connection: { maxRetryAttempts: 0 },
    clock: new SimulatedClock(),
    networkWatch: false,
    ...options,
  });
  return manager;
}

describe('ConnectionManager over several servers: switching, recreating, state file', () => {
  it('switches to the Standard client over the set (no breaker: isolation refuses calls at the manager) and back', async () => {
    const m = start();
    expect(await m.switchToStandardClient()).toBe(true);
    expect(m.currentClientType).toBe('standard');
    expect(m.circuitState).toBeUndefined();
    await expect(m.client.getTasks()).resolves.toEqual([]);
    expect((await m.checkHealthNow()).healthyEndpoints).toEqual(servers.map((server) => server.url));

    const handle = m.isolate('maintenance');
    await expect(m.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    handle.dispose();
    await expect(m.client.getTasks()).resolves.toEqual([]);

    expect(await m.switchToEnhancedClient()).toBe(true);
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });

  it('carries an isolation over a recreated set: the new set\'s endpoints are isolated before it takes calls', async () => {
    const m = start();
    const handle = m.isolate('maintenance');
    expect(await m.recreateConnection()).toBe(true);
    expect(m.circuitState).toBe('isolated');
    const refused = await m.client.getTasks().catch((error: unknown) => error);
    expect((refused as BrokenCircuitError).endpoints).toEqual(servers.map((server) => server.url));
    handle.dispose();
    expect(m.circuitState).toBe('closed');
    await expect(m.client.getTasks()).resolves.toEqual([]);
  });

  it('saves the link and client type to the state file (no breaker for a set) and starts again from it', async () => {
    const stateFile = join(dir, 'state.json');
    const m = start({ stateFile });
    const handle = m.isolate('maintenance');
    await m.saveState();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { connection: { link: string; client: string }; clients: Record<string, { breaker: unknown }> };
    expect(saved.connection).toMatchObject({ link: 'degraded', client: 'enhanced' });
    expect(saved.clients).toEqual({ enhanced: { breaker: null } });
    // Disposed while isolated: the final save keeps the degraded link.
    await m.dispose();
    handle.dispose();

    const again = start({ stateFile });
    // The set's breakers start closed; the saved link holds until the next health check says otherwise.
    expect(again.circuitState).toBe('closed');
    expect(again.status.link).toBe('degraded');
    await again.checkHealthNow();
    expect(again.status).toMatchObject({ link: 'healthy', circuitBreakerOpen: false });
    await expect(again.client.getTasks()).resolves.toEqual([]);
  });
});
