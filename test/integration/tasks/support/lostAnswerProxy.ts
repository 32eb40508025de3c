import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  readonly exchanges: ProxiedExchange[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `upstream` (a full round trip: the server handles it and answers). For the first
 * `times` requests that `lose` matches, it then destroys the client's socket instead of passing the answer on,
 * so the write is applied but the client only sees a reset: the lost-response case.
 */
export async function startLostAnswerProxy(
  upstream: string, lose: (method: string, path: string, body: string) => boolean, times = 1,
): Promise<LostAnswerProxy> {
  const exchanges: ProxiedExchange[] = [];
  let left = times;
  const target = new URL(upstream);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = http.request({
        host: target.hostname, port: target.port, method: request.method, path: request.url,
        headers: { ...request.headers, host: target.host },
      }, (answer) => {
        const answerChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
        answer.on('end', () => {
          const method = request.method ?? '';
          const path = request.url ?? '';
          const text = body.toString('utf8');
          const drop = left > 0 && lose(method, path, text);
          if (drop) left -= 1;
          exchanges.push({ method, path, requestBody: text, upstreamStatus: answer.statusCode ?? 0, dropped: drop });
          if (drop) {
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
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
