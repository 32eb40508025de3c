/**
 * vcdevtool-connection/inspect: the inspection relay behind the visualizer. Start it with
 * {@link startInspector}, pass its `inspect` (or `inspectFor(label)`) to `createActor` or `ConnectionManager`,
 * open its `url`. `@statelyai/inspect` clients connect to its `inspectUrl`.
 */
export { startInspector } from './startInspector.js';
export type { InspectFunction, RunningInspector } from './startInspector.js';
export type { InspectorOptions } from './options.js';
export type { XState4Link, XState4LinkOptions, XState4LinkStatus } from './xstate4Link.js';
export { InspectorListenError, isInspectorListenError } from './errors/InspectorListenError.js';
export { VisualizerPageError, isVisualizerPageError } from './errors/VisualizerPageError.js';
export type * from './protocol.js';
