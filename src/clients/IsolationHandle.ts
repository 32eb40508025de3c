import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/**
 * One isolation of a circuit breaker, held until {@link IsolationHandle.dispose}. The breaker stays isolated (every
 * call refused at once) while any handle is held, whoever holds it: cockatiel's `isolate()` handle, so one caller
 * ending its isolation, or resetting the breaker, never lets calls through for another caller still holding one.
 */
export interface IsolationHandle {
  /** Why the breaker was isolated, as given to `isolate(reason)`; it is in the log lines and the breaker's events. */
  readonly reason: string;
  /** True until {@link IsolationHandle.dispose} (or the disposal of what it isolated). */
  readonly active: boolean;
  /** Ends this isolation; the breaker closes when no other is held. Calling it again does nothing. */
  dispose(): void;
}

/** The reason used when `isolate()` is given none. */
export const DEFAULT_ISOLATION_REASON = 'isolated by hand';

/** Longest reason accepted: it goes into every log line and event of the isolation. */
const MAX_REASON_LENGTH = 200;

/**
 * The reason given to `isolate(reason)`, checked: a non-empty line of text of at most 200 characters.
 * @param owner the method, for the error (`isolate`, `ConnectionManager.isolate`).
 * @throws {@link InvalidArgumentError} naming what is wrong.
 */
export function checkIsolationReason(owner: string, reason: unknown): string {
  if (reason === undefined) return DEFAULT_ISOLATION_REASON;
  if (typeof reason !== 'string') throw new InvalidArgumentError(owner, 'reason', `expected text, got ${typeof reason}`);
  const text = reason.trim();
  if (text === '') throw new InvalidArgumentError(owner, 'reason', 'expected a non-empty text');
  if (text.length > MAX_REASON_LENGTH || /[\r\n]/.test(text)) {
    throw new InvalidArgumentError(owner, 'reason', `expected one line of at most ${MAX_REASON_LENGTH} characters`);
  }
  return text;
}

/** A handle whose first `dispose()` runs `release`, and whose later ones do nothing. */
export function isolationHandle(reason: string, release: () => void): IsolationHandle {
  let active = true;
  return {
    reason,
    get active() {
      return active;
    },
    dispose() {
      if (!active) return;
      active = false;
      release();
    },
  };
}
