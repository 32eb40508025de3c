import type { InspectionEvent } from 'xstate';
import type { BreakerStateName } from '../../machines/breaker/types.js';
import type { ClientType } from '../../machines/types.js';
import type { ApiClient } from '../api/ApiClient.js';
import { abortableDelay } from '../clients/abortableDelay.js';
import { EnhancedApiClient } from '../clients/EnhancedApiClient.js';
import type { EnhancedApiClientOptions } from '../pipeline/options.js';
import { StandardApiClient } from '../clients/StandardApiClient.js';
import { parseConnectionOptions } from '../config/parseConnectionOptions.js';
import type { ClientFactory, ClientFactoryContext } from '../manager/options.js';
import type { Instrumentation } from '../metrics/types.js';
import { combineObservers } from './inspectHook.js';
import type { InspectObserver } from './inspectHook.js';
import type { DemoNodeSettings } from './nodeSettings.js';

/** What happened on a node's clients, counted as it happens. */
export interface ClientTally {
  /** Retries: attempts made by Enhanced retry loops, and repeated attempts of the Standard client. */
  retries: number;
  /** Circuit breaker openings of the node's Enhanced clients (isolations not included). */
  breakerOpenings: number;
}

/** Builds a node's clients and keeps an eye on them: the tally, and the newest Enhanced client's breaker. */
export interface ObservedClientFactory {
  readonly create: ClientFactory;
  readonly tally: Readonly<ClientTally>;
  /** The breaker of the newest Enhanced client not yet disposed; undefined when there is none. */
  newestBreakerState(): BreakerStateName | undefined;
}

/** Options of {@link observedClientFactory}. */
export interface ObservedClientFactoryOptions {
  readonly settings: DemoNodeSettings;
  /** Called on each breaker opening with the break it starts, ms. */
  readonly onBreakerOpened?: (breakMs: number) => void;
  /** Receives the inspection events of the clients' breakers and retry loops too (the visualizer). */
  readonly inspect?: InspectObserver;
}

/** An Enhanced client that says when it is disposed, so the breaker shown is always one that still takes calls. */
class ForgetfulEnhancedClient extends EnhancedApiClient {
  constructor(baseUrl: string, options: EnhancedApiClientOptions, private readonly onDispose: () => void) {
    super(baseUrl, options);
  }

  override dispose(): Promise<void> {
    this.onDispose();
    return super.dispose();
  }
}

/** True for the inspection event of an attempt started inside a retry loop: every such attempt is a retry. */
function isRetryAttempt(event: InspectionEvent): boolean {
  if (event.type !== '@xstate.actor') return false;
  const { id } = event.actorRef as { id?: unknown };
  return id === 'attempt';
}

/**
 * A ConnectionManager `createClient` for demo nodes: the Enhanced client with the demo's `Connection` settings,
 * or the Standard client with the demo's attempt timeout and linear retries. It counts retries (the Enhanced
 * client's through inspection: an `attempt` actor exists only inside a retry loop; the Standard client's through
 * its delay between attempts) and breaker openings, and remembers the Enhanced clients until they are disposed.
 * @throws {@link ConfigError} for a bad `settings.connection`.
 */
export function observedClientFactory(options: ObservedClientFactoryOptions): ObservedClientFactory {
  const connection = parseConnectionOptions(options.settings.connection);
  const tally: ClientTally = { retries: 0, breakerOpenings: 0 };
  const live: EnhancedApiClient[] = [];
  const inspect = combineObservers((event) => {
    if (isRetryAttempt(event)) tally.retries += 1;
  }, options.inspect);

  const enhanced = (baseUrl: string, instrumentation: Instrumentation | undefined): ApiClient => {
    const client: EnhancedApiClient = new ForgetfulEnhancedClient(baseUrl, { connection, inspect, instrumentation }, () => {
      const index = live.indexOf(client);
      if (index >= 0) live.splice(index, 1);
    });
    client.breaker.on('breaker.opened', (event) => {
      tally.breakerOpenings += 1;
      options.onBreakerOpened?.(event.breakMs);
    });
    live.push(client);
    return client;
  };
  const standard = (baseUrl: string, instrumentation: Instrumentation | undefined): ApiClient => new StandardApiClient(baseUrl, {
    instrumentation,
    timeoutMs: connection.defaultTimeoutSeconds * 1000,
    healthTimeoutMs: connection.healthCheckTimeoutSeconds * 1000,
    maxResponseBytes: connection.maxResponseBytes,
    maxAttempts: options.settings.standard.maxAttempts,
    delayMs: options.settings.standard.delayMs,
    delay: (ms, signal) => {
      tally.retries += 1;
      return abortableDelay(ms, signal);
    },
  });

  return {
    create: (type: ClientType, baseUrl: string, context?: ClientFactoryContext) =>
      (type === 'enhanced' ? enhanced(baseUrl, context?.instrumentation) : standard(baseUrl, context?.instrumentation)),
    tally,
    newestBreakerState: () => live.at(-1)?.circuitState,
  };
}
