import type * as OpenTelemetryApi from '@opentelemetry/api';
import type * as PromClient from 'prom-client';
import { loadOptional } from '../errors/loadOptional.js';

/**
 * prom-client and @opentelemetry/api are optional peers, loaded when metrics or tracing are first turned on, so
 * `import 'vcdevtool-connection'` loads neither (only their types are imported at build time).
 * @throws {@link OptionalDependencyMissingError} when the package is not installed
 */
export function promClient(): typeof PromClient {
  return loadOptional<typeof PromClient>('prom-client');
}

/** @throws {@link OptionalDependencyMissingError} when @opentelemetry/api is not installed */
export function openTelemetry(): typeof OpenTelemetryApi {
  return loadOptional<typeof OpenTelemetryApi>('@opentelemetry/api');
}
