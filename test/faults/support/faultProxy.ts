import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type FaultAction =
  | { readonly kind: 'pass' }
  /** Answer without asking the server. */
  | { readonly kind: 'reply'; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  /** Let the server apply the request, send the status line, headers and half the body, then destroy the socket. */
  | { readonly kind: 'resetMidResponse' }
  /** Let the server apply the request, then destroy the socket without a byte of the answer (a lost answer). */
  | { readonly kind: 'dropAnswer' }
  /** Let the server apply the request, then send its body one byte every `intervalMs` (until the client hangs up). */
  | { readonly kind: 'slowBody'; readonly intervalMs: number }
  /** Keep the request: never forward it, never answer (until the client hangs up). The server never sees it. */
  | { readonly kind: 'hold' };

/** The request a rule decides on. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  /** The request body as text. */
  readonly body: string;
}

/** Decides per request; null passes everything through. */
export type FaultRule = (request: ProxiedRequest) => FaultAction;

/** One request as the proxy saw it. */
export interface ProxyExchange extends ProxiedRequest {
  /** When the proxy had the whole request, epoch ms. */
  readonly at: number;
  readonly action: FaultAction['kind'];
  /** Status sent to the client (the server's, or the injected one); 0 when none got through. */
  readonly status: number;
  /** Retry-After header sent, if any. */
  readonly retryAfter?: string;
}

/** A fault-injecting HTTP proxy on loopback in front of the reference server. */
export interface FaultProxy {
  readonly url: string;
  readonly exchanges: readonly ProxyExchange[];
  setRule(rule: FaultRule | null): void;
  /** Exchanges handled with `kind` so far. */
  count(kind: FaultAction['kind']): number;
  /** Client connections open on the proxy now (a client that leaked a socket keeps one open). */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

const PASS: FaultAction = { kind: 'pass' };

/**
 * Starts a proxy on 127.0.0.1 forwarding to `upstream` (a keep-alive agent), injecting the current rule's action
 * per request. When the server cannot be reached the client's socket is destroyed, as a dead server leaves it.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const trickles = new Set<NodeJS.Timeout>();
  const exchanges: ProxyExchange[] = [];
  let rule: FaultRule | null = null;

  const record = (request: ProxiedRequest & { at: number }, action: FaultAction, status: number, retryAfter?: string): void => {
    exchanges.push({ ...request, action: action.kind, status, ...(retryAfter === undefined ? {} : { retryAfter }) });
  };

  const forward = (
    incoming: http.IncomingMessage, response: http.ServerResponse, body: Buffer, seen: ProxiedRequest & { at: number }, action: FaultAction,
  ): void => {
    const outgoing = http.request({
      host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, agent,
      headers: { ...incoming.headers, host: target.host },
    }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('error', () => incoming.socket.destroy());
      reply.on('end', () => {
        const answer = Buffer.concat(chunks);
        const status = reply.statusCode ?? 502;
        record(seen, action, status);
        if (response.destroyed) return;
        const headers = { ...reply.headers, 'content-length': String(answer.length) };
        delete headers['transfer-encoding'];
        response.writeHead(status, headers);
        if (action.kind === 'dropAnswer') {
          incoming.socket.destroy();
          return;
        }
        if (action.kind === 'resetMidResponse') {
          // The write callback runs once the bytes are handed to the kernel: the client has headers and half a body.
          response.write(answer.subarray(0, Math.max(1, Math.floor(answer.length / 2))), () => incoming.socket.destroy());
          return;
        }
        if (action.kind === 'slowBody') {
          trickle(response, answer, action.intervalMs);
          return;
        }
        response.end(answer);
      });
    });
    outgoing.on('error', () => {
      record(seen, action, 0);
      incoming.socket.destroy();
    });
    outgoing.end(body);
  };

  const trickle = (response: http.ServerResponse, answer: Buffer, intervalMs: number): void => {
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed || sent >= answer.length) {
        clearInterval(timer);
        trickles.delete(timer);
        if (!response.destroyed) response.end();
        return;
      }
      response.write(answer.subarray(sent, sent + 1));
      sent += 1;
    }, intervalMs);
    trickles.add(timer);
    response.once('close', () => {
      clearInterval(timer);
      trickles.delete(timer);
    });
  };

  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const key = incoming.headers['idempotency-key'];
      const body = Buffer.concat(chunks);
      const seen = {
        method: incoming.method ?? '', path: incoming.url ?? '', idempotencyKey: typeof key === 'string' ? key : undefined,
        body: body.toString('utf8'), at: Date.now(),
      };
      const action = rule === null ? PASS : rule(seen);
      if (action.kind === 'hold') {
        record(seen, action, 0);
        return;
      }
      if (action.kind === 'reply') {
        const headers = { 'content-type': 'application/json; charset=utf-8', ...action.headers };
        record(seen, action, action.status, action.headers?.['retry-after']);
        response.writeHead(action.status, headers);
        response.end(JSON.stringify({ message: `injected ${action.status}` }));
        return;
      }
      forward(incoming, response, body, seen, action);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    setRule: (next) => {
      rule = next;
    },
    count: (kind) => exchanges.filter((e) => e.action === kind).length,
    openConnections: () => new Promise<number>((resolve, reject) => {
      server.getConnections((error, count) => (error === null ? resolve(count) : reject(error)));
    }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of trickles) clearInterval(timer);
        trickles.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}
