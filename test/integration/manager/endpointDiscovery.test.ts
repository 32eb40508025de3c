import { SimulatedClock } from 'xstate';
import type { InspectionEvent } from 'xstate';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startServer } from '../../../src/server/index.js';
import type { RunningServer } from '../../../src/server/index.js';
import { requireDnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import type { Dnsmasq } from '../../helpers/dnsmasq.js';

const DOMAIN = 'corp.test';

let servers: RunningServer[] = [];
let dnsmasq: Dnsmasq | undefined;
let manager: ConnectionManager | undefined;

beforeAll(() => {
  requireDnsmasq();
});

afterEach(async () => {
  await manager?.dispose();
  await dnsmasq?.stop();
  await Promise.all(servers.map((server) => server.close()));
  manager = undefined;
  dnsmasq = undefined;
  servers = [];
});

describe('ConnectionManager with ApiSettings.DiscoveryDomain (a real dnsmasq on loopback)', () => {
  it('adds the servers the SRV records name to its set, so calls carry on there when the static server goes', async () => {
    servers = await Promise.all([startServer({ port: 0 }), startServer({ port: 0 })]);
    const [staticServer, discovered] = servers;
    if (staticServer === undefined || discovered === undefined) throw new Error('two servers expected');
    const port = Number(new URL(discovered.url).port);
    dnsmasq = await startDnsmasq([{ name: `_vcdevtool._tcp.${DOMAIN}`, target: '127.0.0.1', port, priority: 0, weight: 1 }], { localDomain: DOMAIN });
    // The selection actor tells the inspector when discovery's list reaches it: no polling.
    let reached: () => void = () => undefined;
    const discoveredOnce = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const inspect = (event: InspectionEvent): void => {
      if (event.type === '@xstate.event' && event.event.type === 'ENDPOINTS.DISCOVERED') reached();
    };
    manager = new ConnectionManager({
      baseUrl: staticServer.url,
      apiSettings: { discoveryDomain: DOMAIN, discoveryDnsServers: [dnsmasq.server], enableAutoRecovery: false },
      connection: { maxRetryAttempts: 0 },
      clock: new SimulatedClock(),
      networkWatch: false,
      inspect,
    });
    await discoveredOnce;
    const health = await manager.checkHealthNow();
    expect(health.healthyEndpoints).toEqual([staticServer.url, `http://127.0.0.1:${port}`]);

    await staticServer.close();
    await expect(manager.client.getTasks()).resolves.toEqual([]);
    expect(manager.status.link).toBe('healthy');
  });
});
