import { promises as dns } from 'node:dns';
import type { EndpointSpec } from '../../machines/endpoints/types.js';
import { DiscoveryError } from '../errors/DiscoveryError.js';
import { TypedEmitter } from '../util/TypedEmitter.js';
import type { EndpointSet } from './EndpointSet.js';
import { mergeEndpoints, srvEndpoints, type SrvRecordLike } from './srvEndpoints.js';

/** What discovery needs of node's `dns.promises.Resolver` (a test may pass its own). */
export interface SrvResolver {
  setServers(servers: string[]): void;
  resolveSrv(name: string): Promise<SrvRecordLike[]>;
  cancel(): void;
}

/** Events of {@link EndpointDiscovery}. */
export interface EndpointDiscoveryEvents {
  /** A lookup answered: `endpoints` is the whole list now (static first), `discovered` what DNS named, `changed` whether the list differs from before. */
  'endpoints.discovered': { readonly endpoints: readonly EndpointSpec[]; readonly discovered: readonly EndpointSpec[]; readonly changed: boolean; readonly at: number };
  /** A lookup failed: the last list is kept (`endpoints`), and `error` says why. */
  'discovery.failed': { readonly error: DiscoveryError; readonly endpoints: readonly EndpointSpec[]; readonly at: number };
  /** A listener threw; it never stops discovery. */
  'listener.error': { readonly event: string; readonly error: unknown };
}

/** Options of {@link EndpointDiscovery}. */
export interface EndpointDiscoveryOptions {
  /** Per-query timeout of the resolver, ms (c-ares' `timeout`). Default 2000. */
  readonly lookupTimeoutMs?: number;
  /** Tries per DNS server (c-ares' `tries`). Default 2. */
  readonly tries?: number;
  /** The resolver; default a `dns.promises.Resolver` with the options above and the set's `dnsServers`. */
  readonly resolver?: SrvResolver;
  /** The clock for events' `at`. Default `Date.now`. */
  readonly now?: () => number;
}

/** What one lookup found: endpoints, or why there are none. */
type Outcome = { readonly discovered: EndpointSpec[] } | { readonly failure: DiscoveryError };

const DEFAULT_LOOKUP_TIMEOUT_MS = 2_000;
const DEFAULT_TRIES = 2;

function sameList(a: readonly EndpointSpec[], b: readonly EndpointSpec[]): boolean {
  return a.length === b.length && a.every((endpoint, index) => {
    const other = b[index];
    return other !== undefined && other.url === endpoint.url && other.priority === endpoint.priority && other.weight === endpoint.weight;
  });
}

function dnsCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/**
 * The endpoints of an {@link EndpointSet}: its static list, plus what the DNS SRV records
 * `_vcdevtool._tcp.<DiscoveryDomain>` name (`<scheme>://<target>:<port>`, the scheme of the first static
 * endpoint, priority and weight from the record), looked up at `start()` and then every `DiscoveryRefreshSeconds`
 * on an unref'd interval (it never keeps the process alive). A failed lookup (no answer, refused, no records)
 * keeps the last list and emits `discovery.failed` with a {@link DiscoveryError}; nothing is thrown.
 * Lookups never overlap: a refresh due while one runs is skipped. Without a discovery domain the list is the
 * static one and `start()` does nothing.
 *
 * A MultiEndpointClient given it as `discovery` follows its lists (`ENDPOINTS.DISCOVERED` to its selection); a
 * ConnectionManager whose settings set `DiscoveryDomain` starts one, and stops it at `dispose()`.
 * @example
 * const discovery = new EndpointDiscovery(endpointSetFrom(settings.apiSettings));
 * discovery.on('endpoints.discovered', ({ endpoints }) => selection.send({ type: 'ENDPOINTS.DISCOVERED', endpoints, at: Date.now() }));
 * await discovery.start();
 */
export class EndpointDiscovery {
  private readonly events = new TypedEmitter<EndpointDiscoveryEvents>((event, error) => {
    if (event !== 'listener.error') this.events.emit('listener.error', { event: String(event), error });
  });
  private readonly resolver: SrvResolver | null;
  private readonly now: () => number;
  private readonly scheme: 'http' | 'https';
  private current: readonly EndpointSpec[];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<readonly EndpointSpec[]> | null = null;
  private stopped = false;

  constructor(private readonly set: EndpointSet, options: EndpointDiscoveryOptions = {}) {
    this.current = set.endpoints;
    this.now = options.now ?? Date.now;
    const first = set.endpoints[0]?.url ?? '';
    this.scheme = first.startsWith('https:') ? 'https' : 'http';
    if (set.discovery === null) {
      this.resolver = null;
      return;
    }
    this.resolver = options.resolver ?? new dns.Resolver({ timeout: options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS, tries: options.tries ?? DEFAULT_TRIES });
    if (set.discovery.dnsServers !== null) this.resolver.setServers([...set.discovery.dnsServers]);
  }

  /** The list now: static endpoints first, then the last discovered ones. */
  get endpoints(): readonly EndpointSpec[] {
    return this.current;
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof EndpointDiscoveryEvents>(name: K, listener: (event: EndpointDiscoveryEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /** Looks up once now, then every refresh interval. Resolves with the list after the first lookup (kept on failure). */
  start(): Promise<readonly EndpointSpec[]> {
    const discovery = this.set.discovery;
    if (discovery === null || this.stopped) return Promise.resolve(this.current);
    if (this.timer === null) {
      this.timer = setInterval(() => void this.refresh(), discovery.refreshMs);
      this.timer.unref();
    }
    return this.refresh();
  }

  /** One lookup now (or the one already running). Resolves with the list, never rejects. */
  refresh(): Promise<readonly EndpointSpec[]> {
    const discovery = this.set.discovery;
    if (discovery === null || this.resolver === null || this.stopped) return Promise.resolve(this.current);
    this.running ??= this.lookup(this.resolver, discovery.srvName, discovery.dnsServers ?? []).then((outcome) => {
      // Cleared before the event goes out, so a listener that asks for the next refresh gets a new lookup.
      this.running = null;
      if (!this.stopped) this.publish(outcome);
      return this.current;
    });
    return this.running;
  }

  /** Stops the interval and cancels a running lookup; the list stays readable. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.resolver?.cancel();
  }

  /** One SRV lookup; never rejects. */
  private async lookup(resolver: SrvResolver, srvName: string, dnsServers: readonly string[]): Promise<Outcome> {
    try {
      const discovered = srvEndpoints(await resolver.resolveSrv(srvName), this.scheme);
      if (discovered.length > 0) return { discovered };
      return { failure: new DiscoveryError(srvName, dnsServers, 'ENORECORDS', this.current.length) };
    } catch (error) {
      return { failure: new DiscoveryError(srvName, dnsServers, dnsCodeOf(error), this.current.length, { cause: error }) };
    }
  }

  private publish(outcome: Outcome): void {
    if ('failure' in outcome) {
      this.events.emit('discovery.failed', { error: outcome.failure, endpoints: this.current, at: this.now() });
      return;
    }
    const endpoints = mergeEndpoints(this.set.endpoints, outcome.discovered);
    const changed = !sameList(endpoints, this.current);
    this.current = endpoints;
    this.events.emit('endpoints.discovered', { endpoints, discovered: outcome.discovered, changed, at: this.now() });
  }
}
