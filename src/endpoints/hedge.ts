import { HedgeLostError } from '../errors/HedgeLostError.js';

/** How a hedged read ended, as `vcconn_hedged_requests_total{outcome}` counts it. */
export type HedgeOutcome =
  /** The delay passed, a second request went out, and the first endpoint answered first anyway. */
  | 'primary_won'
  /** The second endpoint answered first; the first one's request was aborted. */
  | 'hedge_won'
  /** Both requests failed: the call goes on as any failed call (failover to a third endpoint, or its error). */
  | 'both_failed'
  /** The delay passed but no second endpoint was available: no hedge was sent. */
  | 'no_endpoint';

/** The timer a hedge waits on: XState's clock interface, so a SimulatedClock can drive it in tests. */
export interface HedgeTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** The real timers. */
export const realTimers: HedgeTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** One hedged call: where it goes first, how a request is sent, where a hedge would go. */
export interface HedgedCall<T> {
  readonly primary: string;
  /** Sends the request to `url`; `signal` aborts it (the loser's). */
  send(url: string, signal: AbortSignal): Promise<T>;
  /** The endpoint for the hedge when the delay passes (never `primary`); undefined when none is available. */
  second(): string | undefined;
  /** How long the first request may go unanswered before the hedge is sent, ms. */
  readonly delayMs: number;
  readonly timers: HedgeTimers;
  readonly now: () => number;
  /** Each request's time to its end (a loser's until it was aborted, a lower bound of its latency). */
  record(url: string, ms: number, at: number): void;
  /** The hedge went out to `url` (the caller counts it as tried). */
  hedged(url: string): void;
  /** How the call ended, once the delay had passed; not called for a call settled before it. */
  report(outcome: HedgeOutcome): void;
}

/**
 * Runs `call` as a hedged request (Polly's hedging, at most one hedge): the request goes to `primary`; if it has no
 * answer after `delayMs`, the same request goes to `second()` too. The first success wins, and the other request is
 * aborted through its signal. Once both are out, a failure of one waits for the other; only when both failed does
 * the call reject, with the primary's error. A primary that fails before the delay rejects at once (the caller's
 * failover takes over) and no hedge is sent.
 */
export function runHedged<T>(call: HedgedCall<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const legs: { url: string; controller: AbortController; startedAt: number }[] = [];
    let timerArmed = true;
    let settled = false;
    let running = 0;
    let primaryError: unknown;
    let hedgeSent = false;

    const finish = (): void => {
      settled = true;
      if (timerArmed) call.timers.clearTimeout(timer);
      timerArmed = false;
    };
    const start = (url: string): void => {
      const leg = { url, controller: new AbortController(), startedAt: call.now() };
      legs.push(leg);
      running += 1;
      call.send(url, leg.controller.signal).then((value) => {
        running -= 1;
        if (settled) return;
        const at = call.now();
        call.record(url, at - leg.startedAt, at);
        finish();
        for (const other of legs) {
          if (other === leg) continue;
          const end = call.now();
          call.record(other.url, end - other.startedAt, end);
          other.controller.abort(new HedgeLostError(other.url));
        }
        if (hedgeSent) call.report(url === call.primary ? 'primary_won' : 'hedge_won');
        resolve(value);
      }, (error: unknown) => {
        running -= 1;
        if (url === call.primary) primaryError = error;
        if (settled || running > 0) return;
        finish();
        if (hedgeSent) call.report('both_failed');
        const failure = url === call.primary || primaryError === undefined ? error : primaryError;
        reject(failure instanceof Error ? failure : new Error(String(failure)));
      });
    };

    start(call.primary);
    const timer = call.timers.setTimeout(() => {
      timerArmed = false;
      if (settled) return;
      const url = call.second();
      if (url === undefined || url === call.primary) {
        call.report('no_endpoint');
        return;
      }
      hedgeSent = true;
      call.hedged(url);
      start(url);
    }, call.delayMs);
  });
}
