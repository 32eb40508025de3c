/**
 * What the server logs through. A winston logger fits as it is; so does `console`.
 * Requests are logged at debug, failures at error.
 */
export interface ServerLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown;
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** A logger that drops everything: the default, so an embedded server is quiet. */
export const silentLogger: ServerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
