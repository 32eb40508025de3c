import type { EndpointSpec } from '../../machines/endpoints/types.js';
import { urlIdentity } from '../config/listKeys.js';

/** An SRV record as node's resolver returns it. */
export interface SrvRecordLike {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * The endpoints an SRV answer names: `<scheme>://<target>:<port>` with the record's priority and weight, sorted
 * by priority then URL (DNS servers rotate answers; a stable order keeps ordered mode's tie-break stable), each URL
 * once. A target of `.` means "no service here" (RFC 2782) and is left out.
 */
export function srvEndpoints(records: readonly SrvRecordLike[], scheme: 'http' | 'https'): EndpointSpec[] {
  const endpoints = records
    .filter((record) => record.name !== '' && record.name !== '.')
    .map((record) => ({ url: `${scheme}://${record.name.replace(/\.$/, '').toLowerCase()}:${record.port}`, priority: record.priority, weight: record.weight }))
    .sort((a, b) => a.priority - b.priority || a.url.localeCompare(b.url));
  return endpoints.filter((endpoint, index) => endpoints.findIndex((other) => other.url === endpoint.url) === index);
}

/** The static endpoints, then the discovered ones the static list does not already name (the static entry wins). */
export function mergeEndpoints(statics: readonly EndpointSpec[], discovered: readonly EndpointSpec[]): EndpointSpec[] {
  const known = new Set(statics.map((endpoint) => urlIdentity(endpoint.url)));
  return [...statics, ...discovered.filter((endpoint) => !known.has(urlIdentity(endpoint.url)))];
}
