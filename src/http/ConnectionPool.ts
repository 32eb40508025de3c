import http from 'node:http';
import https from 'node:https';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { SlotQueue } from './SlotQueue.js';
import { ProxyTunnelAgent } from './ProxyTunnelAgent.js';
import type { ResolvedProxy } from './proxyFor.js';
import type { SlotAbortSignal } from './SlotQueue.js';

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
  /**
   * The forward proxy (see `proxyFor`). For https the agent is a {@link ProxyTunnelAgent} (a CONNECT tunnel per
   * socket, TLS to the server over it); for http the agent's sockets go to the proxy and axios sends
   * absolute-form requests (its `proxy` option, set by `createHttpClient`).
   */
  proxy?: ResolvedProxy;
  /** Clock for `waitedMs`; default Date.now. */
  now?: () => number;
  /**
   * Told when a request that was queued for a socket stops waiting: `timedOut` false when it got one, true when
   * it failed with PoolTimeoutError. Not called for requests that found a socket at once, nor for a request
   * abandoned while queued (it never got one; its own error says why).
   */
  onWaitEnded?: (waitedMs: number, timedOut: boolean) => void;
}

/**
 * The sockets of one client: a keep-alive `http.Agent` (or `https.Agent`) with `maxSockets = ConnectionPoolSize`,
 * behind a {@link SlotQueue} of `ConnectionPoolSize` slots, one per socket. A request takes a slot before it is
 * handed to the agent and gives it back once it has settled and the agent has let go of its socket, so the agent
 * never has more requests than it may open sockets and never queues one of its own. A request that finds every slot taken waits in the queue; one
 * still waiting `ConnectionPoolTimeoutMs` after it entered fails with a PoolTimeoutError and is never sent.
 * Only the wait for a slot is timed: connecting is not counted, and a request that finds a free slot never waits
 * and costs no timer. The pool uses only Node's public Agent API; `createHttpClient` puts the slots in front of
 * axios (see `slotAdapter`).
 */
export class ConnectionPool {
  /** The agent to hand to axios (`httpAgent` or `httpsAgent`). */
  readonly agent: http.Agent;
  readonly poolSize: number;
  readonly poolTimeoutMs: number;
  readonly pooling: boolean;
  /** The forward proxy the sockets go through, if any. */
  readonly proxy: ResolvedProxy | undefined;
  /** Undefined for an unbounded pool: nothing to count, nobody ever waits. */
  private readonly slots: SlotQueue | undefined;

  constructor(options: ConnectionPoolOptions) {
    const { protocol, tls = {} } = options;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new InvalidArgumentError('ConnectionPool', 'protocol', `expected http: or https:, got ${protocol}`);
    }
    this.pooling = options.enableConnectionPooling ?? true;
    this.poolSize = this.pooling ? positive('connectionPoolSize', options.connectionPoolSize ?? 10) : Infinity;
    this.poolTimeoutMs = positive('connectionPoolTimeoutMs', options.connectionPoolTimeoutMs ?? 5000);
    const agentOptions: https.AgentOptions = { keepAlive: this.pooling, maxSockets: this.poolSize, scheduling: 'lifo' };
    const tlsAgentOptions: https.AgentOptions = {
      ...agentOptions,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
    };
    this.proxy = options.proxy;
    this.agent = protocol !== 'https:'
      ? new http.Agent(agentOptions)
      : options.proxy === undefined
        ? new https.Agent(tlsAgentOptions)
        : new ProxyTunnelAgent(options.proxy, tlsAgentOptions);
    this.slots = Number.isFinite(this.poolSize)
      ? new SlotQueue({
        size: this.poolSize, timeoutMs: this.poolTimeoutMs, now: options.now ?? Date.now,
        ...(options.onWaitEnded === undefined ? {} : { onWaitEnded: options.onWaitEnded }),
      })
      : undefined;
  }

  /** True when requests must take a slot: a finite `ConnectionPoolSize` with pooling on. */
  get bounded(): boolean {
    return this.slots !== undefined;
  }

  /** Requests currently queued for a slot (a socket). */
  get waitingCount(): number {
    return this.slots?.waitingCount ?? 0;
  }

  /** Slots taken now by requests being sent or read; at most `poolSize`. Always 0 for an unbounded pool. */
  get slotsInUse(): number {
    return this.slots?.takenCount ?? 0;
  }

  /** Sockets open now (in use and idle, not yet destroyed), across origins. */
  get openSocketCount(): number {
    const open = (sockets: NodeJS.ReadOnlyDict<{ destroyed: boolean }[]>) =>
      Object.values(sockets).reduce((sum, list) => sum + (list ?? []).filter((socket) => !socket.destroyed).length, 0);
    return open(this.agent.sockets) + open(this.agent.freeSockets);
  }

  /**
   * Takes a free slot without waiting: true when the request may go to the agent now (always, for an unbounded
   * pool). No promise, timer or listener: this is the whole cost of a request that does not wait.
   */
  tryTakeSlot(): boolean {
    return this.slots?.tryTake() ?? true;
  }

  /**
   * Waits for a slot (see `SlotQueue.take`): rejects with PoolTimeoutError after `ConnectionPoolTimeoutMs`,
   * with `signal`'s reason when it aborts, with ClientDisposedError once the pool is destroyed.
   */
  takeSlot(signal?: SlotAbortSignal): Promise<void> {
    return this.slots?.take(signal) ?? Promise.resolve();
  }

  /** Gives back a slot taken by `tryTakeSlot` or `takeSlot`; exactly once per slot. */
  releaseSlot(): void {
    this.slots?.release();
  }

  /** Closes every socket (idle and in use), rejects every request waiting for a slot, clears every timer. Idempotent. */
  destroy(): void {
    this.slots?.close();
    this.agent.destroy();
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new InvalidArgumentError('ConnectionPool', name, `expected a positive number, got ${value}`);
  return value;
}
