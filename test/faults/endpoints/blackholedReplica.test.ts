import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EndpointScenarioResult } from './support/endpointScenario.js';
import { expectRunInvariants } from '../support/invariants.js';
import { printFigures } from './support/invariants.js';
import { requireNamespaceTools, runInNamespace } from '../support/namespaceRun.js';

const entry = fileURLToPath(new URL('./support/blackholeEntry.ts', import.meta.url));

describe('fault: one of three replicas blackholed (iptables DROP in a network namespace: packets vanish, nothing refuses)', () => {
  it('times calls out there until its breakers open, the others take over, and no task is lost or done twice', async () => {
    requireNamespaceTools('endpoint blackhole scenario');
    const result = await runInNamespace<EndpointScenarioResult>(entry, 'endpoint blackhole scenario');
    printFigures(result);
    expectRunInvariants(result);
    const [blackholed, ...others] = result.endpoints;
    expect(result.figures.droppedPackets, 'packets dropped by the rule').toBeGreaterThan(0);
    expect(result.breakerOpeningsPerEndpoint[blackholed ?? ''], "the blackholed server's breakers opened").toBeGreaterThan(0);
    const before = JSON.parse(String(result.figures.callsBefore)) as Record<string, number>;
    const taken = others.reduce((total, url) => total + (result.callsPerEndpoint[url] ?? 0) - (before[url] ?? 0), 0);
    expect(taken, 'calls served by the other two while it was blackholed').toBeGreaterThan(0);
  });
});
