import { SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerStateName } from '../../../machines/breaker/types.js';
import { isolationHandle } from '../../../src/clients/IsolationHandle.js';
import type { IsolationHandle } from '../../../src/clients/IsolationHandle.js';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import { EndpointDiscovery } from '../../../src/endpoints/EndpointDiscovery.js';
import type { EndpointSet } from '../../../src/endpoints/EndpointSet.js';
import { setStateOf } from '../../../src/endpoints/SetBreaker.js';
import type { SetBreakerEventType } from '../../../src/endpoints/SetBreaker.js';
import { FakeEndpointClient } from './support/FakeEndpointClient.js';
import type { ReceivedCall } from './support/FakeEndpointClient.js';

const A = 'http://a.test:5289';
const B = 'http://b.test:5289';
const C = 'http://c.test:5289';
const HOLD_DOWN_MS = 30_000;

/** A fake endpoint client with breaker controls: its state follows what the test emits, isolate() isolates it. */
class ControlledClient extends FakeEndpointClient {
  circuitState: BreakerStateName = 'closed';
  isolations = 0;
  resets = 0;

  constructor(url: string, log: ReceivedCall[]) {
    super(url, log);
    // The breaker's snapshot, as the EnhancedApiClient's actor has one: read to know whether it refuses now.
    Object.assign(this.breaker, { getSnapshot: () => ({ value: this.circuitState }) });
  }

  isolate(reason = 'isolated by hand'): IsolationHandle {
    this.isolations += 1;
    this.move('breaker.isolated');
    return isolationHandle(reason, () => {
      this.isolations -= 1;
      if (this.isolations === 0) this.move('breaker.closed');
    });
  }

  resetCircuit(): void {
    this.resets += 1;
    if (this.isolations === 0) this.move('breaker.closed');
  }

  move(type: SetBreakerEventType): void {
    const states: Record<SetBreakerEventType, BreakerStateName> = { 'breaker.opened': 'open', 'breaker.halfOpen': 'halfOpen', 'breaker.closed': 'closed', 'breaker.isolated': 'isolated' };
    this.circuitState = states[type];
    this.breaker.emit(type);
  }
}

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

function build(urls: readonly string[] = [A, B, C]) {
  const clock = new SimulatedClock();
  clock.set(1_000);
  const log: ReceivedCall[] = [];
  const clients = new Map<string, ControlledClient>();
  const set: EndpointSet = { endpoints: urls.map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: HOLD_DOWN_MS, discovery: null };
  const api = new MultiEndpointClient(set, {
    clock, now: () => clock.now(), random: () => 0,
    clientFactory: (url) => {
      const client = new ControlledClient(url, log);
      clients.set(url, client);
      return client;
    },
  });
  disposers.push(() => api.dispose());
  const client = (url: string): ControlledClient => clients.get(url) ?? (() => { throw new Error(`no client for ${url}`); })();
  return { api, clock, log, client };
}

describe('setStateOf', () => {
  it.each([
    [[], 'closed'],
    [['closed', 'open', 'open'], 'closed'],
    [['open', 'halfOpen', 'isolated'], 'halfOpen'],
    [['open', 'open', 'isolated'], 'open'],
    [['isolated', 'isolated'], 'isolated'],
    [['open'], 'open'],
  ] as [BreakerStateName[], BreakerStateName][])('%j -> %s', (states, expected) => {
    expect(setStateOf(states)).toBe(expected);
  });
});

describe('MultiEndpointClient as one breaker', () => {
  it('opens only when every endpoint\'s breaker refuses, emits each change once, and closes when any endpoint closes', () => {
    const { api, client } = build();
    const seen: string[] = [];
    for (const type of ['breaker.opened', 'breaker.halfOpen', 'breaker.closed', 'breaker.isolated'] as const) api.breaker?.on(type, (event) => seen.push(`${event.type}:${event.state}`));
    expect(api.circuitState).toBe('closed');
    client(A).move('breaker.opened');
    client(B).move('breaker.opened');
    expect(api.circuitState).toBe('closed');
    client(C).move('breaker.opened');
    expect(api.circuitState).toBe('open');
    client(B).move('breaker.halfOpen');
    expect(api.circuitState).toBe('halfOpen');
    client(B).move('breaker.closed');
    expect(api.circuitState).toBe('closed');
    expect(seen).toEqual(['breaker.opened:open', 'breaker.halfOpen:halfOpen', 'breaker.closed:closed']);
  });

  it('isolates and resets every endpoint; the last handle disposed closes the set', () => {
    const { api, client } = build();
    const first = api.isolate('maintenance');
    const second = api.isolate('deploy');
    expect([A, B, C].map((url) => client(url).isolations)).toEqual([2, 2, 2]);
    expect(api.circuitState).toBe('isolated');
    api.resetCircuit();
    expect([A, B, C].map((url) => client(url).resets)).toEqual([1, 1, 1]);
    expect(api.circuitState).toBe('isolated');
    first.dispose();
    expect(api.circuitState).toBe('isolated');
    second.dispose();
    second.dispose();
    expect(api.circuitState).toBe('closed');
    expect([A, B, C].map((url) => client(url).isolations)).toEqual([0, 0, 0]);
  });

  it('isolates an endpoint discovery adds while an isolation is held, and follows only the endpoints in the set', async () => {
    let records = [{ name: 'b.test', port: 5289, priority: 0, weight: 1 }];
    const resolver = { setServers: () => undefined, resolveSrv: () => Promise.resolve(records), cancel: () => undefined };
    const set: EndpointSet = { endpoints: [{ url: A, priority: 0, weight: 1 }], selection: 'ordered', failbackHoldDownMs: 0, discovery: { srvName: '_vcdevtool._tcp.test', refreshMs: 60_000, dnsServers: null } };
    const discovery = new EndpointDiscovery(set, { resolver, now: () => 1_000 });
    const clients = new Map<string, ControlledClient>();
    const api = new MultiEndpointClient({ ...set, discovery: null }, {
      discovery,
      clientFactory: (url) => {
        const client = new ControlledClient(url, []);
        clients.set(url, client);
        return client;
      },
    });
    disposers.push(() => api.dispose());
    const handle = api.isolate('maintenance');
    await discovery.refresh();
    expect(api.endpoints).toEqual([A, B]);
    expect(clients.get(B)?.isolations).toBe(1);
    expect(api.circuitState).toBe('isolated');
    // B dropped, C added: C isolated too; B's breaker no longer counts for the set.
    records = [{ name: 'c.test', port: 5289, priority: 0, weight: 1 }];
    await discovery.refresh();
    expect(api.endpoints).toEqual([A, C]);
    expect(clients.get(C)?.isolations).toBe(1);
    clients.get(B)?.move('breaker.closed');
    expect(api.circuitState).toBe('isolated');
    handle.dispose();
    expect(api.circuitState).toBe('closed');
    expect([A, C].map((url) => clients.get(url)?.isolations)).toEqual([0, 0]);
  });

  it('has no breaker over clients without one (StandardApiClients): circuitState undefined', () => {
    const set: EndpointSet = { endpoints: [A, B].map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 0, discovery: null };
    const api = new MultiEndpointClient(set, { clientFactory: (url) => Object.assign(new FakeEndpointClient(url, []), { breaker: undefined }) });
    disposers.push(() => api.dispose());
    expect(api.breaker).toBeUndefined();
    expect(api.circuitState).toBeUndefined();
  });

  it('honours Idempotency-Key only when every endpoint\'s server does', () => {
    const { api, client } = build([A, B]);
    expect(api.idempotencyKeyHonoured).toBe(false);
    client(A).idempotencyKeyHonoured = true;
    expect(api.idempotencyKeyHonoured).toBe(false);
    client(B).idempotencyKeyHonoured = true;
    expect(api.idempotencyKeyHonoured).toBe(true);
  });

  it('stops following the endpoints\' breakers once disposed', async () => {
    const { api, client } = build();
    const before = client(A).breaker.listenerCount;
    await api.dispose();
    expect(client(A).breaker.listenerCount).toBeLessThan(before);
    expect(client(A).breaker.listenerCount).toBe(0);
  });
});

describe('MultiEndpointClient: health checks feed the selection', () => {
  it('avoids an endpoint whose probe failed although its breaker is closed, and takes it back once a probe passes and the hold-down is over', async () => {
    const { api, clock, log, client } = build();
    client(A).healthy = false;
    const health = await api.getConnectionHealth();
    expect(health.healthyEndpoints).toEqual([B, C]);
    expect(api.currentEndpoint).toBe(B);
    await api.getTasks();
    expect(log.map((call) => call.url)).toEqual([B]);

    client(A).healthy = true;
    await api.getConnectionHealth();
    expect(api.currentEndpoint).toBe(B);
    clock.increment(HOLD_DOWN_MS);
    expect(api.currentEndpoint).toBe(A);
  });

  it('does not mark unhealthy an endpoint whose breaker already refuses calls (its half-open probe must reach it)', async () => {
    const { api, client } = build();
    client(A).move('breaker.opened');
    client(A).healthy = false;
    await api.getConnectionHealth();
    client(A).move('breaker.halfOpen');
    expect(api.selection.getSnapshot().context.endpoints.find((endpoint) => endpoint.url === A)).toMatchObject({ healthy: true, breakerOpen: false });
  });
});

describe('MultiEndpointClient without a clock option', () => {
  it('fails back on XState\'s own timers (no TypeError when the hold-down starts)', async () => {
    const set: EndpointSet = { endpoints: [A, B].map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 20, discovery: null };
    const clients = new Map<string, ControlledClient>();
    const api = new MultiEndpointClient(set, {
      clientFactory: (url) => {
        const client = new ControlledClient(url, []);
        clients.set(url, client);
        return client;
      },
    });
    disposers.push(() => api.dispose());
    const primary = clients.get(A);
    primary?.move('breaker.opened');
    expect(api.currentEndpoint).toBe(B);
    // Available again: held down on the actor's timer, then calls go back to the primary.
    expect(() => primary?.move('breaker.closed')).not.toThrow();
    expect(api.selection.getSnapshot().value).toEqual({ available: 'holdingDown' });
    await new Promise<void>((resolve) => {
      const subscription = api.selection.subscribe((snapshot) => {
        if (snapshot.matches({ available: 'settled' })) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    expect(api.currentEndpoint).toBe(A);
  });
});
