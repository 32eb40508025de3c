import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointSelectionMode } from '../../../machines/endpoints/types.js';
import { BatchTaskStatus } from '../../../src/api/models/index.js';
import type { BatchTask, BatchTaskDraft } from '../../../src/api/models/index.js';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import { EndpointDiscovery } from '../../../src/endpoints/EndpointDiscovery.js';
import type { EndpointSet } from '../../../src/endpoints/EndpointSet.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { NetworkError } from '../../../src/errors/NetworkError.js';
import { OutcomeUnknownError } from '../../../src/errors/OutcomeUnknownError.js';
import { FakeEndpointClient } from './support/FakeEndpointClient.js';
import type { ReceivedCall } from './support/FakeEndpointClient.js';

const A = 'http://a.test:5289';
const B = 'http://b.test:5289';
const C = 'http://c.test:5289';
const HOLD_DOWN_MS = 30_000;

const sentError = (operation: string) => new NetworkError(operation, 'ECONNRESET', 'socket hang up', true);
const unsentError = (operation: string) => new NetworkError(operation, 'ECONNREFUSED', 'connect ECONNREFUSED', true, { neverSent: true });
const task = (id: number, status: number): BatchTask => ({ id, status } as unknown as BatchTask);
const draft: BatchTaskDraft = { name: 'job', type: 'HelloWorld' } as unknown as BatchTaskDraft;

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

function setOf(urls: readonly string[], selection: EndpointSelectionMode = 'ordered'): EndpointSet {
  return { endpoints: urls.map((url) => ({ url, priority: 0, weight: 1 })), selection, failbackHoldDownMs: HOLD_DOWN_MS, discovery: null };
}

function build(urls: readonly string[] = [A, B, C], selection: EndpointSelectionMode = 'ordered') {
  const clock = new SimulatedClock();
  clock.set(1_000);
  const log: ReceivedCall[] = [];
  const fakes = new Map<string, FakeEndpointClient>();
  const api = new MultiEndpointClient(setOf(urls, selection), {
    clock,
    now: () => clock.now(),
    random: () => 0,
    clientFactory: (url) => {
      const fake = new FakeEndpointClient(url, log);
      fakes.set(url, fake);
      return fake;
    },
  });
  disposers.push(() => api.dispose());
  const fake = (url: string): FakeEndpointClient => {
    const found = fakes.get(url);
    if (found === undefined) throw new Error(`no client for ${url}`);
    return found;
  };
  return { api, clock, log, fake, fakes };
}

describe('MultiEndpointClient: selection', () => {
  it('sends every call to the primary, moves on when its breaker opens, and returns after the hold-down', async () => {
    const { api, clock, log, fake } = build();
    await api.getTasks();
    expect(log.map((call) => call.url)).toEqual([A]);

    fake(A).breaker.emit('breaker.opened');
    await api.getTasks();
    expect(api.currentEndpoint).toBe(B);

    fake(A).breaker.emit('breaker.halfOpen');
    await api.getTasks();
    expect(log.map((call) => call.url)).toEqual([A, B, B]);

    clock.increment(HOLD_DOWN_MS);
    await api.getTasks();
    expect(log.map((call) => call.url)).toEqual([A, B, B, A]);
  });

  it('balanced: spreads concurrent calls over the endpoints by outstanding calls', async () => {
    const { api, log, fake } = build([A, B], 'balanced');
    const gates: (() => void)[] = [];
    for (const url of [A, B]) fake(url).script = () => new Promise<unknown>((resolve) => gates.push(() => resolve([])));
    const calls = [api.getTasks(), api.getTasks(), api.getTasks(), api.getTasks()];
    for (const open of gates.splice(0)) open();
    await Promise.all(calls);
    expect(log.filter((call) => call.url === A)).toHaveLength(2);
    expect(log.filter((call) => call.url === B)).toHaveLength(2);
  });
});

describe('MultiEndpointClient: call events', () => {
  it('sends CALL.STARTED / CALL.ENDED to the selection actor only when an inspector watches it', async () => {
    const log: ReceivedCall[] = [];
    const seen: string[] = [];
    const make = (inspect?: () => void) => new MultiEndpointClient(setOf([A]), { inspect, clientFactory: (url) => new FakeEndpointClient(url, log) });
    const watched = make(() => undefined);
    const plain = make();
    disposers.push(() => watched.dispose(), () => plain.dispose());
    for (const api of [watched, plain]) {
      const fake = api.clientOf(A) as FakeEndpointClient;
      fake.script = () => {
        seen.push(`${api === watched ? 'watched' : 'plain'} ${api.selection.getSnapshot().context.endpoints[0]?.outstanding}`);
        return [];
      };
      await api.getTasks();
    }
    expect(seen).toEqual(['watched 1', 'plain 0']);
    expect(watched.selection.getSnapshot().context.endpoints[0]?.outstanding).toBe(0);
  });
});

describe('MultiEndpointClient: failover only when safe', () => {
  it('retries an idempotent GET on the next endpoint after a transient failure that may have been sent', async () => {
    const { api, log, fake } = build();
    fake(A).script = (operation) => { throw sentError(operation); };
    await expect(api.getTasks()).resolves.toEqual([]);
    expect(log.map((call) => call.url)).toEqual([A, B]);
  });

  it('surfaces a 4xx at once: it is an answer, not the endpoint failing', async () => {
    const { api, log, fake } = build();
    fake(A).script = (operation) => { throw new HttpStatusError(operation, 400, 'bad'); };
    await expect(api.getTasks()).rejects.toBeInstanceOf(HttpStatusError);
    expect(log).toHaveLength(1);
  });

  it('surfaces the last error when every endpoint failed', async () => {
    const { api, log, fakes } = build();
    for (const fake of fakes.values()) fake.script = (operation) => { throw new HttpStatusError(operation, 503, 'down'); };
    const error = await api.getTasks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(log.map((call) => call.url)).toEqual([A, B, C]);
  });

  it('does not repeat a createTask that may have been applied on a server not known to honour keys', async () => {
    const { api, log, fake } = build();
    fake(A).script = (operation) => { throw sentError(operation); };
    await expect(api.createTask(draft)).rejects.toBeInstanceOf(NetworkError);
    fake(A).script = (operation) => { throw new OutcomeUnknownError(operation, 'k', { cause: sentError(operation) }); };
    await expect(api.createTask(draft)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(log.map((call) => call.url)).toEqual([A, A]);
  });

  it('moves a createTask on when the failure proves nothing was sent, with one key on every endpoint', async () => {
    const { api, log, fake } = build();
    fake(A).script = (operation) => { throw unsentError(operation); };
    fake(B).script = () => task(1, BatchTaskStatus.Pending);
    await expect(api.createTask(draft)).resolves.toMatchObject({ id: 1 });
    expect(log.map((call) => call.url)).toEqual([A, B]);
    const keys = log.map((call) => (call.args[1] as { idempotencyKey?: string }).idempotencyKey);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('moves a createTask on after a failure that may have been sent when the next server honours the pinned key', async () => {
    const { api, log, fake } = build();
    fake(A).idempotencyKeyHonoured = true;
    fake(B).idempotencyKeyHonoured = true;
    fake(A).script = (operation) => { throw sentError(operation); };
    fake(B).script = () => task(2, BatchTaskStatus.Pending);
    await expect(api.createTask(draft, { idempotencyKey: 'caller-key' })).resolves.toMatchObject({ id: 2 });
    expect(log.map((call) => [call.url, (call.args[1] as { idempotencyKey?: string }).idempotencyKey])).toEqual([[A, 'caller-key'], [B, 'caller-key']]);
  });

  it('does not move a never-sent sendDebugMessage on when its endpoint honoured keys (earlier attempts may have landed)', async () => {
    const { api, log, fake } = build();
    fake(A).idempotencyKeyHonoured = true;
    fake(A).script = (operation) => { throw unsentError(operation); };
    await expect(api.sendDebugMessage('src', 'hello')).rejects.toBeInstanceOf(NetworkError);
    expect(log).toHaveLength(1);
  });
});

describe('MultiEndpointClient: every endpoint open', () => {
  it('fails fast with BrokenCircuitError naming every endpoint, passwords redacted, nothing sent', async () => {
    const secretA = 'http://svc:hunter2@a.test:5289';
    const { api, log, fake } = build([secretA, B]);
    fake(secretA).breaker.emit('breaker.opened');
    fake(B).breaker.emit('breaker.isolated');
    const error = await api.getTasks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    const refusal = error as BrokenCircuitError;
    expect(refusal.endpoints).toEqual(['http://svc:[REDACTED]@a.test:5289', B]);
    expect(refusal.message).toContain(B);
    expect(refusal.message).not.toContain('hunter2');
    expect(refusal.operation).toBe('getTasks');
    expect(log).toHaveLength(0);
  });

  it('also when each endpoint refuses the call itself before the selection heard of it', async () => {
    const { api, log, fakes } = build([A, B]);
    for (const fake of fakes.values()) fake.script = () => { throw new BrokenCircuitError(100, 'createTask'); };
    const error = await api.createTask(draft).catch((caught: unknown) => caught);
    expect((error as BrokenCircuitError).endpoints).toEqual([A, B]);
    expect(log.map((call) => call.url)).toEqual([A, B]);
  });
});

describe('MultiEndpointClient: sticky task writes', () => {
  it('keeps a claim\'s status updates on the endpoint that served it while it is up, and forgets it after the final status', async () => {
    const { api, log, fake, fakes } = build();
    for (const each of fakes.values()) each.script = (operation, args) => (operation === 'updateTaskStatus' ? task(args[0] as number, args[1] as number) : []);
    // The claim fails over to B (a PUT may move on), so B served it.
    fake(A).script = (operation) => { throw sentError(operation); };
    await api.updateTaskStatus(7, BatchTaskStatus.Running, { resultMessage: 'claimed by n1', rowVersion: 'AAAA' });
    fake(A).script = (operation, args) => (operation === 'updateTaskStatus' ? task(args[0] as number, args[1] as number) : []);
    await api.getTasks();
    await api.updateTaskStatus(7, BatchTaskStatus.Running, { resultMessage: 'progress' });
    expect(log.slice(2).map((call) => [call.operation, call.url])).toEqual([['getTasks', A], ['updateTaskStatus', B]]);

    // B down: the update goes where the selection says, and the task now sticks there.
    fake(B).breaker.emit('breaker.opened');
    await api.updateTaskStatus(7, BatchTaskStatus.Running, { resultMessage: 'progress' });
    fake(B).breaker.emit('breaker.closed');
    await api.updateTaskStatus(7, BatchTaskStatus.Completed, { resultMessage: 'done' });
    expect(log.slice(4).map((call) => call.url)).toEqual([A, A]);
  });

  it('does not stick a claim the server refused (409 with another node\'s status) and forgets a given-back task', async () => {
    const { api, log, fake, fakes } = build();
    for (const each of fakes.values()) each.script = () => task(9, BatchTaskStatus.Completed);
    fake(A).breaker.emit('breaker.opened');
    await api.updateTaskStatus(9, BatchTaskStatus.Running, { resultMessage: 'mine?' });
    fake(A).breaker.emit('breaker.closed');
    await api.updateTaskStatus(9, BatchTaskStatus.Running, { resultMessage: 'again' });
    expect(log.map((call) => call.url)).toEqual([B, B]); // A still held down after recovering
    fake(B).script = (operation) => (operation === 'assignTaskToNode' ? true : task(9, BatchTaskStatus.Pending));
    fake(C).script = fake(B).script;
    await api.assignTaskToNode(9, 'n1');
    fake(B).breaker.emit('breaker.opened');
    fake(B).breaker.emit('breaker.closed');
    await api.updateTaskStatus(9, BatchTaskStatus.Pending);
    expect(log.slice(2).map((call) => call.url)).toEqual([B, B]);
  });
});

describe('MultiEndpointClient: health and disposal', () => {
  it('is healthy when any endpoint is, and says which', async () => {
    const { api, fake } = build();
    fake(A).healthy = false;
    const health = await api.getConnectionHealth();
    expect(health.isHealthy).toBe(true);
    expect(health.healthyEndpoints).toEqual([B, C]);
    expect(health.lastError).toBe(`${A}: connect ECONNREFUSED`);
    expect(health.serverVersion).toBe('1.0.0');
    expect(health.failureCount).toBe(2);
    expect(health.circuitBreakerOpen).toBe(false);
    for (const url of [B, C]) fake(url).healthy = false;
    expect(await api.testConnection()).toBe(false);
  });

  it('disposes every endpoint client, unsubscribes from their breakers and refuses later calls', async () => {
    const { api, fakes } = build();
    await api.dispose();
    for (const fake of fakes.values()) {
      expect(fake.disposed).toBe(true);
      expect(fake.breaker.listenerCount).toBe(0);
    }
    await expect(api.getTasks()).rejects.toBeInstanceOf(ClientDisposedError);
    expect(api.selection.getSnapshot().status).toBe('stopped');
  });
});

describe('MultiEndpointClient: discovery', () => {
  it('gives new endpoints a client and disposes dropped ones after their calls in flight end', async () => {
    let records = [{ name: 'b.test', port: 5289, priority: 0, weight: 1 }];
    const resolver = { setServers: () => undefined, resolveSrv: () => Promise.resolve(records), cancel: () => undefined };
    const set = { ...setOf([A]), discovery: { srvName: '_vcdevtool._tcp.test', refreshMs: 60_000, dnsServers: null } };
    const discovery = new EndpointDiscovery(set, { resolver, now: () => 1_000 });
    const log: ReceivedCall[] = [];
    const fakes = new Map<string, FakeEndpointClient>();
    const api = new MultiEndpointClient(setOf([A]), {
      discovery,
      clientFactory: (url) => {
        const fake = new FakeEndpointClient(url, log);
        fakes.set(url, fake);
        return fake;
      },
    });
    disposers.push(() => api.dispose());
    await discovery.refresh();
    expect(api.endpoints).toEqual([A, B]);
    fakes.get(A)?.breaker.emit('breaker.opened');
    let release = (): void => undefined;
    const fakeB = fakes.get(B);
    if (fakeB === undefined) throw new Error('no client for B');
    fakeB.script = () => new Promise<unknown>((resolve) => { release = () => resolve([]); });
    const inFlight = api.getTasks();
    records = [{ name: 'c.test', port: 5289, priority: 0, weight: 1 }];
    await discovery.refresh();
    expect(api.endpoints).toEqual([A, C]);
    expect(fakeB.disposed).toBe(false);
    release();
    await inFlight;
    await Promise.resolve();
    expect(fakeB.disposed).toBe(true);
    expect(fakes.get(C)?.disposed).toBe(false);
  });
});
