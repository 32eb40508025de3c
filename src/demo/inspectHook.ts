import type { InspectionEvent, Observer } from 'xstate';

/** An XState inspection observer, as `createActor(logic, { inspect })` takes it. */
export type InspectObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * The visualizer's hook into a demo run. When the demo is given one, each node's ConnectionManager, clients,
 * breakers and retry loops report their inspection events to `observerFor(nodeId)` (or to `observer`), and the demo
 * prints `url` at the start. (The visualizer lives in src/inspect/: `RunningInspector.inspectFor(group)` fits
 * `observerFor`, `RunningInspector.inspect` fits `observer`.)
 */
export interface DemoVisualizer {
  /** Receives the inspection events of every node's actors, when `observerFor` is not given. */
  readonly observer?: InspectObserver;
  /** The inspection observer of one node's actors (`node-1`, ...), so they can be shown by node; wins over `observer`. */
  observerFor?(nodeId: string): InspectObserver;
  /** Where a browser shows the run, printed at the start. */
  readonly url: string;
  /** Called once the run is over (after the summary is computed). */
  close?(): Promise<void>;
}

/** Calls every observer with each event; one that throws does not stop the others. */
export function combineObservers(...observers: readonly (InspectObserver | undefined)[]): (event: InspectionEvent) => void {
  const calls = observers.flatMap((observer) => {
    if (observer === undefined) return [];
    if (typeof observer === 'function') return [observer];
    const next = observer.next?.bind(observer);
    return next === undefined ? [] : [next];
  });
  return (event) => {
    for (const call of calls) {
      try {
        call(event);
      } catch {
        // An observer's failure is its own business: the run and the other observers go on.
      }
    }
  };
}
