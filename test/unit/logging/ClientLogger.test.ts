import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientLogger } from '../../../src/logging/ClientLogger.js';
import { silentLogger } from '../../../src/logging/ClientLogger.js';
import type { CategoryLogger } from '../../../src/logging/index.js';

describe('ClientLogger', () => {
  it('accepts the project category logger and the console as they are', () => {
    expectTypeOf<CategoryLogger>().toMatchTypeOf<ClientLogger>();
    expectTypeOf<Console>().toMatchTypeOf<ClientLogger>();
  });

  it('defaults to a logger that drops everything', () => {
    expect(silentLogger.warn('ignored', { operation: 'getTasks' })).toBeUndefined();
    expect(silentLogger.debug('ignored')).toBeUndefined();
  });
});
