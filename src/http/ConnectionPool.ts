import http from 'node:http';
import https from 'node:https';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { PoolTimeoutError } from '../errors/PoolTimeoutError.js';

/** TLS settings for an https base URL. */
export interface TlsOptions {
  /** Extra trusted CA certificate(s), PEM. Node's bundled roots are replaced by these when given, as in Node's `ca`. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Verify the server's certificate. Default true; turning it off is for tests against throwaway servers only. */
  rejectUnauthorized?: boolean;
  /** Client certificate and key (PEM), for servers that ask for one. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** How the pool is shaped; the names follow ConnectionOptions. */
export interface ConnectionPoolOptions {
  /** `http:` or `https:`, from the base URL. */
  protocol: string;
  /** `ConnectionPoolSize`: sockets per origin. Default 10. `Infinity` puts no bound and never waits. */
  connectionPoolSize?: number;
  /**
   * `ConnectionPoolTimeoutMs`: how long a request may wait for a socket before PoolTimeoutError. Default 5000.
   * `Infinity` waits as long as it takes.
   */
  connectionPoolTimeoutMs?: number;
  /** `EnableConnectionPooling`. Default true. False: no keep-alive, a fresh connection per call, no bound, no wait. */
  enableConnectionPooling?: boolean;
  tls?: TlsOptions;
  /** Clock for `waitedMs`; default Date.now. */
  now?: () => number;
  /**
   * Told when a request that was queued for a socket stops waiting: `timedOut` false when it got one, true when
   * it failed with PoolTimeoutError. Not called for requests that found a socket at once, nor for a request
   * abandoned while queued (it never got one; its own error says why).
   */
  onWaitEnded?: (waitedMs: number, timedOut: boolean) => void;
}

/** The part of Node's Agent that is not in its public typings: every request enters the pool through it. */
interface AgentWithAddRequest {
  addRequest(request: http.ClientRequest, options: http.ClientRequestArgs): void;
}

/**
 * A ClientRequest's socket hook, called by the agent with `(null, error)` when it cannot give a socket; it
 * emits `error` and `close` on the request. `destroy()` alone does neither while the request has no socket.
 */
interface RequestWithOnSocket {
  onSocket(socket: null, error: Error): void;
}

/**
 * The sockets of one client: a keep-alive `http.Agent` (or `https.Agent`) with `maxSockets = ConnectionPoolSize`,
 * plus a pool-wait timeout. A request that has not been given a socket `ConnectionPoolTimeoutMs` after it entered
 * the pool's queue is destroyed with a {@link PoolTimeoutError} (the time is measured from `addRequest` to the
 * request's `socket` event, so connecting is not counted; a request that finds a free socket never waits). Every
 * wait timer is cleared on `socket`, on `close`, when it fires, or by {@link ConnectionPool.destroy}: the pool
 * never leaves a timer behind.
 */
export class ConnectionPool {
  /** The agent to hand to axios (`httpAgent` or `httpsAgent`). */
  readonly agent: http.Agent;
  readonly poolSize: number;
  readonly poolTimeoutMs: number;
  readonly pooling: boolean;
  private readonly waits = new Map<http.ClientRequest, NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly onWaitEnded: ((waitedMs: number, timedOut: boolean) => void) | undefined;
  private destroyed = false;

  constructor(options: ConnectionPoolOptions) {
    const { protocol, tls = {} } = options;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new InvalidArgumentError('ConnectionPool', 'protocol', `expected http: or https:, got ${protocol}`);
    }
    this.pooling = options.enableConnectionPooling ?? true;
    this.poolSize = this.pooling ? positive('connectionPoolSize', options.connectionPoolSize ?? 10) : Infinity;
    this.poolTimeoutMs = positive('connectionPoolTimeoutMs', options.connectionPoolTimeoutMs ?? 5000);
    this.now = options.now ?? Date.now;
    this.onWaitEnded = options.onWaitEnded;
    const agentOptions: https.AgentOptions = { keepAlive: this.pooling, maxSockets: this.poolSize, scheduling: 'lifo' };
    this.agent = protocol === 'https:'
      ? new https.Agent({
        ...agentOptions,
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        ...(tls.cert === undefined ? {} : { cert: tls.cert }),
        ...(tls.key === undefined ? {} : { key: tls.key }),
      })
      : new http.Agent(agentOptions);
    // An unbounded pool never queues, and an unbounded wait needs no timer.
    if (Number.isFinite(this.poolSize) && Number.isFinite(this.poolTimeoutMs)) this.watchPoolWaits();
  }

  /** Requests currently queued for a socket. */
  get waitingCount(): number {
    return this.waits.size;
  }

  /** Sockets open now (in use and idle, not yet destroyed), across origins. */
  get openSocketCount(): number {
    const open = (sockets: NodeJS.ReadOnlyDict<{ destroyed: boolean }[]>) =>
      Object.values(sockets).reduce((sum, list) => sum + (list ?? []).filter((socket) => !socket.destroyed).length, 0);
    return open(this.agent.sockets) + open(this.agent.freeSockets);
  }

  /** Closes every socket (idle and in use) and clears every wait timer. Idempotent. */
  destroy(): void {
    this.destroyed = true;
    for (const timer of this.waits.values()) clearTimeout(timer);
    this.waits.clear();
    this.agent.destroy();
  }

  private watchPoolWaits(): void {
    const agent = this.agent as unknown as AgentWithAddRequest;
    const addRequest = agent.addRequest.bind(agent);
    agent.addRequest = (request, options) => {
      addRequest(request, options);
      // Only a queued request waits: one given a free socket, or a new connection, has it on the next tick, so
      // it needs no timer (a timer and two listeners per request cost more than the rest of the pool).
      if (!this.destroyed && this.isQueued(request, options)) this.startWait(request, options);
    };
  }

  private isQueued(request: http.ClientRequest, options: http.ClientRequestArgs): boolean {
    // The agent appends a request it cannot serve yet to its queue for the origin.
    return this.agent.requests[this.agent.getName(options)]?.at(-1) === request;
  }

  private startWait(request: http.ClientRequest, options: http.ClientRequestArgs): void {
    const enteredAt = this.now();
    const stop = () => {
      const timer = this.waits.get(request);
      if (timer !== undefined) clearTimeout(timer);
      this.waits.delete(request);
      request.off('socket', served);
      request.off('close', stop);
    };
    const served = () => {
      stop();
      this.onWaitEnded?.(this.now() - enteredAt, false);
    };
    const timer = setTimeout(() => {
      stop();
      if (request.destroyed) return;
      const waitedMs = this.now() - enteredAt;
      this.onWaitEnded?.(waitedMs, true);
      this.abandon(request, options, new PoolTimeoutError(waitedMs, this.poolSize));
    }, this.poolTimeoutMs);
    this.waits.set(request, timer);
    request.once('socket', served);
    request.once('close', stop);
  }

  /** Takes a request out of the agent's queue and fails it, so no socket is ever handed to it later. */
  private abandon(request: http.ClientRequest, options: http.ClientRequestArgs, error: PoolTimeoutError): void {
    // Node's typings call the queues read-only; the agent itself mutates them, and so must we.
    const queues = this.agent.requests as Record<string, http.ClientRequest[] | undefined>;
    const name = this.agent.getName(options);
    const queue = queues[name];
    const index = queue === undefined ? -1 : queue.indexOf(request);
    request.destroy(error);
    if (queue === undefined || index < 0) return;
    queue.splice(index, 1);
    // The agent expects a queue it keeps to be non-empty (removeSocket reads its first entry).
    if (queue.length === 0) delete queues[name];
    (request as unknown as RequestWithOnSocket).onSocket(null, error);
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new InvalidArgumentError('ConnectionPool', name, `expected a positive number, got ${value}`);
  return value;
}
