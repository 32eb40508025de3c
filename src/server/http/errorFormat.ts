import { randomBytes } from 'node:crypto';
import type { HttpError } from './HttpError.js';
import { JSON_CONTENT_TYPE } from './wire.js';
import type { WireResponse } from './wire.js';
import type { ErrorStyle } from './errorStyle.js';

export type { ErrorStyle };

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

// RFC 9110 sections ASP.NET links its problem types to.
const PROBLEM_TYPES: Readonly<Record<number, { section: string; title: string }>> = {
  400: { section: '15.5.1', title: 'Bad Request' },
  404: { section: '15.5.5', title: 'Not Found' },
  405: { section: '15.5.6', title: 'Method Not Allowed' },
  409: { section: '15.5.10', title: 'Conflict' },
  413: { section: '15.5.14', title: 'Content Too Large' },
  415: { section: '15.5.16', title: 'Unsupported Media Type' },
  422: { section: '15.5.21', title: 'Unprocessable Content' },
  500: { section: '15.6.1', title: 'An error occurred while processing your request.' },
};

/** Writes an {@link HttpError} in the given style. */
export function errorToWire(error: HttpError, style: ErrorStyle): WireResponse {
  if (style === 'json') return jsonAnswer(error);
  const hasValidationErrors = error.details?.errors !== undefined;
  if (hasValidationErrors) return problem(error, 'One or more validation errors occurred.', { errors: error.details?.errors });
  if (error.details !== undefined) return jsonAnswer(error);
  if (error.statusCode === 400 || error.statusCode === 409 || error.statusCode === 422) {
    return { status: error.statusCode, contentType: TEXT_CONTENT_TYPE, payload: error.message, headers: {} };
  }
  return problem(error, PROBLEM_TYPES[error.statusCode]?.title ?? error.message, {});
}

function jsonAnswer(error: HttpError): WireResponse {
  return {
    status: error.statusCode,
    contentType: JSON_CONTENT_TYPE,
    payload: JSON.stringify({ message: error.message, ...error.details }),
    headers: {},
  };
}

function problem(error: HttpError, title: string, extra: Record<string, unknown>): WireResponse {
  const section = PROBLEM_TYPES[error.statusCode]?.section ?? (error.statusCode >= 500 ? '15.6.1' : '15.5.1');
  const body = {
    type: `https://tools.ietf.org/html/rfc9110#section-${section}`,
    title,
    status: error.statusCode,
    ...extra,
    traceId: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`,
  };
  return { status: error.statusCode, contentType: PROBLEM_CONTENT_TYPE, payload: JSON.stringify(body), headers: {} };
}
