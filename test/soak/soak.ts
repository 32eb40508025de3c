import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionManager, EnhancedApiClient, StandardApiClient } from '../../src/index.js';
import type { ApiClient } from '../../src/index.js';
import { startFaultProxy } from '../../src/demo/faultProxy.js';
import { startServerProcess } from '../../src/demo/serverProcess.js';
import { activeResourceCounts } from '../helpers/activeResources.js';
import { flap } from './flapping.js';
import type { FlapCounts, ServerHandle } from './flapping.js';
import { callInLoop } from './load.js';
import { judgeMemory, sampleMemory, warmUpSeconds } from './memory.js';
import type { MemorySample, MemoryVerdict } from './memory.js';
import { Tally } from './tally.js';

/** How a soak run is shaped. */
export interface SoakOptions {
  readonly minutes: number;
  /** ConnectionManagers (each with two callers) besides the one bare Enhanced and one bare Standard client. */
  readonly managers: number;
  /** Seconds per flapping step. */
  readonly flapSeconds: number;
  /** Seconds between memory samples. */
  readonly sampleSeconds: number;
  /** Called with a line of progress now and then. */
  readonly progress: (line: string) => void;
}

/** Everything a run measured. */
export interface SoakResult {
  readonly durationSeconds: number;
  readonly gcForced: boolean;
  readonly memory: MemoryVerdict;
  readonly samples: readonly MemorySample[];
  readonly requests: ReturnType<Tally['summary']>;
  readonly flapping: FlapCounts;
  /** Active resources by kind right after warm-up, at the end of the load, and once everything was disposed. */
  readonly handles: { readonly afterWarmUp: Record<string, number>; readonly endOfLoad: Record<string, number>; readonly afterDispose: Record<string, number> };
  readonly unhandled: readonly string[];
  readonly untypedFailures: number;
}

// Soak tuning: short timers so a fault is noticed, ridden out and recovered from within one flapping step.
const CONNECTION = {
  defaultTimeoutSeconds: 3, healthCheckTimeoutSeconds: 1, taskOperationTimeoutSeconds: 6, fileOperationTimeoutSeconds: 6,
  maxRetryAttempts: 2, baseRetryDelayMs: 50, maxRetryDelayMs: 500, circuitBreakerFailureThreshold: 4,
  circuitBreakerSamplingDurationSeconds: 5, circuitBreakerBreakDurationSeconds: 1, circuitBreakerMaxBreakDurationSeconds: 4,
  retryAfterMaxSeconds: 2, degradedHealthCheckIntervalSeconds: 1, connectionPoolSize: 4,
} as const;

/**
 * Runs the soak: the reference server (a child process) behind the demo's fault proxy, `managers`
 * ConnectionManagers with two callers each plus a bare Enhanced and a bare Standard client, all calling without
 * pause for `minutes`, while the faults flap; memory is sampled every `sampleSeconds` after a forced GC.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  };
  process.on('unhandledRejection', onUnhandled);
  const dir = mkdtempSync(join(tmpdir(), 'vcconn-soak-'));
  const db = join(dir, 'soak.db');
  const server: ServerHandle = { current: await startServerProcess({ db }) };
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const proxy = await startFaultProxy(server.current.url, random);
  try {
    const taskIds = await seedServer(server.current.url, options.managers + 2);
    const tally = new Tally();
    const load = new AbortController();
    const clients: Array<{ api: ApiClient; dispose: () => Promise<void> }> = [];
    for (let index = 0; index < options.managers; index++) {
      const manager = new ConnectionManager({
        baseUrl: proxy.url, connection: CONNECTION, apiSettings: { enableAutoRecovery: true, healthCheckIntervalMinutes: 2 / 60 },
      });
      clients.push({ api: manager.client, dispose: () => manager.dispose() });
      clients.push({ api: manager.client, dispose: () => Promise.resolve() });
    }
    const enhanced = new EnhancedApiClient(proxy.url, { connection: CONNECTION });
    const standard = new StandardApiClient(proxy.url, { timeoutMs: 3000, healthTimeoutMs: 1000, delayMs: 100 });
    clients.push({ api: enhanced, dispose: () => enhanced.dispose() }, { api: standard, dispose: () => standard.dispose() });
    const loops = clients.map(({ api }, index) => callInLoop(api, { nodeId: `soak-node-${Math.floor(index / 2)}`, taskIds }, tally, load.signal));

    const flapStop = new AbortController();
    const flapping = flap(proxy, server, db, options.flapSeconds * 1000, flapStop.signal);

    const startedAt = Date.now();
    const totalSeconds = options.minutes * 60;
    const warmUp = warmUpSeconds(totalSeconds);
    const samples: MemorySample[] = [];
    let afterWarmUp: Record<string, number> | undefined;
    while ((Date.now() - startedAt) / 1000 < totalSeconds) {
      await sleep(options.sampleSeconds * 1000);
      const sample = sampleMemory(startedAt);
      samples.push(sample);
      if (afterWarmUp === undefined && sample.atSeconds >= warmUp) afterWarmUp = activeResourceCounts();
      const { ok, failed } = tally.summary();
      options.progress(`[${sample.atSeconds.toFixed(0)} s] rss ${mib(sample.rss)} heap ${mib(sample.heapUsed)} ok ${ok} failed ${failed}`);
    }
    const endOfLoad = activeResourceCounts();
    flapStop.abort();
    const flapCounts = await flapping;
    load.abort();
    await Promise.all(loops);
    await Promise.all(clients.map((client) => client.dispose()));
    const durationSeconds = (Date.now() - startedAt) / 1000;
    const requests = tally.summary();
    return {
      durationSeconds,
      gcForced: typeof globalThis.gc === 'function',
      memory: judgeMemory(samples, warmUp),
      samples,
      requests,
      flapping: flapCounts,
      handles: { afterWarmUp: afterWarmUp ?? {}, endOfLoad, afterDispose: await settledHandles(proxy, server) },
      unhandled,
      untypedFailures: Object.entries(requests.byKind).filter(([label]) => label.startsWith('UNTYPED')).reduce((sum, [, n]) => sum + n, 0),
    };
  } finally {
    await proxy.close();
    await server.current.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
  }
}

/** Creates the tasks the callers read and registers their nodes, directly on the server. */
async function seedServer(url: string, nodes: number): Promise<number[]> {
  const api = new EnhancedApiClient(url);
  try {
    const ids: number[] = [];
    for (let index = 0; index < 20; index++) ids.push((await api.createTask({ name: `soak task ${index}`, type: 'HelloWorld' })).id);
    for (let index = 0; index < nodes; index++) {
      await api.registerNode({ id: `soak-node-${index}`, name: `Soak node ${index}`, ipAddress: `10.0.0.${index + 1}` });
    }
    return ids;
  } finally {
    await api.dispose();
  }
}

/** Handles once the proxy and the server are gone, as a host that shut everything down would have them. */
async function settledHandles(proxy: { close(): Promise<void> }, server: ServerHandle): Promise<Record<string, number>> {
  await proxy.close();
  await server.current.stop();
  // Sockets closed a moment ago finish closing on the next turns of the event loop.
  await sleep(200);
  return activeResourceCounts();
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
