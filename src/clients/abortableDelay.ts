import { abortReason, sleep } from '../util/sleep.js';

/** A wait between attempts that a dispose can cut short. */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * The Standard client's wait between attempts: {@link sleep} on the global timers (so vitest fake timers drive
 * it), rejecting with the signal's reason when `signal` aborts first, so the call ends with the dispose's error.
 */
export const abortableDelay: Delay = async (ms, signal) => {
  if (!(await sleep(ms, signal))) throw abortReason(signal);
};
