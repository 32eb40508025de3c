import type { InspectionEvent, Observer } from 'xstate';

/** An XState inspection observer, as `createActor(logic, { inspect })` takes it. */
export type InspectObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * The visualizer's hook into a demo run: each node's ConnectionManager, clients, breakers and retry loops report
 * their inspection events to `observerFor(nodeId)`, so the page groups actors by node; the demo prints `url` at the
 * start and calls `close()` at the end. A `RunningInspector` of src/inspect/ fits it through
 * {@link visualizerOf}.
 */
export interface DemoVisualizer {
  /** The inspection observer of one node's actors (`node-1`, ...). */
  observerFor(nodeId: string): InspectObserver;
  /** Where a browser shows the run, printed at the start. */
  readonly url: string;
  /** Called once the run is over (after the summary is computed). */
  close?(): Promise<void>;
}

/** What {@link visualizerOf} needs of the relay: `RunningInspector` of src/inspect/ has it. */
export interface InspectionRelay {
  readonly url: string;
  inspectFor(group: string): InspectObserver;
  close(): Promise<void>;
}

/** The demo's hook on a running inspection relay: node `node-1`'s actors go to `inspectFor('node-1')`. */
export function visualizerOf(relay: InspectionRelay): DemoVisualizer {
  return {
    url: relay.url,
    observerFor: (nodeId) => relay.inspectFor(nodeId),
    close: () => relay.close(),
  };
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
