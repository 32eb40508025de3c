import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does with one request: write any answer, or break the connection. */
export type Script = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** A loopback HTTP server whose answer is swapped per test, counting what it received. */
export interface ScriptedServer {
  readonly url: string;
  /** Requests received so far. */
  readonly requestCount: number;
  /** TCP connections accepted so far. */
  readonly connectionCount: number;
  /** The headers of the last request received. */
  readonly lastHeaders: http.IncomingHttpHeaders | undefined;
  /** Answers every request from now on with `script`. */
  answer(script: Script): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a server on a loopback address (127.0.0.1 unless `host` names another, e.g. 127.0.0.2 to play a second
 * host) with a free port. A header far past Node's own limit can be sent with `maxHeaderSize` raised here: the
 * server must be able to write what the client cannot read.
 */
export async function startScriptedServer(initial: Script, options: { maxHeaderSize?: number; host?: string } = {}): Promise<ScriptedServer> {
  const host = options.host ?? '127.0.0.1';
  let script = initial;
  let requestCount = 0;
  let connectionCount = 0;
  let lastHeaders: http.IncomingHttpHeaders | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer({ maxHeaderSize: options.maxHeaderSize }, (request, response) => {
    requestCount += 1;
    lastHeaders = request.headers;
    // The body is drained so a POST never leaves the client waiting on a full socket.
    request.resume();
    script(request, response);
  });
  server.on('connection', (socket: Socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    get requestCount() {
      return requestCount;
    },
    get connectionCount() {
      return connectionCount;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    answer(next) {
      script = next;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Answers `body` with `status` and a JSON content type unless `contentType` says otherwise. */
export function send(status: number, body: string, contentType = 'application/json; charset=utf-8'): Script {
  return (_request, response) => {
    response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  };
}

/** A task as the reference server sends it; the good answer every case must still get afterwards. */
export const GOOD_TASK = {
  id: 7,
  name: 'Render shot 12',
  type: 0,
  status: 0,
  assignedNodeId: null,
  assignedNodeIds: '[]',
  createdAt: '2026-11-27T10:00:00Z',
  startedAt: null,
  completedAt: null,
  parameters: null,
  resultMessage: null,
  rowVersion: 'AAAAAAAAB9E=',
} as const;

/** `GET api/tasks` answered well. */
export const goodTasks: Script = send(200, JSON.stringify([GOOD_TASK]));
