import { getShortestPaths } from '@xstate/graph';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getInitialSnapshot, __unsafe_getAllOwnEventDescriptors as ownEventTypes } from 'xstate';

/** One machine's test model: the reference machine, its inputs, its event cases and how to compare snapshots. */
export interface MachineModel {
  /** Printed in the coverage line. */
  readonly name: string;
  /** The reference: paths are computed from it, and expected snapshots by its pure `transition`. */
  readonly machine: AnyStateMachine;
  /**
   * Inputs to traverse from; `input()` must build a fresh one each time (some hold mutable objects). A `shallow`
   * variant contributes only its initial state and one step from it (every event case): for inputs that differ
   * from another variant only in where the machine starts (a resumed state), whose graph beyond that is the same.
   */
  readonly variants: ReadonlyArray<{ readonly name: string; readonly input: () => unknown; readonly shallow?: boolean }>;
  /** Event cases from a snapshot, computed from its context so their `at` make sense. */
  readonly events: (snapshot: AnyMachineSnapshot) => AnyEventObject[];
  /** Abstract state: finite, so the traversal ends; two snapshots with the same key are the same vertex. */
  readonly serialize: (snapshot: AnyMachineSnapshot) => string;
  /** What is compared at each step besides the state value, status and output (e.g. context without functions). */
  readonly project: (snapshot: AnyMachineSnapshot) => unknown;
  /** Extra comparison at each step (e.g. the breaker's permit); returns a mismatch description or null. */
  readonly check?: (expected: AnyMachineSnapshot, actual: AnyMachineSnapshot) => string | null;
  /** Promise actors (by src, equal to their invoke ids) whose outcomes the replay controls. */
  readonly promiseActors: readonly string[];
  /** Applied to the machine under test before the controlled actors (e.g. to quiet a child's timers). */
  readonly prepare?: (machine: AnyStateMachine) => AnyStateMachine;
}

/** A path to replay: the input variant and the events after the initial state. */
export interface ModelPath {
  readonly variant: string;
  readonly input: () => unknown;
  readonly events: readonly AnyEventObject[];
}

/**
 * The events a snapshot can take, as @xstate/graph's default traversal picks them: for each event type the
 * active states handle (timers and actor completions included), the model's cases of that type, or the bare
 * event when the model has none. None once the machine is done.
 */
export function eventsFor(model: MachineModel, snapshot: AnyMachineSnapshot): AnyEventObject[] {
  // A machine in a top-level final state is done: it takes no event, though its root still lists handlers.
  if (snapshot.status !== 'active') return [];
  const cases = model.events(snapshot);
  const types: string[] = ownEventTypes(snapshot).map(String);
  return types.flatMap((type) => {
    const matching = cases.filter((event) => event.type === type);
    return matching.length > 0 ? matching : [{ type }];
  });
}

const cache = new WeakMap<MachineModel, ModelPath[]>();

/**
 * The paths of a model: for every abstract state, its shortest path (from @xstate/graph's `getShortestPaths`)
 * extended by each event case from that path's end, so every edge of the graph is some path's last step;
 * each guard's branches are taken where an event case makes it so.
 */
export function modelPaths(model: MachineModel): ModelPath[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const seen = new Set<string>();
  const paths: ModelPath[] = [];
  for (const variant of model.variants) {
    if (variant.shallow === true) {
      const initial = getInitialSnapshot(model.machine, variant.input());
      for (const last of [undefined, ...eventsFor(model, initial)]) {
        paths.push({ variant: variant.name, input: variant.input, events: last === undefined ? [] : [last] });
      }
      continue;
    }
    const shortest = getShortestPaths(model.machine, {
      input: variant.input(),
      // Passed whole: a custom `events` replaces @xstate/graph's own-event wrapper rather than feeding it.
      events: (snapshot) => eventsFor(model, snapshot),
      serializeState: (snapshot) => model.serialize(snapshot),
    });
    for (const path of shortest) {
      const prefix = path.steps.map((step): AnyEventObject => step.event as AnyEventObject).filter((event) => event.type !== 'xstate.init');
      for (const last of [undefined, ...eventsFor(model, path.state)]) {
        const events = last === undefined ? prefix : [...prefix, last];
        const key = `${variant.name} ${JSON.stringify(events)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        paths.push({ variant: variant.name, input: variant.input, events });
      }
    }
  }
  cache.set(model, paths);
  return paths;
}
