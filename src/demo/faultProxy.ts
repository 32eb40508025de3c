import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RandomSource } from '../../machines/random.js';
import { decideFault } from './faultDecision.js';
import type { FaultDecision } from './faultDecision.js';
import type { Fault } from './timeline.js';

/** What the proxy did so far. */
export interface FaultProxyCounters {
  /** Requests passed to the server and answered with its answer. */
  forwarded: number;
  /** Answers the proxy made up without asking the server, by status. */
  injected: Record<number, number>;
  /** Requests the server applied whose answer the proxy replaced with a 5xx. */
  lostAnswers: number;
  /** Requests that could not reach the server (killed): the client's connection was dropped. */
  unreachable: number;
  /** Answers held back by a delay. */
  delayed: number;
}

/** A fault-injecting HTTP proxy in front of the reference server. */
export interface FaultProxy {
  /** Where the nodes connect, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Plays `fault` on every request from now on; null passes everything through. */
  setFault(fault: Fault | null): void;
  /** A copy of the counters. */
  counters(): FaultProxyCounters;
  /** Drops every connection, cancels held answers and stops listening. Idempotent. */
  close(): Promise<void>;
}

/** Header on every answer the proxy made up or replaced, so a reader of a trace can tell. */
export const FAULT_HEADER = 'x-vcconn-fault';

/**
 * Starts a proxy on 127.0.0.1 that forwards to `upstream` and, per request, injects the current fault: a 5xx
 * without forwarding, a 5xx after the server applied the request (a lost answer), a delayed answer, or a 429 with
 * Retry-After. Decisions come from `random` (seeded by the demo). When the server cannot be reached the client's
 * connection is destroyed, as a crashed server would leave it.
 */
export async function startFaultProxy(upstream: string, random: RandomSource): Promise<FaultProxy> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const held = new Set<NodeJS.Timeout>();
  let fault: Fault | null = null;
  const counters: FaultProxyCounters = { forwarded: 0, injected: {}, lostAnswers: 0, unreachable: 0, delayed: 0 };

  const answer = (response: http.ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: Buffer | string): void => {
    if (response.destroyed) return;
    response.writeHead(status, headers);
    response.end(body);
  };
  const injected = (status: number, reason: string, headers: Readonly<Record<string, string>> = {}) => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', [FAULT_HEADER]: reason, ...headers },
    body: JSON.stringify({ message: `Injected by the demo's fault proxy: ${reason}` }),
  });
  const later = (delayMs: number, action: () => void): void => {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      held.delete(timer);
      action();
    }, delayMs);
    held.add(timer);
  };

  const forward = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, decision: FaultDecision): void => {
    const outgoing = http.request({
      host: target.hostname, port: target.port, method: request.method, path: request.url, agent,
      headers: { ...request.headers, host: target.host },
    }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('error', () => request.socket.destroy());
      reply.on('end', () => {
        if (decision.kind === 'loseAnswer') {
          counters.lostAnswers += 1;
          const made = injected(decision.status, 'answer lost after the server applied the request');
          answer(response, made.status, made.headers, made.body);
          return;
        }
        counters.forwarded += 1;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(reply.headers)) {
          if (typeof value === 'string') headers[name] = value;
          else if (Array.isArray(value)) headers[name] = value.join(', ');
        }
        const delayMs = decision.kind === 'forward' ? decision.delayMs : 0;
        if (delayMs > 0) counters.delayed += 1;
        later(delayMs, () => answer(response, reply.statusCode ?? 502, headers, Buffer.concat(chunks)));
      });
    });
    outgoing.on('error', () => {
      counters.unreachable += 1;
      request.socket.destroy();
    });
    outgoing.end(body);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const decision = decideFault(fault, random);
      if (decision.kind === 'reply') {
        counters.injected[decision.status] = (counters.injected[decision.status] ?? 0) + 1;
        const made = injected(decision.status, decision.status === 429 ? 'rate limited' : 'server error', decision.headers);
        answer(response, made.status, made.headers, made.body);
        return;
      }
      forward(request, response, Buffer.concat(chunks), decision);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault: (next) => {
      fault = next;
    },
    counters: () => ({ ...counters, injected: { ...counters.injected } }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}
