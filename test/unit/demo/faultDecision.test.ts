import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../machines/random.js';
import { decideFault } from '../../../src/demo/faultDecision.js';
import type { Fault } from '../../../src/demo/timeline.js';

/** A random source that plays the given numbers in order. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++] ?? 0;
}

describe('decideFault', () => {
  it('forwards everything untouched without a fault, and while the server is down (the forward itself fails)', () => {
    expect(decideFault(null, sequence())).toEqual({ kind: 'forward', delayMs: 0 });
    expect(decideFault({ kind: 'serverDown' }, sequence())).toEqual({ kind: 'forward', delayMs: 0 });
  });

  const burst: Fault = { kind: 'serverErrors', errorRate: 0.7, statuses: [500, 503], lostAnswerRate: 0.2 };

  it('answers a 5xx without forwarding when the draw falls under the error rate', () => {
    expect(decideFault(burst, sequence(0.69, 0.6, 0.5))).toEqual({ kind: 'reply', status: 503, headers: {} });
    expect(decideFault(burst, sequence(0.1, 0.2, 0.9))).toEqual({ kind: 'reply', status: 500, headers: {} });
  });

  it('loses the answer of an error after forwarding when the second draw falls under the lost-answer rate', () => {
    expect(decideFault(burst, sequence(0.1, 0.9, 0.19))).toEqual({ kind: 'loseAnswer', status: 503 });
  });

  it('forwards when the draw is at or over the error rate', () => {
    expect(decideFault(burst, sequence(0.7))).toEqual({ kind: 'forward', delayMs: 0 });
  });

  it('hits the error and lost-answer rates over 10,000 seeded draws', () => {
    const random = seededRandom(3);
    const counts = { forward: 0, reply: 0, loseAnswer: 0 };
    for (let i = 0; i < 10_000; i += 1) counts[decideFault(burst, random).kind] += 1;
    expect(counts.forward / 10_000).toBeCloseTo(0.3, 1);
    expect(counts.loseAnswer / (counts.reply + counts.loseAnswer)).toBeCloseTo(0.2, 1);
  });

  it('delays every answer within the slow range', () => {
    const slow: Fault = { kind: 'slowResponses', minDelayMs: 1_200, maxDelayMs: 2_000 };
    expect(decideFault(slow, sequence(0))).toEqual({ kind: 'forward', delayMs: 1_200 });
    expect(decideFault(slow, sequence(0.5))).toEqual({ kind: 'forward', delayMs: 1_600 });
    expect(decideFault(slow, sequence(0.999))).toEqual({ kind: 'forward', delayMs: 1_999 });
  });

  it('answers 429 with Retry-After for the rate-limited share and forwards the rest', () => {
    const limited: Fault = { kind: 'rateLimited', rate: 0.6, retryAfterSeconds: 2 };
    expect(decideFault(limited, sequence(0.59))).toEqual({ kind: 'reply', status: 429, headers: { 'retry-after': '2' } });
    expect(decideFault(limited, sequence(0.6))).toEqual({ kind: 'forward', delayMs: 0 });
  });
});
