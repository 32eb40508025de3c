import { describe, expect, it } from 'vitest';
import { watchBreaker } from '../../../src/manager/watchBreaker.js';
import type { BreakerChange } from '../../../src/manager/watchBreaker.js';
import { FakeBreaker, FakeClient, FakeServer } from './support/fakes.js';

describe('watchBreaker', () => {
  it('maps opened and isolated to BREAKER.OPENED, closed to BREAKER.CLOSED, ignores half-open, and unsubscribes', () => {
    const breaker = new FakeBreaker();
    const client = new FakeClient('enhanced', 'http://127.0.0.1:1', new FakeServer(), breaker);
    const changes: BreakerChange[] = [];
    const stop = watchBreaker(client, (change) => changes.push(change));
    for (const type of ['breaker.opened', 'breaker.halfOpen', 'breaker.closed', 'breaker.isolated']) breaker.emit(type);
    expect(changes).toEqual(['BREAKER.OPENED', 'BREAKER.CLOSED', 'BREAKER.OPENED']);
    stop();
    expect(breaker.listenerCount).toBe(0);
  });

  it('does nothing for a client without a breaker', () => {
    const client = new FakeClient('standard', 'http://127.0.0.1:1', new FakeServer());
    expect(() => watchBreaker(client, () => undefined)()).not.toThrow();
  });
});
