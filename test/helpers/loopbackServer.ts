import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** A plain HTTP(S) server on 127.0.0.1 that counts connections and requests, for pool and TLS tests. */
export interface LoopbackServer {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connectionCount: number;
  /** Requests received so far. */
  readonly requestCount: number;
  /** Resolves when every connection accepted so far has closed. */
  connectionsClosed(): Promise<void>;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** Starts a server on 127.0.0.1 with a free port. Pass `tls` for https. */
export async function startLoopbackServer(handler: Handler, tls?: { key: string; cert: string }): Promise<LoopbackServer> {
  const server = tls === undefined ? http.createServer(handler) : https.createServer(tls, handler);
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  let connectionCount = 0;
  let requestCount = 0;
  server.on(tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => {
    connectionCount += 1;
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => {
      sockets.delete(socket);
      resolve();
    })));
  });
  server.on('request', () => {
    requestCount += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    get connectionCount() {
      return connectionCount;
    },
    get requestCount() {
      return requestCount;
    },
    connectionsClosed: async () => {
      await Promise.all(closed);
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
