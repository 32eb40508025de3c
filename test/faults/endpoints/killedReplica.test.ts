import { describe, expect, it } from 'vitest';
import { runEndpointScenario } from './support/endpointScenario.js';
import { expectRunInvariants } from '../support/invariants.js';
import { printFigures } from './support/invariants.js';

describe('fault: one of three replicas killed with SIGKILL mid-run', () => {
  it('completes every task exactly once, the calls moving to the other two servers', async () => {
    let before: Record<string, number> = {};
    const result = await runEndpointScenario({
      fault: 'replica killed',
      play: async (run) => {
        const [primary] = run.replicas;
        if (primary === undefined) throw new Error('no replica');
        before = run.calls();
        // The primary (ordered mode: every node's first choice) dies with tasks claimed through it.
        await primary.kill();
        const deliveredAtKill = run.delivered();
        const others = run.replicas.slice(1).map((replica) => replica.url);
        await run.waitUntil('calls to reach the other servers', () => others.some((url) => (run.calls()[url] ?? 0) > (before[url] ?? 0) + 5));
        return { killed: primary.url, deliveredAtKill };
      },
    });
    printFigures(result);
    expectRunInvariants(result);
    expect(result.figures.deliveredAtKill, 'tasks were still to do when the primary died').toBeLessThan(result.tasks);
    const [killed, ...others] = result.endpoints;
    expect(before[killed ?? ''], 'calls went to the primary before the kill').toBeGreaterThan(0);
    const after = others.reduce((total, url) => total + (result.callsPerEndpoint[url] ?? 0) - (before[url] ?? 0), 0);
    expect(after, 'calls served by the two others after the kill').toBeGreaterThan(0);
    expect(result.endpointSwitches, 'the selection switched away from the killed primary').toBeGreaterThan(0);
    expect(result.breakerOpeningsPerEndpoint[killed ?? ''], "the killed server's breakers opened").toBeGreaterThan(0);
  });
});
