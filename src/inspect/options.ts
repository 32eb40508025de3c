import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/** Options of {@link startInspector}. */
export interface InspectorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`: the feed shows a process's inner state, keep it local. */
  host?: string;
  /** How often the pages are sent what is new, ms. Default 50 (at most 20 messages a second per page). */
  flushIntervalMs?: number;
}

/** {@link InspectorOptions} checked and completed. */
export interface ResolvedInspectorOptions {
  readonly port: number;
  readonly host: string;
  readonly flushIntervalMs: number;
}

const OPERATION = 'startInspector';

/**
 * Checks and completes the options.
 * @throws {@link InvalidArgumentError} naming the option and what it accepts.
 */
export function resolveInspectorOptions(options: InspectorOptions): ResolvedInspectorOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(OPERATION, 'port', `expected an integer from 0 to 65535 (0 picks a free port), got ${String(port)}`);
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') {
    throw new InvalidArgumentError(OPERATION, 'host', `expected an address to listen on, e.g. 127.0.0.1, got ${JSON.stringify(host)}`);
  }
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  if (!Number.isFinite(flushIntervalMs) || flushIntervalMs < 1 || flushIntervalMs > 10_000) {
    throw new InvalidArgumentError(OPERATION, 'flushIntervalMs', `expected 1 to 10000 ms, got ${String(flushIntervalMs)}`);
  }
  return { port, host, flushIntervalMs };
}

/** The checked group label of `inspectFor` and of a WebSocket client's `?group=`. */
export function checkGroup(group: unknown, operation: string): string {
  if (typeof group !== 'string' || group.trim() === '' || group.length > 100) {
    throw new InvalidArgumentError(operation, 'group', `expected a label of 1 to 100 characters, got ${JSON.stringify(group)}`);
  }
  return group;
}
