import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionStatus } from '../../machines/connection/types.js';
import { defaultConnectionOptions } from '../../src/config/defaults.js';
import type { ConnectionOptions } from '../../src/config/types.js';
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';
import type { ServerProcess } from '../server/serverProcess.js';

/** A recovery scenario: the manager's settings and how long the server stays down. */
export interface RecoveryScenario {
  readonly name: string;
  readonly connection: Partial<ConnectionOptions>;
  readonly downMs: number;
  /** Give up waiting for health after this long, ms. */
  readonly timeoutMs: number;
}

/** What one recovery run measured (ms from the restarted server listening). */
export interface RecoveryResult {
  readonly name: string;
  readonly breakDurationMs: number;
  readonly degradedHealthCheckIntervalMs: number;
  readonly downMs: number;
  /** From the kill to the manager's link leaving `healthy` (or its breaker opening). */
  readonly detectMs: number;
  /** From the server listening again to `statusChanged` reporting the link healthy with the breaker closed. */
  readonly recoveryMs: number | null;
  /**
   * From the server listening again to `lastHealthStatus.isHealthy` (the health probe's view); null when it
   * still said unhealthy 2 s after the link was healthy again (a recovery by a new client needs no probe).
   */
  readonly healthSeenMs: number | null;
  /** The link states the manager went through, in order. */
  readonly links: readonly string[];
  /** Every `statusChanged`, ms from the kill: link, and `open` when the breaker was open. */
  readonly timeline: readonly string[];
}

const CALLERS = 4;
const CALL_GAP_MS = 50;
const HEALTH_GRACE_MS = 2000;

function isRecovered(status: ConnectionStatus): boolean {
  return status.link === 'healthy' && !status.circuitBreakerOpen;
}

/**
 * Kills the real server process under a ConnectionManager that is carrying a light load (4 callers, a call
 * every 50 ms each), keeps it down for `downMs`, restarts it on the same port, and measures how long the
 * manager takes to report the link healthy again (`statusChanged` to healthy with the breaker closed).
 */
export async function runRecovery(server: ServerProcess, scenario: RecoveryScenario): Promise<RecoveryResult> {
  const manager = new ConnectionManager({ baseUrl: server.url, connection: scenario.connection });
  const links: string[] = [manager.status.link];
  const timeline: string[] = [];
  let recoveredAt: number | null = null;
  let upAt: number | null = null;
  let killedAt = 0;
  manager.on('statusChanged', ({ current }) => {
    if (links[links.length - 1] !== current.link) links.push(current.link);
    if (killedAt > 0) timeline.push(`${Math.round(performance.now() - killedAt)} ${current.link}${current.circuitBreakerOpen ? ' open' : ''}`);
    if (upAt !== null && recoveredAt === null && isRecovered(current)) recoveredAt = performance.now();
  });
  let loading = true;
  const caller = async () => {
    while (loading) {
      await manager.client.getTasks().catch(() => undefined);
      await sleep(CALL_GAP_MS);
    }
  };
  const callers = Array.from({ length: CALLERS }, caller);
  try {
    await sleep(500);
    killedAt = performance.now();
    await server.kill();
    const detected = await waitFor(() => !isRecovered(manager.status), scenario.timeoutMs);
    const detectMs = detected === null ? -1 : detected - killedAt;
    await sleep(Math.max(0, killedAt + scenario.downMs - performance.now()));
    await server.restart();
    upAt = performance.now();
    timeline.push(`${Math.round(upAt - killedAt)} server listening`);
    const start = upAt;
    // Health seen and link healthy can come in either order; a recovery that swaps in a fresh client makes the
    // link healthy without a health probe, so `lastHealthStatus` is waited for at most 2 s past that.
    let healthSeen: number | null = null;
    await waitFor(() => {
      const health = manager.lastHealthStatus;
      if (healthSeen === null && health !== null && health.isHealthy && health.lastChecked >= Date.now() - (performance.now() - start)) {
        healthSeen = performance.now();
      }
      return recoveredAt !== null && (healthSeen !== null || performance.now() > recoveredAt + HEALTH_GRACE_MS);
    }, scenario.timeoutMs);
    const recovered = recoveredAt;
    const settings = manager.actor.getSnapshot().context.settings;
    return {
      name: scenario.name,
      breakDurationMs: (scenario.connection.circuitBreakerBreakDurationSeconds ?? defaultConnectionOptions.circuitBreakerBreakDurationSeconds) * 1000,
      degradedHealthCheckIntervalMs: settings.health.degradedIntervalMs,
      downMs: scenario.downMs,
      detectMs: Math.round(detectMs),
      recoveryMs: recovered === null ? null : Math.round(recovered - start),
      healthSeenMs: healthSeen === null ? null : Math.round(healthSeen - start),
      links,
      timeline,
    };
  } finally {
    loading = false;
    await Promise.all(callers);
    await manager.dispose();
    if (!server.running) await server.restart();
  }
}

/** Polls `done` every 5 ms; the moment it held (performance.now()), or null after `timeoutMs`. */
async function waitFor(done: () => boolean, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (done()) return performance.now();
    await sleep(5);
  }
  return null;
}
