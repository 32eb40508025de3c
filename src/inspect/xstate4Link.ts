import type * as WsModule from 'ws';
import type { WebSocket } from 'ws';
import { loadOptional } from '../errors/loadOptional.js';
import type { RawData } from 'ws';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import type { RelayHub } from './RelayHub.js';
import { XSTATE4_HELLO, XState4Connection } from './xstate4Source.js';

/** What a link to a v4 app reports as it connects and loses the app. */
export type XState4LinkStatus =
  | { readonly kind: 'connected'; readonly url: string }
  | { readonly kind: 'disconnected'; readonly url: string; readonly reason: string; readonly retryInMs: number };

/** Options of `connectXState4`. */
export interface XState4LinkOptions {
  /** Label of the app's actors on the page; default `xstate4 <host:port>`. */
  readonly group?: string;
  /** First wait before connecting again after the app went or refused, ms; doubles up to 10 s. Default 500. */
  readonly retryDelayMs?: number;
  readonly onStatus?: (status: XState4LinkStatus) => void;
}

/** A relay's connection to one XState v4 app's `@xstate/inspect` server; it reconnects until closed. */
export interface XState4Link {
  /** The app's server, without credentials. */
  readonly url: string;
  /** Stops connecting; the app's actors are reported stopped. Idempotent. */
  close(): void;
}

const OPERATION = 'connectXState4';
const MAX_RETRY_MS = 10_000;
const MAX_MESSAGE_BYTES = 16 << 20;

/**
 * Checks the address of a v4 app's inspection server: `ws://host:port` or `wss://...`.
 * @throws {@link InvalidArgumentError} naming what is wrong.
 */
export function parseXState4Url(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(OPERATION, 'url', `expected the app's WebSocket server, e.g. ws://127.0.0.1:8888, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidArgumentError(OPERATION, 'url', `expected a ws:// or wss:// address (the WebSocket server given to @xstate/inspect's inspect({ server })), got ${url.protocol}//`);
  }
  return url;
}

function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

/**
 * Connects `hub` to an XState v4 app that runs `@xstate/inspect`'s server mode: the relay is the inspector,
 * a WebSocket client of the app's server. It says `xstate.inspecting`, and the app answers with its services
 * and then everything they do. When the app goes (or is not up yet) the link tries again, waiting
 * `retryDelayMs`, doubling up to 10 s; each connection gets fresh actor ids, since a restarted app numbers
 * its services again.
 * @throws {@link InvalidArgumentError} for an address that is not ws:// or wss://.
 */
export function connectXState4(hub: RelayHub, address: string, options: XState4LinkOptions = {}, nextPrefix: () => string): XState4Link {
  const url = parseXState4Url(address);
  const label = shown(url);
  const group = options.group ?? `xstate4 ${url.host}`;
  const baseDelay = options.retryDelayMs ?? 500;
  let delay = baseDelay;
  let closed = false;
  let socket: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connect = (): void => {
    timer = undefined;
    const connection = new XState4Connection(hub, nextPrefix(), group);
    const ws = new (loadOptional<typeof WsModule>('ws').WebSocket)(url, { perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });
    socket = ws;
    let reason = 'closed';
    ws.on('open', () => {
      delay = baseDelay;
      ws.send(XSTATE4_HELLO);
      options.onStatus?.({ kind: 'connected', url: label });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) connection.receive(textOf(data));
    });
    ws.on('error', (error) => {
      reason = error.message;
    });
    ws.on('close', () => {
      connection.close();
      if (closed) return;
      options.onStatus?.({ kind: 'disconnected', url: label, reason, retryInMs: delay });
      timer = setTimeout(connect, delay);
      timer.unref();
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    });
  };
  connect();

  return {
    url: label,
    close: () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.terminate();
    },
  };
}
