import type Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { loadOptional } from '../errors/loadOptional.js';
import { Presenter } from './domain/present.js';
import type { EnumOutput } from './domain/enums.js';
import type { ErrorStyle } from './http/errorFormat.js';
import { registerErrorHandling } from './http/errorHandler.js';
import { registerJsonBody } from './http/jsonBody.js';
import { traceIdOf } from './http/traceparent.js';
import type { ServerLogger } from './logger.js';
import type { Clock } from './repositories/records.js';
import type { Store } from './repositories/store.js';
import type { RouteContext } from './routes/context.js';
import { registerDebugRoutes } from './routes/debug.js';
import { registerFileLockRoutes } from './routes/fileLocks.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerNodeRoutes } from './routes/nodes.js';
import { registerTaskFolderRoutes } from './routes/taskFolders.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerTaskUpdateRoutes } from './routes/taskUpdates.js';

/** Everything the HTTP app is built from. */
export interface AppSettings {
  store: Store;
  clock: Clock;
  logger: ServerLogger;
  version: string;
  heartbeatTimeoutMs: number;
  /** Honour and advertise `Idempotency-Key` (false: as the .NET server, which ignores it). */
  idempotency: boolean;
  errorStyle: ErrorStyle;
  enumOutput: EnumOutput;
}

/**
 * Builds the fastify app serving the whole VCDevTool API over `settings.store`; it is not listening yet.
 * @throws {@link OptionalDependencyMissingError} when fastify (an optional peer) is not installed.
 */
export function buildApp(settings: AppSettings): FastifyInstance {
  // Loaded here, not imported: a host that embeds only the clients does not install fastify.
  const fastify = loadOptional<typeof Fastify>('fastify');
  const app = fastify({
    logger: false,
    // ASP.NET routes ignore letter case; a trailing slash is the same route.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    forceCloseConnections: 'idle',
    // Bodies are checked as sent: no coercion of "1" to 1, nothing removed, every problem reported.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, allowUnionTypes: true } },
  });
  const context: RouteContext = {
    store: settings.store,
    errorStyle: settings.errorStyle,
    honoursIdempotencyKey: settings.idempotency,
    present: new Presenter(settings.enumOutput),
    clock: settings.clock,
    logger: settings.logger,
    version: settings.version,
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
  };
  registerJsonBody(app);
  registerErrorHandling(app, settings.errorStyle, settings.logger);
  app.addHook('onResponse', (request, reply, done) => {
    // The caller's trace id (W3C traceparent) links this line to the client's span; a malformed header is ignored.
    const traceId = traceIdOf(request.headers.traceparent);
    settings.logger.debug(
      `${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
      traceId === undefined ? undefined : { traceId },
    );
    done();
  });
  for (const register of [registerHealthRoutes, registerTaskRoutes, registerTaskUpdateRoutes, registerNodeRoutes,
    registerFileLockRoutes, registerTaskFolderRoutes, registerDebugRoutes]) {
    register(app, context);
  }
  return app;
}
