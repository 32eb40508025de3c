/**
 * The little a client logs through. A winston `Logger` fits as it is; so does `console`.
 * Messages are plain sentences; `meta` carries the operation, attempt and error code.
 */
export interface ClientLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

/** A logger that drops everything: the default. */
export const silentLogger: ClientLogger = {
  debug: () => undefined,
  warn: () => undefined,
};
