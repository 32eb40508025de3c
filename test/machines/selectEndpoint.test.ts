import { describe, expect, it } from 'vitest';
import { selectEndpoint } from '../../machines/endpoints/selectEndpoint.js';
import type { EndpointStatus, SelectionView } from '../../machines/endpoints/types.js';
import { seededRandom } from '../../machines/random.js';

const endpoint = (url: string, change: Partial<EndpointStatus> = {}): EndpointStatus =>
  ({ url, priority: 0, weight: 1, breakerOpen: false, healthy: true, outstanding: 0, heldDownUntil: null, ...change });

const view = (mode: SelectionView['mode'], endpoints: EndpointStatus[], now = 0): SelectionView => ({ mode, now, endpoints });

const never = () => {
  throw new Error('random must not be called without a tie');
};

const urlOf = (choice: ReturnType<typeof selectEndpoint>) => (choice.kind === 'endpoint' ? choice.url : null);

describe('selectEndpoint, ordered', () => {
  it('takes the lowest priority, then list order, and never draws a random number', () => {
    const endpoints = [endpoint('b', { priority: 1 }), endpoint('a', { priority: 0 }), endpoint('c', { priority: 0 })];
    expect(selectEndpoint(view('ordered', endpoints), never)).toEqual({ kind: 'endpoint', url: 'a', heldDown: false });
  });

  it('skips an endpoint whose breaker is open, and one that is unhealthy', () => {
    const endpoints = [endpoint('a', { breakerOpen: true }), endpoint('b', { healthy: false }), endpoint('c')];
    expect(urlOf(selectEndpoint(view('ordered', endpoints), never))).toBe('c');
  });

  it('says none is available, naming each endpoint and why, when all are open or unhealthy', () => {
    const endpoints = [endpoint('a', { breakerOpen: true }), endpoint('b', { healthy: false }), endpoint('c', { breakerOpen: true, healthy: false })];
    expect(selectEndpoint(view('ordered', endpoints), never)).toEqual({
      kind: 'none',
      unavailable: [{ url: 'a', reason: 'breakerOpen' }, { url: 'b', reason: 'unhealthy' }, { url: 'c', reason: 'breakerOpen' }],
    });
  });

  it('keeps calls off a recovered primary until its hold-down is over, and goes back exactly then', () => {
    const endpoints = [endpoint('primary', { heldDownUntil: 31_000 }), endpoint('backup', { priority: 1 })];
    expect(urlOf(selectEndpoint(view('ordered', endpoints, 30_999), never))).toBe('backup');
    expect(urlOf(selectEndpoint(view('ordered', endpoints, 31_000), never))).toBe('primary');
  });

  it('takes a held-down endpoint when it is the only one available, and says so', () => {
    const endpoints = [endpoint('primary', { heldDownUntil: 31_000 }), endpoint('backup', { breakerOpen: true })];
    expect(selectEndpoint(view('ordered', endpoints, 30_000), never)).toEqual({ kind: 'endpoint', url: 'primary', heldDown: true });
  });
});

describe('selectEndpoint, balanced', () => {
  it('takes the endpoint with the fewest outstanding calls, without a random draw', () => {
    const endpoints = [endpoint('a', { outstanding: 3 }), endpoint('b', { outstanding: 1 }), endpoint('c', { outstanding: 2 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints), never))).toBe('b');
  });

  it('compares outstanding calls per unit of weight: 5 on weight 3 is lighter than 2 on weight 1', () => {
    const endpoints = [endpoint('heavy', { weight: 3, outstanding: 5 }), endpoint('light', { weight: 1, outstanding: 2 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints), never))).toBe('heavy');
  });

  it('breaks ties by weight: an idle 3:1 pair gets about 3:1 of 4000 picks', () => {
    const endpoints = [endpoint('a', { weight: 3 }), endpoint('b', { weight: 1 })];
    const random = seededRandom(42);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4_000; i += 1) counts[urlOf(selectEndpoint(view('balanced', endpoints), random)) as 'a' | 'b'] += 1;
    expect(counts.a / 4_000).toBeGreaterThan(0.72);
    expect(counts.a / 4_000).toBeLessThan(0.78);
  });

  it('maps the random draw onto the weights exactly: [0, 0.75) is a, [0.75, 1) is b', () => {
    const endpoints = [endpoint('a', { weight: 3 }), endpoint('b', { weight: 1 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints), () => 0.7499))).toBe('a');
    expect(urlOf(selectEndpoint(view('balanced', endpoints), () => 0.75))).toBe('b');
  });

  it('keeps the proportion under load: filling calls one by one on the least loaded gives 3:1', () => {
    let endpoints = [endpoint('a', { weight: 3 }), endpoint('b', { weight: 1 })];
    const random = seededRandom(1);
    for (let i = 0; i < 400; i += 1) {
      const url = urlOf(selectEndpoint(view('balanced', endpoints), random));
      endpoints = endpoints.map((e) => (e.url === url ? { ...e, outstanding: e.outstanding + 1 } : e));
    }
    expect(endpoints.map((e) => e.outstanding)).toEqual([300, 100]);
  });

  it('uses weight-0 endpoints only when the group has no weighted one', () => {
    const endpoints = [endpoint('zero', { weight: 0 }), endpoint('one', { weight: 1, outstanding: 9 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints), never))).toBe('one');
    const onlyZero = [endpoint('zero', { weight: 0 }), endpoint('one', { weight: 1, breakerOpen: true })];
    expect(urlOf(selectEndpoint(view('balanced', onlyZero), never))).toBe('zero');
  });

  it('balances within the lowest priority group only; the next group takes over when it is all down', () => {
    const endpoints = [endpoint('a'), endpoint('b', { outstanding: 5 }), endpoint('backup', { priority: 1 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints), never))).toBe('a');
    const down = endpoints.map((e) => (e.priority === 0 ? { ...e, healthy: false } : e));
    expect(urlOf(selectEndpoint(view('balanced', down), never))).toBe('backup');
  });

  it('leaves a recovering endpoint out during its hold-down, in balanced mode too', () => {
    const endpoints = [endpoint('recovering', { heldDownUntil: 5_000 }), endpoint('busy', { outstanding: 50 })];
    expect(urlOf(selectEndpoint(view('balanced', endpoints, 4_000), never))).toBe('busy');
    expect(urlOf(selectEndpoint(view('balanced', endpoints, 5_000), never))).toBe('recovering');
  });

  it('is deterministic: the same view and seed give the same sequence', () => {
    const endpoints = [endpoint('a', { weight: 2 }), endpoint('b', { weight: 5 }), endpoint('c', { weight: 1 })];
    const run = () => {
      const random = seededRandom(9);
      return Array.from({ length: 50 }, () => urlOf(selectEndpoint(view('balanced', endpoints), random)));
    };
    expect(run()).toEqual(run());
  });
});
