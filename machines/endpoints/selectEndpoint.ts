import type { RandomSource } from '../random.js';
import type { EndpointChoice, EndpointStatus, SelectionView } from './types.js';

/** Breaker not open and health check passing. */
export function isAvailable(endpoint: EndpointStatus): boolean {
  return !endpoint.breakerOpen && endpoint.healthy;
}

/** Still waiting, after recovering, to take calls again. */
export function isHeldDown(endpoint: EndpointStatus, now: number): boolean {
  return endpoint.heldDownUntil !== null && endpoint.heldDownUntil > now;
}

/** Among `candidates` (a non-empty priority group), least outstanding calls per unit of weight; ties by weighted chance. */
function leastLoaded(candidates: readonly EndpointStatus[], random: RandomSource): EndpointStatus {
  // SRV weight 0 means "only when nothing weighted is there"; then they share equally.
  const weighted = candidates.filter((endpoint) => endpoint.weight > 0);
  const pool = weighted.length > 0 ? weighted : candidates;
  const weightOf = (endpoint: EndpointStatus) => (weighted.length > 0 ? endpoint.weight : 1);
  // outstanding / weight compared by cross-multiplying: integers, no rounding to make two equal loads differ.
  const lighter = (a: EndpointStatus, b: EndpointStatus) => a.outstanding * weightOf(b) - b.outstanding * weightOf(a);
  const least = pool.reduce((best, endpoint) => (lighter(endpoint, best) < 0 ? endpoint : best));
  const ties = pool.filter((endpoint) => lighter(endpoint, least) === 0);
  if (ties.length === 1) return least;
  const total = ties.reduce((sum, endpoint) => sum + weightOf(endpoint), 0);
  let point = random() * total;
  for (const endpoint of ties) {
    point -= weightOf(endpoint);
    if (point < 0) return endpoint;
  }
  return ties[ties.length - 1] ?? least;
}

/**
 * Where the next call goes. Pure: the same view and random source give the same answer.
 *
 * 1. Available endpoints: breaker not open and healthy. None: `{ kind: 'none' }` naming each endpoint and why.
 * 2. Those not held down after recovering (`heldDownUntil` passed); if every available one is held down, all of them
 *    (a recovering server is better than none).
 * 3. The lowest priority among them, as SRV records rank servers.
 * 4. `ordered`: the first of that group in list order. `balanced`: the one with the fewest outstanding calls per
 *    unit of weight; ties (an idle set, say) are broken by `random`, each tied endpoint's chance its share of their
 *    weight, so idle traffic also follows the weights. `random` is called only when there is a tie.
 */
export function selectEndpoint(view: SelectionView, random: RandomSource): EndpointChoice {
  const available = view.endpoints.filter(isAvailable);
  if (available.length === 0) {
    return {
      kind: 'none',
      unavailable: view.endpoints.map((endpoint) => ({ url: endpoint.url, reason: endpoint.breakerOpen ? 'breakerOpen' as const : 'unhealthy' as const })),
    };
  }
  const settled = available.filter((endpoint) => !isHeldDown(endpoint, view.now));
  const pool = settled.length > 0 ? settled : available;
  const best = Math.min(...pool.map((endpoint) => endpoint.priority));
  const group = pool.filter((endpoint) => endpoint.priority === best);
  const chosen = view.mode === 'ordered' ? group[0] : leastLoaded(group, random);
  return { kind: 'endpoint', url: chosen?.url ?? '', heldDown: settled.length === 0 };
}
