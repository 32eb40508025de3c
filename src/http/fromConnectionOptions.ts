import type { ConnectionOptions } from '../config/types.js';
import type { HttpClientOptions } from './createHttpClient.js';
import type { TimeoutProfile } from '../api/operations/index.js';

/** The ConnectionOptions keys the HTTP layer reads. */
export type HttpConnectionOptions = Pick<
  ConnectionOptions,
  | 'defaultTimeoutSeconds' | 'healthCheckTimeoutSeconds' | 'taskOperationTimeoutSeconds' | 'fileOperationTimeoutSeconds'
  | 'connectionPoolSize' | 'connectionPoolTimeoutMs' | 'enableConnectionPooling' | 'maxResponseBytes'
>;

/**
 * An operation's timeout profile in ms: `health` = HealthCheckTimeoutSeconds, `default` = DefaultTimeoutSeconds,
 * `task` = TaskOperationTimeoutSeconds, `file` = FileOperationTimeoutSeconds. The Enhanced client uses it as the
 * deadline of a whole call, across its attempts.
 */
export function profileTimeoutMs(profile: TimeoutProfile, options: HttpConnectionOptions): number {
  const seconds = {
    health: options.healthCheckTimeoutSeconds,
    default: options.defaultTimeoutSeconds,
    task: options.taskOperationTimeoutSeconds,
    file: options.fileOperationTimeoutSeconds,
  }[profile];
  return seconds * 1000;
}

/** The {@link createHttpClient} options a client built from ConnectionOptions uses (pool and body cap). */
export function httpClientOptionsFrom(
  baseUrl: string, options: HttpConnectionOptions, extra: Omit<HttpClientOptions, 'baseUrl'> = {},
): HttpClientOptions {
  return {
    connectionPoolSize: options.connectionPoolSize,
    connectionPoolTimeoutMs: options.connectionPoolTimeoutMs,
    enableConnectionPooling: options.enableConnectionPooling,
    maxResponseBytes: options.maxResponseBytes,
    ...extra,
    baseUrl,
  };
}
