import { VcconnError } from '../../errors/VcconnError.js';
import { hasCode } from '../../errors/hasCode.js';

/** The visualizer page cannot be served: its bundle is missing and cannot be built here. */
export class VisualizerPageError extends VcconnError {
  readonly code = 'ERR_VISUALIZER_PAGE';
  /** The file that was looked for. */
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`The visualizer page cannot be served: ${problem} (${path})`, options);
    this.path = path;
  }
}

/** True when `value` is a {@link VisualizerPageError}. */
export function isVisualizerPageError(value: unknown): value is VisualizerPageError {
  return value instanceof VisualizerPageError || hasCode(value, 'ERR_VISUALIZER_PAGE');
}
