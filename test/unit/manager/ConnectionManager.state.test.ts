import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BreakerState } from '../../../machines/breaker/types.js';
import type { ConnectionState } from '../../../machines/connection/types.js';
import type { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { StateFileError } from '../../../src/errors/StateFileError.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import type { ConnectionManagerOptions } from '../../../src/manager/options.js';
import { readStateFile } from '../../../src/state/stateFile.js';
import { STATE_FORMAT, STATE_FORMAT_VERSION } from '../../../src/state/types.js';
import type { SavedConnectionState } from '../../../src/state/types.js';
import { expectNoSecrets } from '../../helpers/expectNoSecrets.js';
import { ArrayTransport } from '../logging/support/arrayTransport.js';

const T = 1_700_000_000_000;
let dir: string;
let file: string;
let refusedUrl: string;
const managers: ConnectionManager[] = [];

/** A loopback port nothing listens on: every call fails fast with ECONNREFUSED (transient). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vcconn-manager-state-'));
  file = join(dir, 'connection-state.json');
  refusedUrl = `http://127.0.0.1:${await closedPort()}`;
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

function save(connection: ConnectionState | null, breaker: BreakerState | null, savedAt = T): void {
  const state: SavedConnectionState = {
    format: STATE_FORMAT, version: STATE_FORMAT_VERSION, savedAt, connection,
    clients: connection?.client === 'standard' ? { standard: { breaker: null } } : { enhanced: { breaker } },
  };
  writeFileSync(file, JSON.stringify(state));
}

const degraded: ConnectionState = { client: 'enhanced', link: 'degraded', circuitBreakerOpen: true, lastError: '503', recoveryAttempts: 0, recoveryDelayMs: 5_000, offlineSince: T };
const openBreaker = (openedAt: number, breakMs = 30_000): BreakerState => ({ state: 'open', openedAt, breakMs, buckets: [] });

function start(now: number, options: Partial<ConnectionManagerOptions> = {}) {
  const clock = new SimulatedClock();
  clock.set(now);
  const manager = new ConnectionManager({
    baseUrl: refusedUrl, clock, stateFile: file, networkWatch: false,
    connection: { maxRetryAttempts: 0 },
    apiSettings: { enableAutoRecovery: false },
    ...options,
  });
  managers.push(manager);
  return { manager, clock };
}

/** The breaker state of the manager's current (Enhanced) client. */
function circuit(manager: ConnectionManager): string | undefined {
  return manager.captureState().clients.enhanced?.breaker?.state;
}

async function refusal(manager: ConnectionManager): Promise<BrokenCircuitError> {
  const error: unknown = await manager.client.getTasks().then(() => undefined, (e: unknown) => e);
  if (!(error instanceof BrokenCircuitError)) throw new Error(`expected a BrokenCircuitError, got ${String(error)}`);
  return error;
}

describe('ConnectionManager stateFile: restore', () => {
  it('an open breaker saved 10 s ago with a 30 s break refuses calls for 20 s more, then lets a probe through', async () => {
    save(degraded, openBreaker(T));
    const { manager, clock } = start(T + 10_000);
    expect(manager.status).toMatchObject({ client: 'enhanced', link: 'degraded', circuitBreakerOpen: true });
    expect((await refusal(manager)).retryAfterMs).toBe(20_000);
    clock.increment(19_999);
    expect(circuit(manager)).toBe('open');
    clock.increment(1);
    expect(circuit(manager)).toBe('halfOpen');
  });

  it('an open breaker saved 40 s ago with a 30 s break resumes half-open: the next call is the probe', async () => {
    save(degraded, openBreaker(T));
    const { manager } = start(T + 40_000);
    expect(circuit(manager)).toBe('halfOpen');
    // The probe goes out (and fails on the refused port): the breaker reopens with its break doubled.
    await expect(manager.client.getTasks()).rejects.toMatchObject({ code: 'ERR_NETWORK' });
    expect(manager.captureState().clients.enhanced?.breaker).toMatchObject({ state: 'open', openedAt: T + 40_000, breakMs: 60_000 });
  });

  it('settings changed between save and restore apply: a shorter max break clamps the saved one', async () => {
    save(degraded, openBreaker(T, 120_000));
    const { manager } = start(T + 2_000, { connection: { maxRetryAttempts: 0, circuitBreakerBreakDurationSeconds: 5, circuitBreakerMaxBreakDurationSeconds: 10 } });
    expect((await refusal(manager)).retryAfterMs).toBe(8_000);
    const client = (manager as unknown as { runtime: { slots: { current: { client: EnhancedApiClient } } } }).runtime.slots.current.client;
    expect(client.breaker.getSnapshot().context.settings).toMatchObject({ breakDurationMs: 5_000, maxBreakDurationMs: 10_000 });
  });

  it('the saved client type and an offline link are restored, the next recovery re-armed from offlineSince', () => {
    save({ ...degraded, client: 'standard', link: 'offline', circuitBreakerOpen: false, recoveryDelayMs: 4_000, offlineSince: T - 1_000 }, null);
    const { manager, clock } = start(T, { apiSettings: { enableAutoRecovery: true }, connection: { maxRetryAttempts: 0, degradedHealthCheckIntervalSeconds: 2 } });
    expect(manager.currentClientType).toBe('standard');
    expect(manager.status).toMatchObject({ client: 'standard', link: 'offline' });
    clock.increment(2_999);
    expect(manager.actor.getSnapshot().context.link).toBe('offline');
    clock.increment(1);
    expect(manager.actor.getSnapshot().context.link).toBe('recovering');
  });

  it('a missing file starts fresh', () => {
    const { manager } = start(T);
    expect(manager.status).toMatchObject({ client: 'enhanced', link: 'healthy', circuitBreakerOpen: false });
    expect(circuit(manager)).toBe('closed');
  });

  it('a corrupt file makes the constructor throw a StateFileError naming the file', () => {
    writeFileSync(file, '{"format": "vcdevtool-connection/state", "version": 1, "savedAt": ');
    let thrown: unknown;
    try {
      start(T);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StateFileError);
    expect(thrown).toMatchObject({ code: 'ERR_STATE_FILE', problem: 'malformed', file });
    expect(String((thrown as Error).message)).toContain(file);
  });
});

describe('ConnectionManager stateFile: save', () => {
  it('saves on the breaker opening (link degraded) and at dispose; state only, no settings', async () => {
    const { manager } = start(T);
    for (let i = 0; i < 5; i++) await expect(manager.client.getTasks()).rejects.toMatchObject({ code: 'ERR_NETWORK' });
    await manager.flushState();
    const saved = readStateFile(file);
    expect(saved?.connection).toMatchObject({ client: 'enhanced', link: 'degraded', circuitBreakerOpen: true });
    expect(saved?.clients.enhanced?.breaker).toMatchObject({ state: 'open', openedAt: T, breakMs: 30_000 });
    expect(readFileSync(file, 'utf8')).not.toMatch(/settings|threshold|host/i);
    await manager.dispose();
    expect(readStateFile(file)?.clients.enhanced?.breaker?.state).toBe('open');
  });

  it('saveState(file) writes a copy on demand; without any file it is an InvalidArgumentError', async () => {
    const { manager } = start(T);
    const copy = join(dir, 'copy.json');
    await manager.saveState(copy);
    expect(readStateFile(copy)).toMatchObject({ savedAt: T, connection: { link: 'healthy' } });
    const plain = new ConnectionManager({ baseUrl: refusedUrl, networkWatch: false });
    managers.push(plain);
    await expect(plain.saveState()).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('a failed save is logged without secrets and never breaks calls', async () => {
    const output = new ArrayTransport();
    const secret = 'Bearer s3cr3t-t0ken';
    const { manager } = start(T, {
      stateFile: join(dir, 'no-such-dir', 'state.json'),
      headers: { Authorization: secret },
      logger: createLogger({ transports: [output] }),
    });
    for (let i = 0; i < 5; i++) await expect(manager.client.getTasks()).rejects.toMatchObject({ code: 'ERR_NETWORK' });
    await expect(manager.client.getTasks()).rejects.toBeInstanceOf(BrokenCircuitError);
    await manager.flushState();
    const failures = output.lines().filter((line) => line.includes('Saving the connection state failed'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toContain('no-such-dir');
    expectNoSecrets(output.lines(), ['s3cr3t-t0ken']);
  });
});
