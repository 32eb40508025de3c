import type { Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { ConnectionInstrumentation } from './ConnectionInstrumentation.js';
import { ConnectionMetrics } from './ConnectionMetrics.js';
import { promClient } from './optionalPackages.js';
import type { MetricsRegistry, OpenTelemetryTracer } from './peerTypes.js';
import { globalTracer } from './tracing.js';

/** Where the Prometheus metrics go. */
export interface MetricsOptions {
  /** The registry; default {@link defaultMetricsRegistry} (not prom-client's global `register`: pass it to use it). */
  registry?: MetricsRegistry;
}

/** Where the spans go. */
export interface TracingOptions {
  /** The tracer; default the global one (`trace.getTracer('vcdevtool-connection')`), a no-op without an SDK. */
  tracer?: OpenTelemetryTracer;
}

/** Observability of a connection (ConnectionManager options) or of clients used directly. */
export interface InstrumentationOptions {
  /** Prometheus metrics: `true` for the default registry, or `{ registry }`. Default: off. */
  metrics?: boolean | MetricsOptions;
  /** OpenTelemetry spans, one per call: `true` for the global tracer, or `{ tracer }`. Default: off. */
  tracing?: boolean | TracingOptions;
  /**
   * The `node` label of the series and the `vcconn.node.id` span attribute, e.g. the worker's node id. Unique per
   * registry among live connections. Default `vcconn-<n>`, n counting up in this process.
   */
  nodeId?: string;
}

let defaultRegistry: Registry | undefined;
let unnamed = 0;

/** The registry `metrics: true` uses: one per process, the library's own, so it never mixes with the host's. */
export function defaultMetricsRegistry(): MetricsRegistry {
  return defaultPromRegistry();
}

/** @throws {@link OptionalDependencyMissingError} when prom-client is not installed */
function defaultPromRegistry(): Registry {
  defaultRegistry ??= new (promClient().Registry)();
  return defaultRegistry;
}

/**
 * The instrumentation `options` ask for, or undefined when they ask for neither metrics nor tracing (the
 * clients then pay nothing per call).
 * @throws {@link InvalidArgumentError} for an empty `nodeId`, one in use on the registry, or a registry that holds
 *   `vcconn_` metrics of another origin.
 */
export function createInstrumentation(options: InstrumentationOptions = {}): ConnectionInstrumentation | undefined {
  const { metrics, tracing } = options;
  const wantsMetrics = metrics !== undefined && metrics !== false;
  const wantsTracing = tracing !== undefined && tracing !== false;
  if (!wantsMetrics && !wantsTracing) return undefined;
  if (options.nodeId !== undefined && (typeof options.nodeId !== 'string' || options.nodeId.trim() === '')) {
    throw new InvalidArgumentError('instrumentation', 'nodeId', `expected a non-empty string, got ${JSON.stringify(options.nodeId)}`);
  }
  const nodeId = options.nodeId ?? `vcconn-${++unnamed}`;
  // The host's registry and tracer come from prom-client and @opentelemetry/api themselves (see peerTypes.ts).
  const registry = wantsMetrics ? (metrics === true ? undefined : metrics.registry as Registry | undefined) ?? defaultPromRegistry() : undefined;
  const tracer = wantsTracing ? ((tracing === true ? undefined : tracing.tracer) as Tracer | undefined) ?? globalTracer() : undefined;
  return new ConnectionInstrumentation(nodeId, registry === undefined ? undefined : ConnectionMetrics.of(registry), tracer);
}
