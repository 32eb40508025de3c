import { startSwitchProxy } from './switchProxy.js';

/** What the proxy saw of one request it forwarded. */
export interface ProxiedExchange {
  method: string;
  path: string;
  requestBody: string;
  upstreamStatus: number;
  /** The answer never reached the client: its socket was destroyed after the server had answered. */
  dropped: boolean;
}

/** A forwarding proxy on loopback that can lose answers. */
export interface LostAnswerProxy {
  readonly url: string;
  /** Every request so far, in the order their exchanges ended. */
  readonly exchanges: readonly ProxiedExchange[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `upstream` (a full round trip: the server handles it and answers). For the first
 * `times` requests that `lose` matches, it then destroys the client's socket instead of passing the answer on,
 * so the write is applied but the client only sees a reset: the lost-response case. A {@link startSwitchProxy}
 * whose rule is fixed.
 */
export async function startLostAnswerProxy(
  upstream: string, lose: (method: string, path: string, body: string) => boolean, times = 1,
): Promise<LostAnswerProxy> {
  const proxy = await startSwitchProxy(upstream);
  let left = times;
  proxy.setRule((method, path, body) => {
    if (left === 0 || !lose(method, path, body)) return 'forward';
    left -= 1;
    return 'loseAnswer';
  });
  return {
    url: proxy.url,
    get exchanges() {
      return proxy.exchanges.map(({ method, path, body, verdict, upstreamStatus }) => ({
        method, path, requestBody: body, upstreamStatus: upstreamStatus ?? 0, dropped: verdict === 'loseAnswer',
      }));
    },
    close: () => proxy.close(),
  };
}
