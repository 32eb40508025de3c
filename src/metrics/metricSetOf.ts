import type { Registry } from 'prom-client';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/**
 * The metric set `sets` holds for `registry`, made by `make` and registered on first use: a set is registered once
 * per registry whatever the number of connections, clients or outboxes that report to it.
 * @throws {@link InvalidArgumentError} when the registry already holds one of `names` that this set did not
 *   register (another library, or a second copy of this one): mixing them would corrupt both.
 */
export function metricSetOf<T>(sets: WeakMap<Registry, T>, registry: Registry, names: readonly string[], make: (registry: Registry) => T): T {
  let set = sets.get(registry);
  if (set === undefined) {
    const taken = names.find((name) => registry.getSingleMetric(name) !== undefined);
    if (taken !== undefined) {
      throw new InvalidArgumentError('metrics', 'registry', `${taken} is already registered by something else; pass a registry of your own`);
    }
    set = make(registry);
    sets.set(registry, set);
  }
  return set;
}
