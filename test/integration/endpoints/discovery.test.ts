import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EndpointDiscoveryEvents } from '../../../src/endpoints/EndpointDiscovery.js';
import { EndpointDiscovery } from '../../../src/endpoints/EndpointDiscovery.js';
import type { EndpointSet } from '../../../src/endpoints/EndpointSet.js';
import { isDiscoveryError } from '../../../src/errors/DiscoveryError.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { requireDnsmasq, startDnsmasq, type Dnsmasq, type SrvRecord } from '../../helpers/dnsmasq.js';

const DOMAIN = 'corp.test';
const SRV = `_vcdevtool._tcp.${DOMAIN}`;
const REFRESH_MS = 60_000;

const record = (target: string, port: number, priority: number, weight: number): SrvRecord => ({ name: SRV, target, port, priority, weight });
const two = [record('b.corp.test', 5290, 10, 5), record('a.corp.test', 5289, 0, 10)];

function setWith(dnsServer: string, statics = [{ url: 'http://static.corp.test:5289', priority: 0, weight: 1 }]): EndpointSet {
  return { endpoints: statics, selection: 'ordered', failbackHoldDownMs: 30_000, discovery: { srvName: SRV, refreshMs: REFRESH_MS, dnsServers: [dnsServer] } };
}

/** The next event of `name`, as a promise. */
function next<K extends keyof EndpointDiscoveryEvents>(discovery: EndpointDiscovery, name: K): Promise<EndpointDiscoveryEvents[K]> {
  return new Promise((resolve) => {
    const off = discovery.on(name, (event) => {
      off();
      resolve(event);
    });
  });
}

const running: Array<Dnsmasq | EndpointDiscovery> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const item of running.splice(0)) await item.stop();
});

beforeAll(() => {
  // Fails here, with the package to install, rather than with a spawn ENOENT in every test.
  requireDnsmasq();
});

describe('EndpointDiscovery against a real dnsmasq on loopback', () => {
  it('lists the static endpoints first, then the SRV targets sorted by priority, with priority and weight from the records', async () => {
    const dnsmasq = await startDnsmasq(two, { localDomain: DOMAIN });
    running.push(dnsmasq);
    const discovery = new EndpointDiscovery(setWith(dnsmasq.server));
    running.push(discovery);
    const discovered = next(discovery, 'endpoints.discovered');
    const endpoints = await discovery.start();
    expect(endpoints).toEqual([
      { url: 'http://static.corp.test:5289', priority: 0, weight: 1 },
      { url: 'http://a.corp.test:5289', priority: 0, weight: 10 },
      { url: 'http://b.corp.test:5290', priority: 10, weight: 5 },
    ]);
    expect(await discovered).toMatchObject({ changed: true, discovered: endpoints.slice(1) });
  });

  it('takes https from the static list, and counts a static endpoint DNS also names once', async () => {
    const dnsmasq = await startDnsmasq([record('a.corp.test', 5289, 0, 10)], { localDomain: DOMAIN });
    running.push(dnsmasq);
    const discovery = new EndpointDiscovery(setWith(dnsmasq.server, [{ url: 'https://A.corp.test:5289/', priority: 0, weight: 1 }]));
    running.push(discovery);
    expect(await discovery.start()).toEqual([{ url: 'https://A.corp.test:5289/', priority: 0, weight: 1 }]);
  });

  it('refreshes on its interval (fake timers) and picks up changed records after dnsmasq restarts with them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const first = await startDnsmasq(two, { localDomain: DOMAIN });
    running.push(first);
    const discovery = new EndpointDiscovery(setWith(first.server));
    running.push(discovery);
    await discovery.start();

    // dnsmasq reads --srv-host only at start (SIGHUP reloads hosts files, not these), so it restarts on the same port.
    await first.stop();
    const second = await startDnsmasq([record('c.corp.test', 5291, 0, 1), record('a.corp.test', 5289, 5, 10)], { localDomain: DOMAIN, port: first.port });
    running.push(second);
    const refreshed = next(discovery, 'endpoints.discovered');
    vi.advanceTimersByTime(REFRESH_MS - 1);
    vi.advanceTimersByTime(1);
    const event = await refreshed;
    expect(event.changed).toBe(true);
    expect(discovery.endpoints.map((e) => [e.url, e.priority, e.weight])).toEqual([
      ['http://static.corp.test:5289', 0, 1],
      ['http://c.corp.test:5291', 0, 1],
      ['http://a.corp.test:5289', 5, 10],
    ]);

    // The same records again: an answer, but no change.
    const again = next(discovery, 'endpoints.discovered');
    vi.advanceTimersByTime(REFRESH_MS);
    expect((await again).changed).toBe(false);
  });

  it('keeps the last list when the DNS server is dead, and reports a DiscoveryError naming the name, the server and the code', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dnsmasq = await startDnsmasq(two, { localDomain: DOMAIN });
    running.push(dnsmasq);
    const discovery = new EndpointDiscovery(setWith(dnsmasq.server), { lookupTimeoutMs: 1_000, tries: 1 });
    running.push(discovery);
    const before = await discovery.start();
    await dnsmasq.stop();

    const failed = next(discovery, 'discovery.failed');
    vi.advanceTimersByTime(REFRESH_MS);
    const { error, endpoints } = await failed;
    expect(endpoints).toEqual(before);
    expect(discovery.endpoints).toEqual(before);
    expect(isDiscoveryError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_DISCOVERY', srvName: SRV, dnsServers: [dnsmasq.server], keptEndpoints: 3 });
    expect(error.dnsCode).toMatch(/^E[A-Z]+$/);
    expect(error.message).toBe(`SRV lookup of ${SRV} failed (${error.dnsCode} via ${dnsmasq.server}); keeping the last list of 3 endpoint(s)`);
  });

  it('keeps the static list when the name has no records (NXDOMAIN), and says so', async () => {
    const dnsmasq = await startDnsmasq([record('a.corp.test', 5289, 0, 1)], { localDomain: DOMAIN });
    running.push(dnsmasq);
    const set = { ...setWith(dnsmasq.server), discovery: { srvName: `_vcdevtool._tcp.empty.${DOMAIN}`, refreshMs: REFRESH_MS, dnsServers: [dnsmasq.server] } };
    const discovery = new EndpointDiscovery(set);
    running.push(discovery);
    const failed = next(discovery, 'discovery.failed');
    expect(await discovery.start()).toEqual(set.endpoints);
    expect((await failed).error.dnsCode).toBe('ENOTFOUND');
  });

  it('names the Debian package to install when the dnsmasq binary is missing', () => {
    expect(() => requireDnsmasq('/nonexistent/sbin/dnsmasq')).toThrow(/install the Debian package dnsmasq-base/);
  });

  it('never keeps the process alive: its interval is unref\'d, and stop() clears it', async () => {
    const dnsmasq = await startDnsmasq(two, { localDomain: DOMAIN });
    running.push(dnsmasq);
    const timeoutsBefore = activeResourceCounts().Timeout ?? 0;
    const discovery = new EndpointDiscovery(setWith(dnsmasq.server));
    await discovery.start();
    expect(activeResourceCounts().Timeout ?? 0).toBe(timeoutsBefore);
    discovery.stop();
    expect(await discovery.refresh()).toHaveLength(3);
  });
});
