import type http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { ResolvedProxy } from './proxyFor.js';

/**
 * A forward proxy's own refusal: its 407 (`EPROXY_AUTH`, not transient: the credentials are wrong or missing;
 * a 401 to CONNECT too, which tinyproxy sends instead) or another status of its answer to CONNECT
 * (`EPROXY_<status>`; 5xx, the proxy failing to reach the server or being overloaded, is transient: 502, 503,
 * 504, and the 500 "Unable to connect" of tinyproxy). Its message names the proxy as `host:port`, never its
 * credentials. `classifyFailure` turns it into a NetworkError with this `code` as `errorCode`.
 */
export class ProxyError extends Error {
  readonly code: string;
  readonly proxy: string;
  readonly status: number;
  readonly retryable: boolean;

  constructor(proxy: string, status: number, detail: string) {
    const auth = status === 407 || status === 401;
    super(auth
      ? `proxy ${proxy} refused the credentials (HTTP ${status}, Proxy Authentication Required)${detail}`
      : `proxy ${proxy} answered HTTP ${status}${detail}`);
    this.name = 'ProxyError';
    this.proxy = proxy;
    this.status = status;
    this.code = auth ? 'EPROXY_AUTH' : `EPROXY_${status}`;
    this.retryable = status >= 500 && status <= 599;
  }
}

/** True when `value` is a {@link ProxyError}. */
export function isProxyError(value: unknown): value is ProxyError {
  return value instanceof ProxyError;
}

/** Longest status line and headers of a CONNECT answer read before giving up on the proxy. */
const MAX_CONNECT_HEAD = 16 * 1024;

type CreateCallback = (error: Error | null, socket: Duplex) => void;

/**
 * An `https.Agent` that reaches the server through an http forward proxy: each new socket is a CONNECT tunnel
 * (`CONNECT host:port`, with `Proxy-Authorization` when the proxy URL has credentials), then TLS over the tunnel
 * socket with `servername` = the server's host, verified against the agent's own TLS options (`ca`,
 * `rejectUnauthorized`, `cert`, `key`), so the server's certificate is checked end to end and the proxy sees only
 * ciphertext. Everything else is `https.Agent`'s: keep-alive, `maxSockets`, the free-socket pool and its key
 * (the server's origin and TLS options).
 */
export class ProxyTunnelAgent extends https.Agent {
  readonly proxy: ResolvedProxy;
  /** Sockets to the proxy still waiting for its answer to CONNECT: `destroy()` closes them too. */
  private readonly pending = new Set<net.Socket>();

  constructor(proxy: ResolvedProxy, options: https.AgentOptions) {
    super(options);
    this.proxy = proxy;
  }

  /** Closes every socket, those still opening a tunnel included. */
  override destroy(): void {
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
    super.destroy();
  }

  override createConnection(requestOptions: http.RequestOptions, callback?: CreateCallback): Duplex | undefined {
    // https.Agent hands its TLS options (ca, servername, ...) in the same object.
    const options = requestOptions as http.RequestOptions & tls.ConnectionOptions;
    const done = (error: Error | null, socket?: Duplex): void => {
      // Node's Agent calls back with the error alone when the socket could not be made.
      if (callback !== undefined) callback(error, socket as Duplex);
    };
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port ?? 443);
    const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const label = this.proxy.label;
    let settled = false;
    const raw = net.connect({ host: this.proxy.host, port: this.proxy.port });
    this.pending.add(raw);
    const finish = (error: Error | null, socket?: Duplex): void => {
      if (settled) return;
      settled = true;
      this.pending.delete(raw);
      done(error, socket);
    };
    raw.setNoDelay(true);
    const onError = (error: Error): void => {
      raw.destroy();
      finish(withProxy(error, label));
    };
    raw.on('error', onError);
    raw.once('close', () => finish(withProxy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), label)));
    raw.once('connect', () => {
      const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
      if (this.proxy.authorization !== undefined) lines.push(`Proxy-Authorization: ${this.proxy.authorization}`);
      raw.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD) onError(new Error(`proxy ${label} sent no complete answer to CONNECT`));
        return;
      }
      raw.off('data', onData);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
      if (status !== 200) {
        raw.removeAllListeners('close');
        raw.destroy();
        finish(Number.isNaN(status)
          ? withProxy(new Error(`proxy ${label} answered CONNECT with something that is not HTTP`), label)
          : new ProxyError(label, status, ` to CONNECT ${authority}`));
        return;
      }
      const rest = head.subarray(end + 4);
      if (rest.length > 0) raw.unshift(rest);
      raw.off('error', onError);
      raw.removeAllListeners('close');
      const { servername, ...tlsOptions } = options;
      const secure = tls.connect({
        ...tlsOptions,
        socket: raw,
        servername: servername ?? (net.isIP(host) === 0 ? host : undefined),
      } as tls.ConnectionOptions);
      // An error of the tunnel socket ends the TLS socket with it (and never goes unhandled).
      raw.on('error', (error) => secure.destroy(error));
      // The request's own error handling takes over from here (a certificate error surfaces on the request).
      finish(null, secure);
    };
    raw.on('data', onData);
    return undefined;
  }
}

/** `error` with the proxy named in its message (its code kept, so `ECONNREFUSED` stays retryable). */
function withProxy(error: Error, label: string): Error {
  const code = (error as Error & { code?: unknown }).code;
  const wrapped = new Error(`proxy ${label}: ${error.message}`, { cause: error });
  return typeof code === 'string' ? Object.assign(wrapped, { code }) : wrapped;
}
