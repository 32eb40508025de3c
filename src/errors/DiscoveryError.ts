import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/**
 * A DNS SRV lookup of discovery failed: the DNS server did not answer, refused, or had no records. Discovery keeps
 * the last list it found (`keptEndpoints` of them) and tries again at its next refresh; this error is reported,
 * never thrown at a caller of the API.
 */
export class DiscoveryError extends VcconnError {
  readonly code = 'ERR_DISCOVERY';
  /** The name looked up, `_vcdevtool._tcp.<domain>`. */
  readonly srvName: string;
  /** The DNS servers asked; empty: the system resolvers. */
  readonly dnsServers: readonly string[];
  /** Node's DNS error code (`ECONNREFUSED`, `ETIMEOUT`, `ENOTFOUND`, `ENODATA`, ...), or `ENORECORDS` for an answer with no usable record. */
  readonly dnsCode: string;
  /** How many endpoints the kept list holds. */
  readonly keptEndpoints: number;

  constructor(srvName: string, dnsServers: readonly string[], dnsCode: string, keptEndpoints: number, options?: { cause?: unknown }) {
    const via = dnsServers.length === 0 ? 'the system resolvers' : dnsServers.join(', ');
    super(`SRV lookup of ${srvName} failed (${dnsCode} via ${via}); keeping the last list of ${keptEndpoints} endpoint(s)`, options);
    this.srvName = srvName;
    this.dnsServers = dnsServers;
    this.dnsCode = dnsCode;
    this.keptEndpoints = keptEndpoints;
  }
}

/** True when `value` is a {@link DiscoveryError}. */
export function isDiscoveryError(value: unknown): value is DiscoveryError {
  return value instanceof DiscoveryError || hasCode(value, 'ERR_DISCOVERY');
}
