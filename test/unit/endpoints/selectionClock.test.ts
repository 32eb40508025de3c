import { describe, expect, it } from 'vitest';
import { MultiEndpointClient } from '../../../src/endpoints/MultiEndpointClient.js';
import { FakeEndpointClient } from './support/FakeEndpointClient.js';
import type { ReceivedCall } from './support/FakeEndpointClient.js';

const A = 'http://a.test:5289';
const B = 'http://b.test:5289';

describe('MultiEndpointClient without a clock of its own', () => {
  it('holds a recovered endpoint down on the real timers (no clock option) instead of failing its selection actor', async () => {
    const log: ReceivedCall[] = [];
    const fakes = new Map<string, FakeEndpointClient>();
    const api = new MultiEndpointClient({
      endpoints: [A, B].map((url) => ({ url, priority: 0, weight: 1 })), selection: 'ordered', failbackHoldDownMs: 60_000, discovery: null,
    }, {
      clientFactory: (url) => {
        const fake = new FakeEndpointClient(url, log);
        fakes.set(url, fake);
        return fake;
      },
    });
    try {
      fakes.get(A)?.breaker.emit('breaker.opened');
      // Closing starts the hold-down: an XState delay, scheduled on the actor's clock.
      fakes.get(A)?.breaker.emit('breaker.closed');
      expect(api.selection.getSnapshot().status).toBe('active');
      expect(api.currentEndpoint).toBe(B);
    } finally {
      await api.dispose();
    }
  });
});
