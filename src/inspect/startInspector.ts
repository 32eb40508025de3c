import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { InspectionEvent } from 'xstate';
import type * as WsModule from 'ws';
import type { RawData, WebSocket } from 'ws';
import { loadOptional } from '../errors/loadOptional.js';
import { FeedQueue } from './FeedQueue.js';
import { handleRequest } from './httpRoutes.js';
import { createLocalInspect } from './localSource.js';
import type { InspectorOptions } from './options.js';
import { checkGroup, resolveInspectorOptions } from './options.js';
import { pageAssets } from './pageAssets.js';
import { RelayHub } from './RelayHub.js';
import { StatelyConnection } from './statelySource.js';
import { connectXState4 } from './xstate4Link.js';
import type { XState4Link, XState4LinkOptions } from './xstate4Link.js';
import { InspectorListenError } from './errors/InspectorListenError.js';

/** An XState inspection observer: pass it as `inspect` to `createActor`, or to `ConnectionManager`. */
export type InspectFunction = (event: InspectionEvent) => void;

/** A running relay: the visualizer page, its feed, and the inspection inputs. */
export interface RunningInspector {
  /** The visualizer page, e.g. `http://127.0.0.1:4321/`. */
  readonly url: string;
  /** For `createWebSocketInspector({ url })` of `@statelyai/inspect`, e.g. `ws://127.0.0.1:4321/inspect`. */
  readonly inspectUrl: string;
  /** Inspection observer for in-process actors (`createActor(logic, { inspect })`). */
  readonly inspect: InspectFunction;
  /**
   * The same, tagging every actor it sees with `group` (one per manager or node, e.g. `node-1`): the page groups
   * actors by it. @throws {@link InvalidArgumentError} for an empty label or one over 100 characters.
   */
  inspectFor(group: string): InspectFunction;
  /**
   * Shows an XState v4 app that runs `@xstate/inspect`'s server mode (`inspect({ server: wss })`): connects to its
   * WebSocket server at `url` (`ws://host:port`) as its inspector, and again whenever it goes, until closed.
   * @throws {@link InvalidArgumentError} for an address that is not ws:// or wss://, or a bad group label.
   */
  connectXState4(url: string, options?: XState4LinkOptions): XState4Link;
  /** Closes the pages' and clients' sockets and stops listening. Idempotent. */
  close(): Promise<void>;
}

/** A page's socket: past this much unsent data, the page is behind and its queue folds instead. */
const MAX_BUFFERED_BYTES = 1 << 20;
const MAX_INSPECT_MESSAGE_BYTES = 16 << 20;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new InspectorListenError(host, port, error));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the inspection relay: an HTTP server on `host:port` that serves the visualizer page at `/`, feeds it
 * over the WebSocket `/feed` (batched every `flushIntervalMs`, bounded per page so a slow page never holds up
 * the runtime), and takes inspection events from in-process actors (`inspect`, `inspectFor`) and from
 * `@statelyai/inspect` WebSocket clients at `/inspect` (or `/`; `?group=<label>` tags their actors); XState v4
 * apps with `@xstate/inspect`'s server mode join through {@link RunningInspector.connectXState4}.
 *
 * @example
 * const inspector = await startInspector({ port: 4321 });
 * const manager = new ConnectionManager({ baseUrl, inspect: inspector.inspectFor('node-1') });
 * console.log(`visualizer: ${inspector.url}`);
 * // elsewhere: createWebSocketInspector({ url: inspector.inspectUrl })
 * @throws {@link InvalidArgumentError} for a bad option.
 * @throws {@link InspectorListenError} when it cannot listen (port in use).
 * @throws {@link OptionalDependencyMissingError} when ws (an optional peer) is not installed.
 */
export async function startInspector(options: InspectorOptions = {}): Promise<RunningInspector> {
  const { port, host, flushIntervalMs } = resolveInspectorOptions(options);
  // ws is an optional peer, loaded only when a visualizer starts.
  const { WebSocketServer } = loadOptional<typeof WsModule>('ws');
  const hub = new RelayHub();
  const pages = new Map<WebSocket, FeedQueue>();
  let inspectCount = 0;
  let xstate4Count = 0;
  const links = new Set<XState4Link>();
  let boundPort = port;

  const allowedHosts = (): Set<string> => new Set([`${urlHost(host)}:${boundPort}`, `127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`]);
  // A page elsewhere on the web must not read the feed through DNS rebinding or a cross-site socket.
  const isAllowedHost = (request: IncomingMessage): boolean =>
    WILDCARD_HOSTS.has(host) || allowedHosts().has(request.headers.host ?? '');
  const isOwnOrigin = (request: IncomingMessage): boolean =>
    request.headers.origin === undefined || request.headers.origin === `http://${request.headers.host ?? ''}`;

  const server = createServer((request, response) => {
    if (!isAllowedHost(request)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
      return;
    }
    void handleRequest(request, response, {
      assets: pageAssets,
      stats: () => ({ ...hub.stats(), pages: pages.size }),
      onAssetError: () => undefined,
    });
  });
  const feed = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const inspectors = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_INSPECT_MESSAGE_BYTES });

  feed.on('connection', (socket: WebSocket) => {
    const queue = new FeedQueue();
    pages.set(socket, queue);
    hub.attach(queue);
    socket.on('close', () => {
      pages.delete(socket);
      hub.detach(queue);
    });
    socket.on('error', () => socket.terminate());
  });

  inspectors.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const group = new URL(request.url ?? '/', 'http://relay').searchParams.get('group');
    const connection = new StatelyConnection(hub, `ws${++inspectCount}:`, group === null ? null : checkGroup(group, 'inspect client'));
    hub.inspectClients += 1;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) connection.receive(textOf(data));
    });
    socket.on('close', () => {
      hub.inspectClients -= 1;
      connection.close();
    });
    socket.on('error', () => socket.terminate());
  });

  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const group = url.searchParams.get('group');
    const groupOk = group === null || (group.trim() !== '' && group.length <= 100);
    if (url.pathname === '/feed' && isAllowedHost(request) && isOwnOrigin(request)) {
      feed.handleUpgrade(request, socket, head, (ws) => feed.emit('connection', ws, request));
    } else if ((url.pathname === '/inspect' || url.pathname === '/') && groupOk) {
      inspectors.handleUpgrade(request, socket, head, (ws) => inspectors.emit('connection', ws, request));
    } else {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
  });

  boundPort = await listen(server, port, host);

  const flush = (): void => {
    for (const [socket, queue] of pages) {
      if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      const batch = queue.take(hub);
      if (batch !== null) socket.send(JSON.stringify(batch));
    }
  };
  const timer = setInterval(flush, flushIntervalMs);
  timer.unref();

  const base = `${urlHost(WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host)}:${boundPort}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${base}/`,
    inspectUrl: `ws://${base}/inspect`,
    inspect: createLocalInspect(hub, null),
    inspectFor: (group) => createLocalInspect(hub, checkGroup(group, 'inspectFor')),
    connectXState4: (url, linkOptions = {}) => {
      if (linkOptions.group !== undefined) checkGroup(linkOptions.group, 'connectXState4');
      const link = connectXState4(hub, url, linkOptions, () => `v4-${++xstate4Count}:`);
      links.add(link);
      return link;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const link of links) link.close();
        for (const client of [...feed.clients, ...inspectors.clients]) client.terminate();
        feed.close();
        inspectors.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
