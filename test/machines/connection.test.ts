import { assign, createActor, fromPromise, setup, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectionMachine } from '../../machines/connection.machine.js';
import type {
  ConnectionEmitted,
  ConnectionInput,
  ConnectionParentEvent,
  PrepareClientInput,
  PreparedClient,
  RecoverInput,
  RecoveryOutcome,
} from '../../machines/connection/types.js';
import type { HealthProbeResult, ProbeInput } from '../../machines/health/types.js';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';
import type { ClientType } from '../../machines/types.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Deferred<T> { resolve(value: T): void; reject(error: Error): void; promise: Promise<T> }
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { resolve, reject, promise };
}

const baseInput: Omit<ConnectionInput, 'at'> = {
  initialClient: 'enhanced',
  enableAutoRecovery: true,
  recoveryDelayMs: 5_000,
  maxRecoveryDelayMs: 12_000,
  health: { intervalMs: 60_000, degradedIntervalMs: 5_000, timeoutMs: 5_000 },
};

function startConnection(input: Partial<ConnectionInput> = {}) {
  const clock = new SimulatedClock();
  const prepares: Array<{ input: PrepareClientInput; at: number; answer: Deferred<PreparedClient> }> = [];
  const recoveries: Array<{ input: RecoverInput; at: number; answer: Deferred<RecoveryOutcome>; signal: AbortSignal }> = [];
  const probes: number[] = [];
  const hooks: string[] = [];
  const health = { up: true };
  const machine = connectionMachine.provide({
    actors: {
      prepareClient: fromPromise<PreparedClient, PrepareClientInput>(({ input: i }) => {
        const answer = deferred<PreparedClient>();
        prepares.push({ input: i, at: clock.now(), answer });
        return answer.promise;
      }),
      recover: fromPromise<RecoveryOutcome, RecoverInput>(({ input: i, signal }) => {
        const answer = deferred<RecoveryOutcome>();
        recoveries.push({ input: i, at: clock.now(), answer, signal });
        return answer.promise;
      }),
      healthMonitor: healthMonitorMachine.provide({
        actors: {
          probe: fromPromise<HealthProbeResult, ProbeInput>(() => {
            probes.push(clock.now());
            return Promise.resolve({ isHealthy: health.up, responseTimeMs: 3, at: clock.now(), ...(health.up ? {} : { lastError: 'ECONNREFUSED' }) });
          }),
        },
      }),
    },
    actions: {
      commitClient: (_, params: { client: ClientType }) => { hooks.push(`commit:${params.client}`); },
      discardCandidate: (_, params: { client: ClientType }) => { hooks.push(`discard:${params.client}`); },
    },
  });
  const actor = createActor(machine, { clock, input: { ...baseInput, ...input, at: 0 } });
  const emitted: ConnectionEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const value = () => actor.getSnapshot().value;
  const messages = () => emitted.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  const statuses = () => emitted.flatMap((e) => (e.type === 'statusChanged' ? [`${e.current.client}/${e.current.link}`] : []));
  const failHealth = async () => {
    health.up = false;
    actor.send({ type: 'HEALTH.FAILED', at: clock.now(), result: { isHealthy: false, responseTimeMs: 0, at: clock.now(), lastError: 'ECONNREFUSED' } });
    await flush();
  };
  return { actor, clock, prepares, recoveries, probes, hooks, health, emitted, value, messages, statuses, failHealth };
}

describe('connection: client region', () => {
  it('starts on the client UseEnhancedClient names, link healthy', () => {
    expect(startConnection().value()).toEqual({ client: { enhanced: 'active' }, link: 'healthy' });
    expect(startConnection({ initialClient: 'standard' }).value()).toEqual({ client: { standard: 'active' }, link: 'healthy' });
  });

  it('switches to standard only after the candidate passed its test, then commits it', async () => {
    const c = startConnection();
    c.actor.send({ type: 'SWITCH_TO_STANDARD', at: 10 });
    expect(c.value()).toEqual({ client: { enhanced: 'switching' }, link: 'healthy' });
    expect(c.prepares.map((p) => p.input)).toEqual([{ client: 'standard', reason: 'switch' }]);
    c.prepares[0]?.answer.resolve({ client: 'standard', at: 20 });
    await flush();
    expect(c.value()).toEqual({ client: { standard: 'active' }, link: 'healthy' });
    expect(c.hooks).toEqual(['commit:standard']);
    expect(c.messages()).toEqual(['Switching to standard client', 'Switch to standard client succeeded; standard client is now in use']);
    expect(c.emitted.at(-1)).toMatchObject({ type: 'statusChanged', previous: { client: 'enhanced' }, current: { client: 'standard', link: 'healthy' }, timestamp: 20 });
  });

  it('reverts to the current client and discards the candidate when its test fails', async () => {
    const c = startConnection({ initialClient: 'standard' });
    c.actor.send({ type: 'SWITCH_TO_ENHANCED', at: 10 });
    c.prepares[0]?.answer.reject(new Error('health check failed: 503'));
    await flush();
    expect(c.value()).toEqual({ client: { standard: 'active' }, link: 'healthy' });
    expect(c.hooks).toEqual(['discard:enhanced']);
    expect(c.messages().at(-1)).toBe('Switch to enhanced client failed (health check failed: 503); staying on standard client');
    expect(c.statuses()).toEqual([]);
  });

  it('RECREATE prepares a fresh client of the same type and commits it', async () => {
    const c = startConnection();
    c.actor.send({ type: 'RECREATE', at: 1 });
    expect(c.prepares.map((p) => p.input)).toEqual([{ client: 'enhanced', reason: 'recreate' }]);
    c.prepares[0]?.answer.resolve({ client: 'enhanced', at: 2 });
    await flush();
    expect(c.value()).toEqual({ client: { enhanced: 'active' }, link: 'healthy' });
    expect(c.hooks).toEqual(['commit:enhanced']);
  });
});

describe('connection: link region and recovery', () => {
  it('losing health with EnableAutoRecovery starts exactly one recovery; RECOVER meanwhile joins it', async () => {
    const c = startConnection();
    await c.failHealth();
    expect(c.value()).toMatchObject({ link: 'recovering' });
    c.actor.send({ type: 'RECOVER', at: 1 });
    c.actor.send({ type: 'RECOVER', at: 2 });
    await c.failHealth();
    expect(c.recoveries).toHaveLength(1);
    expect(c.recoveries[0]?.input).toEqual({ client: 'enhanced', attempt: 1 });
    expect(c.messages().filter((m) => m.includes('joining'))).toHaveLength(2);
  });

  it('a successful recovery with the other client type commits it and is healthy', async () => {
    const c = startConnection();
    await c.failHealth();
    c.recoveries[0]?.answer.resolve({ ok: true, client: 'standard', at: 500 });
    await flush();
    expect(c.value()).toEqual({ client: { standard: 'active' }, link: 'healthy' });
    expect(c.hooks).toEqual(['commit:standard']);
    expect(c.statuses()).toEqual(['enhanced/recovering', 'standard/healthy']);
  });

  it('a failed recovery goes offline and retries after a delay that doubles up to its cap', async () => {
    const c = startConnection();
    await c.failHealth();
    for (let i = 0; i < 4; i++) {
      c.recoveries[i]?.answer.resolve({ ok: false, error: 'refused twice', at: c.clock.now() });
      await flush();
      expect(c.value()).toMatchObject({ link: 'offline' });
      c.clock.increment(c.actor.getSnapshot().context.recoveryDelayMs);
      await flush();
    }
    expect(c.recoveries.map((r) => r.at)).toEqual([0, 5_000, 15_000, 27_000, 39_000]);
    expect(c.recoveries.map((r) => r.input.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it('health coming back cancels a running recovery (its signal aborts) and resets the backoff', async () => {
    const c = startConnection();
    await c.failHealth();
    c.actor.send({ type: 'HEALTH.OK', at: 3, result: { isHealthy: true, responseTimeMs: 2, at: 3 } });
    expect(c.value()).toMatchObject({ link: 'healthy' });
    expect(c.recoveries[0]?.signal.aborted).toBe(true);
  });

  it('without EnableAutoRecovery a lost link only degrades; a manual RECOVER starts a recovery', async () => {
    const c = startConnection({ enableAutoRecovery: false });
    await c.failHealth();
    expect(c.value()).toMatchObject({ link: 'degraded' });
    expect(c.recoveries).toHaveLength(0);
    c.actor.send({ type: 'RECOVER', at: 5 });
    expect(c.value()).toMatchObject({ link: 'recovering' });
    c.recoveries[0]?.answer.resolve({ ok: false, error: 'down', at: 6 });
    await flush();
    c.clock.increment(1_000_000);
    await flush();
    expect(c.value()).toMatchObject({ link: 'offline' });
    expect(c.recoveries).toHaveLength(1);
  });

  it('an open breaker degrades the link until it closes, even when health is OK', () => {
    const c = startConnection();
    c.actor.send({ type: 'BREAKER.OPENED', at: 1 });
    expect(c.value()).toMatchObject({ link: 'degraded' });
    c.actor.send({ type: 'HEALTH.OK', at: 2, result: { isHealthy: true, responseTimeMs: 2, at: 2 } });
    expect(c.value()).toMatchObject({ link: 'degraded' });
    c.actor.send({ type: 'BREAKER.CLOSED', at: 3 });
    expect(c.value()).toMatchObject({ link: 'healthy' });
    expect(c.emitted.filter((e) => e.type === 'statusChanged').map((e) => e.type === 'statusChanged' && [e.current.link, e.current.circuitBreakerOpen]))
      .toEqual([['degraded', true], ['healthy', false]]);
  });

  it('refuses a manual switch while a recovery runs, and defers recovery while a switch runs', async () => {
    const c = startConnection();
    await c.failHealth();
    c.actor.send({ type: 'SWITCH_TO_STANDARD', at: 1 });
    expect(c.prepares).toHaveLength(0);
    expect(c.messages()).toContain('Recovery in progress; SWITCH_TO_STANDARD ignored');

    const d = startConnection();
    d.actor.send({ type: 'SWITCH_TO_STANDARD', at: 1 });
    await d.failHealth();
    expect(d.value()).toEqual({ client: { enhanced: 'switching' }, link: 'degraded' });
    expect(d.recoveries).toHaveLength(0);
  });

  it('the health monitor probes at the fast interval while the link is not healthy', async () => {
    const c = startConnection({ enableAutoRecovery: false });
    c.actor.send({ type: 'BREAKER.OPENED', at: 0 });
    c.clock.increment(5_000);
    await flush();
    c.clock.increment(5_000);
    await flush();
    expect(c.probes).toEqual([5_000, 10_000]);
  });

  it('its own health monitor drives it: a failed probe starts recovery', async () => {
    const c = startConnection();
    c.health.up = false;
    c.clock.increment(60_000);
    await flush();
    expect(c.value()).toMatchObject({ link: 'recovering' });
    expect(c.recoveries).toHaveLength(1);
  });
});

describe('connection: probing at once', () => {
  it('forwards CHECK_NOW to its health monitor, which probes now instead of at the interval, and reports back', async () => {
    const c = startConnection();
    c.clock.set(7_000);
    c.health.up = false;
    c.actor.send({ type: 'CHECK_NOW', at: 7_000 });
    await flush();
    expect(c.probes).toEqual([7_000]);
    expect(c.actor.getSnapshot().context.lastHealth).toMatchObject({ isHealthy: false, at: 7_000 });
    expect(c.value()).toMatchObject({ link: 'recovering' });
  });
});

describe('connection: embedding and restore', () => {
  it('a host machine that invokes it receives CONNECTION.STATUS_CHANGED', () => {
    const host = setup({
      types: { context: {} as { changes: ConnectionParentEvent[] }, events: {} as ConnectionParentEvent },
      actors: { connection: connectionMachine },
    }).createMachine({
      context: { changes: [] },
      invoke: { id: 'connection', src: 'connection', input: { ...baseInput, enableAutoRecovery: false, at: 0 } },
      on: { 'CONNECTION.STATUS_CHANGED': { actions: assign({ changes: ({ context, event }) => [...context.changes, event] }) } },
    });
    const actor = createActor(host, { clock: new SimulatedClock() }).start();
    const child = actor.getSnapshot().children.connection;
    child?.send({ type: 'BREAKER.OPENED', at: 7 });
    expect(actor.getSnapshot().context.changes).toMatchObject([{ previous: { link: 'healthy' }, current: { link: 'degraded' }, timestamp: 7 }]);
  });

  it('restored offline, RESTORED re-arms the remaining recovery delay', async () => {
    const c = startConnection();
    await c.failHealth();
    c.recoveries[0]?.answer.resolve({ ok: false, error: 'down', at: 0 });
    await flush();
    c.clock.increment(2_000);
    const persisted = c.actor.getPersistedSnapshot();
    c.actor.stop();

    const clock = new SimulatedClock();
    clock.set(3_000);
    const recoveries: number[] = [];
    const machine = connectionMachine.provide({
      actors: {
        recover: fromPromise<RecoveryOutcome, RecoverInput>(() => {
          recoveries.push(clock.now());
          return new Promise<RecoveryOutcome>(() => undefined);
        }),
        healthMonitor: healthMonitorMachine.provide({ actors: { probe: fromPromise<HealthProbeResult, ProbeInput>(() => new Promise<HealthProbeResult>(() => undefined)) } }),
      },
    });
    const restored = createActor(machine, { clock, snapshot: persisted, input: { ...baseInput, at: 0 } }).start();
    restored.send({ type: 'RESTORED', at: clock.now() });
    clock.increment(1_999);
    expect(recoveries).toEqual([]);
    clock.increment(1);
    expect(recoveries).toEqual([5_000]);
  });
});
