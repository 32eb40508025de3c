import type { ServerResponse } from 'node:http';
import type { ClientType } from '../../../../machines/types.js';
import { startLoopbackServer } from '../../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../../helpers/loopbackServer.js';

/** A loopback task server whose `GET api/tasks` answers can be held, and whose health fails for chosen clients. */
export interface HeldTaskServer extends LoopbackServer {
  /** Hold `GET api/tasks` answers until `release()`. */
  hold: boolean;
  /** Answers held now. */
  readonly heldCount: number;
  /** `GET api/tasks` answers 503. */
  failTasks: boolean;
  /** `GET api/health` answers 503 to requests whose `X-Client-Type` is one of these. */
  readonly unhealthyFor: Set<ClientType>;
  /** Sends every held answer (`[]`). */
  release(): void;
}

/** Starts a {@link HeldTaskServer} on 127.0.0.1. */
export async function startHeldTaskServer(): Promise<HeldTaskServer> {
  const held: ServerResponse[] = [];
  const unhealthyFor = new Set<ClientType>();
  const state = { hold: false, failTasks: false };
  const answer = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = await startLoopbackServer((request, response) => {
    const type = request.headers['x-client-type'];
    if (request.url === '/api/health') {
      if (typeof type === 'string' && unhealthyFor.has(type as ClientType)) answer(response, 503, { message: 'unavailable' });
      else answer(response, 200, { status: 'healthy', timestamp: new Date(0).toISOString(), version: 'held-1' });
    } else if (request.url === '/api/tasks' && state.failTasks) {
      answer(response, 503, { message: 'overloaded' });
    } else if (request.url === '/api/tasks' && state.hold) {
      held.push(response);
    } else if (request.url === '/api/tasks') {
      answer(response, 200, []);
    } else {
      answer(response, 404, { message: 'not here' });
    }
  });
  return {
    url: server.url,
    get connectionCount() {
      return server.connectionCount;
    },
    get requestCount() {
      return server.requestCount;
    },
    connectionsClosed: () => server.connectionsClosed(),
    close: () => server.close(),
    get hold() {
      return state.hold;
    },
    set hold(value: boolean) {
      state.hold = value;
    },
    get failTasks() {
      return state.failTasks;
    },
    set failTasks(value: boolean) {
      state.failTasks = value;
    },
    get heldCount() {
      return held.length;
    },
    unhealthyFor,
    release: () => {
      for (const response of held.splice(0)) answer(response, 200, []);
    },
  };
}
