// The blackhole scenario's entry, run by blackhole.test.ts inside `unshare -n` (a network namespace of its own, so
// the iptables DROP touches nothing else on the machine). Prints its result where runInNamespace reads it.
import { startServer } from '../../../src/server/index.js';
import { runAsNamespaceEntry } from '../support/namespaceRun.js';
import { runScenario } from '../support/scenario.js';
import { dropPort, droppedPackets, prepareNamespace, undropPort } from './netns.js';

runAsNamespaceEntry(async () => {
  prepareNamespace();
  const result = await runScenario({
    fault: 'blackhole',
    setUp: async (db) => {
      const server = await startServer({ db });
      const port = Number(new URL(server.url).port);
      return {
        url: server.url,
        play: async (run) => {
          dropPort(port);
          let dropped: number;
          try {
            // Until every node's recovery has failed against it (offline): the blackhole outlasts a recovery.
            await run.waitUntil('every node to go offline', () => run.nodes.every((n) => n.links.includes('offline')));
          } finally {
            dropped = droppedPackets(port);
            undropPort(port);
          }
          return { droppedPackets: dropped };
        },
        close: () => server.close(),
      };
    },
  });
  return result;
});
