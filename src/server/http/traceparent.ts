// W3C Trace Context, "traceparent" header: version-traceid-parentid-flags, lowercase hex.
// https://www.w3.org/TR/trace-context/#traceparent-header
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/**
 * The trace id of a request's `traceparent` header, or undefined when it has none or a malformed one: a bad header
 * is ignored, never an error (the spec asks a receiver to start a new trace rather than fail). Rejected: a wrong
 * length or case, version `ff`, an all-zero trace or parent id, a version 00 header with anything after the flags,
 * and a repeated header (Node joins repeats with ", "; fastify may hand an array).
 */
export function traceIdOf(header: string | readonly string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === undefined || parentId === undefined || ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return undefined;
  return traceId;
}
