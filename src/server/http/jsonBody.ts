import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './HttpError.js';

/**
 * JSON bodies as ASP.NET reads them: an empty body is no body (clients POST heartbeats with nothing), and
 * property names match the declared ones in any letter case (`FilePath` is `filePath`).
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  const parse: FastifyBodyParser<string> = (_request, text, done) => {
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      done(new HttpError(400, `The request body is not valid JSON: ${reason}`), undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  app.addContentTypeParser(/^application\/[\w.+-]*\+json$/, { parseAs: 'string' }, parse);
  app.addHook('preValidation', (request, _reply, done) => {
    request.body = renameToDeclared(request, request.body);
    done();
  });
}

function renameToDeclared(request: FastifyRequest, body: unknown): unknown {
  const declared = declaredProperties(request.routeOptions.schema?.body);
  if (declared.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const byLowerCase = new Map(declared.map((name) => [name.toLowerCase(), name]));
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = byLowerCase.get(key.toLowerCase()) ?? key;
    // An exact-case property wins over a differently cased duplicate, as in System.Text.Json.
    if (!(name in renamed) || key === name) renamed[name] = value;
  }
  return renamed;
}

function declaredProperties(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object' || !('properties' in schema)) return [];
  const properties = schema.properties;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}
