// The endpoint blackhole scenario's entry, run by blackholedReplica.test.ts inside `unshare -n` (a network namespace
// of its own, so the iptables DROP touches nothing else on the machine; the three server children inherit it).
// Prints its result where runInNamespace reads it.
import { dropPort, droppedPackets, prepareNamespace, undropPort } from '../../blackhole/netns.js';
import { runEndpointScenario } from './endpointScenario.js';
import { runAsNamespaceEntry } from '../../support/namespaceRun.js';

runAsNamespaceEntry(async () => {
  prepareNamespace();
  const result = await runEndpointScenario({
    fault: 'replica blackholed',
    play: async (run) => {
      const [primary] = run.replicas;
      if (primary === undefined) throw new Error('no replica');
      const before = run.calls();
      dropPort(primary.port);
      let dropped: number;
      try {
        // Its calls time out (nothing refuses them) until its breakers open and the others take the work.
        await run.waitUntil("every node's breaker for the blackholed server to open", () => run.nodes.every((node) => (node.openings.get(primary.url) ?? 0) > 0), 60_000);
        const others = run.replicas.slice(1).map((replica) => replica.url);
        await run.waitUntil('the other servers to take calls', () => others.some((url) => (run.calls()[url] ?? 0) > (before[url] ?? 0) + 5));
        await run.waitUntil(`every task to be delivered with ${primary.url} blackholed`, () => run.delivered() >= 24, 90_000);
      } finally {
        dropped = droppedPackets(primary.port);
        undropPort(primary.port);
      }
      return { droppedPackets: dropped, blackholed: primary.url, callsBefore: JSON.stringify(before) };
    },
  });
  return result;
});
