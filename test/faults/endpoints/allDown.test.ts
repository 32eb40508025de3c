import { describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import type { EndpointNode } from './support/endpointScenario.js';
import { runEndpointScenario } from './support/endpointScenario.js';
import { expectRunInvariants } from '../support/invariants.js';
import { printFigures } from './support/invariants.js';

/** Most calls made while waiting for the set to refuse: a refused connect costs milliseconds, so this is seconds. */
const MAX_CALLS = 2_000;

/**
 * Calls through the node's own client until one is refused with a BrokenCircuitError naming `count` endpoints: the
 * first calls meet refused connections and open the breakers; once every endpoint is open the set refuses at
 * once (a half-open endpoint in between takes a probe, which fails again). Returns that refusal, or undefined.
 */
async function refusalNamingAll(node: EndpointNode, count: number): Promise<BrokenCircuitError | undefined> {
  for (let call = 0; call < MAX_CALLS; call += 1) {
    try {
      await node.api.getTasks();
    } catch (error) {
      if (error instanceof BrokenCircuitError && error.endpoints?.length === count) return error;
    }
  }
  return undefined;
}

describe('fault: all three replicas down, then back', () => {
  it('refuses calls with a BrokenCircuitError naming every server while they are down, then completes every task once', async () => {
    let refusal: BrokenCircuitError | undefined;
    const result = await runEndpointScenario({
      fault: 'all replicas down',
      play: async (run) => {
        await Promise.all(run.replicas.map((replica) => replica.kill()));
        const [node] = run.nodes;
        if (node === undefined) throw new Error('no node');
        refusal = await refusalNamingAll(node, run.replicas.length);
        for (const replica of run.replicas) await replica.restart();
        return { refusedWith: refusal?.message ?? 'never refused' };
      },
    });
    printFigures(result);
    expectRunInvariants(result);
    expect(refusal, 'a call was refused by the whole set').toBeInstanceOf(BrokenCircuitError);
    expect(refusal?.endpoints, 'the refusal names every server').toEqual(result.endpoints);
  });
});
