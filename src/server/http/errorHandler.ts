import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerLogger } from '../logger.js';
import type { ErrorStyle } from './errorFormat.js';
import { errorToWire } from './errorFormat.js';
import { HttpError } from './HttpError.js';
import { traceIdOf } from './traceparent.js';
import { sendWire } from './wire.js';

/** Writes every error (a route's, a schema's, fastify's own, a missing route) in the configured style. */
export function registerErrorHandling(app: FastifyInstance, style: ErrorStyle, logger: ServerLogger): void {
  app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
    const httpError = toHttpError(error);
    if (httpError.statusCode >= 500) {
      const traceId = traceIdOf(request.headers.traceparent);
      logger.error(`${request.method} ${request.url} failed: ${error.message}`, { stack: error.stack, ...(traceId === undefined ? {} : { traceId }) });
    }
    return sendWire(reply, errorToWire(httpError, style));
  });
  app.setNotFoundHandler((request, reply) =>
    sendWire(reply, errorToWire(new HttpError(404, `No route for ${request.method} ${request.url}`), style)));
}

function toHttpError(error: FastifyError | HttpError | Error): HttpError {
  if (error instanceof HttpError) return error;
  if ('validation' in error && Array.isArray(error.validation)) {
    const errors: Record<string, string[]> = {};
    for (const issue of error.validation) {
      const missing = typeof issue.params.missingProperty === 'string' ? `.${issue.params.missingProperty}` : '';
      const path = `$${issue.instancePath.replaceAll('/', '.')}${missing}`;
      (errors[path] ??= []).push(issue.message ?? 'is invalid');
    }
    return new HttpError(400, error.message, { errors });
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  return status < 500 ? new HttpError(status, error.message) : new HttpError(500, 'Internal server error');
}
