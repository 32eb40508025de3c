import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy forwarded. */
export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  /** What the server answered. */
  readonly status: number;
  /** The answer was thrown away and the client's socket destroyed. */
  readonly lost: boolean;
}

/** A proxy on loopback in front of a server. */
export interface AnswerLosingProxy {
  readonly url: string;
  readonly forwarded: readonly ForwardedRequest[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `upstream` and waits for the whole answer. For the first request that `lose`
 * matches, it then destroys the client's socket instead of passing the answer on: the server has acted, the
 * client sees a reset (the lost-response case).
 */
export async function startAnswerLosingProxy(
  upstream: string, lose: (method: string, path: string) => boolean,
): Promise<AnswerLosingProxy> {
  const target = new URL(upstream);
  const forwarded: ForwardedRequest[] = [];
  let lostOne = false;
  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const upstreamRequest = http.request({
        host: target.hostname, port: target.port, method, path, headers: { ...request.headers, host: target.host },
      }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const lost = !lostOne && lose(method, path);
          lostOne ||= lost;
          const key = request.headers['idempotency-key'];
          forwarded.push({ method, path, idempotencyKey: typeof key === 'string' ? key : undefined, status: answer.statusCode ?? 0, lost });
          if (lost) {
            request.socket.destroy();
            return;
          }
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(body));
        });
      });
      upstreamRequest.on('error', () => request.socket.destroy());
      upstreamRequest.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
