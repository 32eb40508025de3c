import type http from 'node:http';
import { startLoopbackServer } from './loopbackServer.js';
import type { LoopbackServer } from './loopbackServer.js';

export interface Held {
  readonly method: string;
  readonly path: string;
  /** Answers the request with `status` and a JSON body. */
  answer(status: number, body: unknown): void;
  /** Resolves true when the client closed the request before it was answered (an abort seen by the server). */
  readonly abandoned: Promise<boolean>;
}

/** A server that holds every request until the test answers it, and tells when the client gave one up. */
export interface HoldingServer {
  readonly server: LoopbackServer;
  readonly held: Held[];
  /** Resolves with the next request to arrive (or one already waiting, unclaimed). */
  next(): Promise<Held>;
}

export async function holdingServer(): Promise<HoldingServer> {
  const held: Held[] = [];
  const waiting: ((request: Held) => void)[] = [];
  const unclaimed: Held[] = [];
  const server = await startLoopbackServer((request: http.IncomingMessage, response: http.ServerResponse) => {
    let answered = false;
    const abandoned = new Promise<boolean>((resolve) => {
      response.once('close', () => resolve(!answered));
    });
    const entry: Held = {
      method: request.method ?? '',
      path: request.url ?? '',
      abandoned,
      answer: (status, body) => {
        answered = true;
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      },
    };
    held.push(entry);
    const waiter = waiting.shift();
    if (waiter === undefined) unclaimed.push(entry);
    else waiter(entry);
  });
  return {
    server,
    held,
    next: () => {
      const ready = unclaimed.shift();
      return ready === undefined ? new Promise<Held>((resolve) => waiting.push(resolve)) : Promise.resolve(ready);
    },
  };
}
