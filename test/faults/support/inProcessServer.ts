import { startServer } from '../../../src/server/index.js';
import type { ServerOptions } from '../../../src/server/index.js';
import { startFaultProxy } from './faultProxy.js';
import type { FaultProxy } from './faultProxy.js';
import type { FaultFigures, FaultTarget, RunningScenario } from './scenario.js';

/**
 * A FaultTarget of the reference server in this process on `db` (with `options`, e.g. `idempotency: false`),
 * behind a {@link FaultProxy}: the nodes connect to the proxy, and `play` sets and lifts its rule.
 */
export async function proxiedServer(
  db: string, play: (proxy: FaultProxy, run: RunningScenario) => Promise<FaultFigures>, options: ServerOptions = {},
): Promise<FaultTarget> {
  const server = await startServer({ ...options, db });
  const proxy = await startFaultProxy(server.url);
  return {
    url: proxy.url,
    play: (run) => play(proxy, run),
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}
