import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with a request: pass it on, refuse it (never reaches the server), or lose its answer. */
export type ProxyVerdict = 'forward' | 'refuse' | 'loseAnswer';

/** One request the proxy handled. */
export interface SwitchedExchange {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly verdict: ProxyVerdict;
  /** The server's status, when the request reached it. */
  readonly upstreamStatus: number | null;
}

/** A loopback proxy whose treatment of each request the test switches while it runs. */
export interface SwitchProxy {
  readonly url: string;
  readonly exchanges: SwitchedExchange[];
  /** From now on, `rule` decides each request (default: forward everything). */
  setRule(rule: (method: string, path: string, body: string) => ProxyVerdict): void;
  /** Resolves once an exchange matching `match` has happened (at once if one already has). */
  seen(match: (exchange: SwitchedExchange) => boolean): Promise<SwitchedExchange>;
  close(): Promise<void>;
}

/**
 * Forwards to `upstream`, except what the rule says: `refuse` destroys the client's socket before anything is
 * sent on (the write never happened), `loseAnswer` lets the server apply the request and destroys the client's
 * socket instead of passing the answer on (the write happened, the client cannot know).
 */
export async function startSwitchProxy(upstream: string): Promise<SwitchProxy> {
  const exchanges: SwitchedExchange[] = [];
  const waiters = new Set<() => void>();
  let rule: (method: string, path: string, body: string) => ProxyVerdict = () => 'forward';
  const target = new URL(upstream);
  const record = (exchange: SwitchedExchange): void => {
    exchanges.push(exchange);
    for (const wake of [...waiters]) wake();
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = request.method ?? '';
      const path = request.url ?? '';
      const verdict = rule(method, path, body.toString('utf8'));
      if (verdict === 'refuse') {
        record({ method, path, body: body.toString('utf8'), verdict, upstreamStatus: null });
        request.socket.destroy();
        return;
      }
      const forward = http.request({
        host: target.hostname, port: target.port, method, path, headers: { ...request.headers, host: target.host },
      }, (answer) => {
        const answerChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
        answer.on('end', () => {
          record({ method, path, body: body.toString('utf8'), verdict, upstreamStatus: answer.statusCode ?? null });
          if (verdict === 'loseAnswer') {
            request.socket.destroy();
            return;
          }
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(answerChunks));
        });
      });
      forward.on('error', () => request.socket.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    setRule: (next) => {
      rule = next;
    },
    seen: (match) => new Promise<SwitchedExchange>((resolve) => {
      const check = (): void => {
        const found = exchanges.find(match);
        if (found === undefined) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
