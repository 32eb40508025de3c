import { InvalidMachineSettingsError, requireNumber } from '../settingsError.js';
import { isAvailable, isHeldDown } from './selectEndpoint.js';
import type { EndpointSpec, EndpointStatus } from './types.js';

/** A fresh endpoint: healthy, breaker closed, no calls, not held down. */
export function freshStatus(spec: EndpointSpec): EndpointStatus {
  return { url: spec.url, priority: spec.priority, weight: spec.weight, breakerOpen: false, healthy: true, outstanding: 0, heldDownUntil: null };
}

/**
 * Checks a list of endpoints: at least one, distinct URLs, integer priority and weight >= 0.
 * @throws {@link InvalidMachineSettingsError} naming the field at fault.
 */
export function requireEndpoints(key: string, endpoints: readonly EndpointSpec[]): readonly EndpointSpec[] {
  const given: unknown = endpoints;
  if (!Array.isArray(given) || endpoints.length === 0) throw new InvalidMachineSettingsError(key, endpoints, 'at least one endpoint');
  const seen = new Set<string>();
  endpoints.forEach((endpoint, index) => {
    if (typeof endpoint.url !== 'string' || endpoint.url === '') throw new InvalidMachineSettingsError(`${key}[${index}].url`, endpoint.url, 'a non-empty URL');
    if (seen.has(endpoint.url)) throw new InvalidMachineSettingsError(`${key}[${index}].url`, endpoint.url, 'a URL not listed before');
    seen.add(endpoint.url);
    requireNumber(`${key}[${index}].priority`, endpoint.priority, 0, true);
    requireNumber(`${key}[${index}].weight`, endpoint.weight, 0, true);
  });
  return endpoints;
}

/** True when `url` is one of the endpoints. */
export function isKnown(endpoints: readonly EndpointStatus[], url: string): boolean {
  return endpoints.some((endpoint) => endpoint.url === url);
}

/**
 * Applies a change to one endpoint and keeps its hold-down right: an endpoint that becomes available again is held
 * down until `now + holdDownMs` (none when 0); one that becomes unavailable forgets its hold-down, so a flap
 * during the hold-down starts it over.
 */
export function updateEndpoint(
  endpoints: readonly EndpointStatus[],
  url: string,
  change: Partial<Pick<EndpointStatus, 'breakerOpen' | 'healthy'>>,
  now: number,
  holdDownMs: number,
): EndpointStatus[] {
  return endpoints.map((endpoint) => {
    if (endpoint.url !== url) return endpoint;
    const next = { ...endpoint, ...change };
    const wasAvailable = isAvailable(endpoint);
    const nowAvailable = isAvailable(next);
    if (!nowAvailable) return { ...next, heldDownUntil: null };
    if (!wasAvailable && holdDownMs > 0) return { ...next, heldDownUntil: now + holdDownMs };
    return next;
  });
}

/** One more (or one fewer, never below 0) outstanding call on `url`. */
export function countCall(endpoints: readonly EndpointStatus[], url: string, delta: 1 | -1): EndpointStatus[] {
  return endpoints.map((endpoint) => (endpoint.url === url ? { ...endpoint, outstanding: Math.max(0, endpoint.outstanding + delta) } : endpoint));
}

/** Discovery's list, in its order, each URL once: known URLs keep their status (with the record's priority and weight), new ones start fresh. */
export function mergeDiscovered(endpoints: readonly EndpointStatus[], discovered: readonly EndpointSpec[]): EndpointStatus[] {
  // A URL listed twice (two records for one target) counts once, where it first appears.
  const distinct = discovered.filter((spec, index) => discovered.findIndex((other) => other.url === spec.url) === index);
  return distinct.map((spec) => {
    const known = endpoints.find((endpoint) => endpoint.url === spec.url);
    return known === undefined ? freshStatus(spec) : { ...known, priority: spec.priority, weight: spec.weight };
  });
}

/** The earliest end of a running hold-down, or null when none is running at `now`. */
export function nextHoldDownEnd(endpoints: readonly EndpointStatus[], now: number): number | null {
  const ends = endpoints.filter((endpoint) => isHeldDown(endpoint, now)).map((endpoint) => endpoint.heldDownUntil ?? now);
  return ends.length === 0 ? null : Math.min(...ends);
}

/** Clears every hold-down over by `now`. */
export function endHoldDowns(endpoints: readonly EndpointStatus[], now: number): EndpointStatus[] {
  return endpoints.map((endpoint) => (endpoint.heldDownUntil !== null && endpoint.heldDownUntil <= now ? { ...endpoint, heldDownUntil: null } : endpoint));
}
