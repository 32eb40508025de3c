/**
 * Whether the link to the task server is usable now. The ConnectionManager implements it; without one the
 * {@link TaskExecutionService} infers the link from its own calls ({@link InferredLink}).
 */
export interface LinkStatus {
  /** True while calls to the server are expected to get through. */
  isUp(): boolean;
  /** Calls `listener` on every change (not on subscription); returns the unsubscribe function. */
  onChange(listener: (up: boolean) => void): () => void;
}
