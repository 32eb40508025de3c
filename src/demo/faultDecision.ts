import type { RandomSource } from '../../machines/random.js';
import type { Fault } from './timeline.js';

/** What the proxy does with one request. */
export type FaultDecision =
  /** Forward it and pass the answer back (after `delayMs` when given). */
  | { readonly kind: 'forward'; readonly delayMs: number }
  /** Answer it without forwarding. */
  | { readonly kind: 'reply'; readonly status: number; readonly headers: Readonly<Record<string, string>> }
  /** Forward it (the server applies it) but answer `status` instead of the server's answer: a lost answer. */
  | { readonly kind: 'loseAnswer'; readonly status: number };

const PASS: FaultDecision = { kind: 'forward', delayMs: 0 };

/**
 * Decides the fate of one request under `fault` (null: pass it on untouched), drawing from `random`.
 * `serverDown` forwards: with the server killed, the forward itself fails and the client sees the connection drop.
 */
export function decideFault(fault: Fault | null, random: RandomSource): FaultDecision {
  if (fault === null) return PASS;
  switch (fault.kind) {
    case 'serverDown':
      return PASS;
    case 'serverErrors': {
      if (random() >= fault.errorRate) return PASS;
      const status = fault.statuses[Math.floor(random() * fault.statuses.length)] ?? 503;
      return random() < fault.lostAnswerRate ? { kind: 'loseAnswer', status } : { kind: 'reply', status, headers: {} };
    }
    case 'slowResponses':
      return { kind: 'forward', delayMs: Math.round(fault.minDelayMs + (fault.maxDelayMs - fault.minDelayMs) * random()) };
    case 'rateLimited':
      return random() < fault.rate
        ? { kind: 'reply', status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds) } }
        : PASS;
  }
}
