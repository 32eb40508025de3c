import { describe, expect, it } from 'vitest';
import { CallStats } from '../../../src/pipeline/CallStats.js';

describe('CallStats', () => {
  it('counts consecutive transient failures and remembers the latest error until a success', () => {
    const stats = new CallStats();
    stats.recordFailure({ kind: 'network', transient: true, message: 'refused' });
    stats.recordFailure({ kind: 'server', transient: true, status: 503, message: 'busy' });
    expect(stats.failureCount).toBe(2);
    expect(stats.lastError).toBe('busy');
    stats.recordSuccess();
    expect(stats.failureCount).toBe(0);
    expect(stats.lastError).toBeNull();
  });

  it('records a non-transient failure as the latest error without counting it', () => {
    const stats = new CallStats();
    stats.recordFailure({ kind: 'client', transient: false, status: 400, message: 'bad request' });
    expect(stats.failureCount).toBe(0);
    expect(stats.lastError).toBe('bad request');
  });
});
