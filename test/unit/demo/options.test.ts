import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { DEFAULT_DEMO_OPTIONS, resolveDemoOptions } from '../../../src/demo/options.js';

describe('resolveDemoOptions', () => {
  it('defaults to 4 nodes, 200 tasks, a 60 s timeline and seed 42', () => {
    expect(resolveDemoOptions()).toEqual({ nodes: 4, tasks: 200, durationMs: 60_000, seed: 42, idempotency: true });
    expect(resolveDemoOptions({ idempotency: false }).idempotency).toBe(false);
    expect(resolveDemoOptions({ nodes: 2, seed: undefined })).toEqual({ ...DEFAULT_DEMO_OPTIONS, nodes: 2 });
  });

  it.each([
    [{ nodes: 0 }, 'nodes', /from 1 to 32, got 0/],
    [{ nodes: 2.5 }, 'nodes', /got 2.5/],
    [{ tasks: 10_001 }, 'tasks', /from 1 to 10000/],
    [{ durationMs: 9_999 }, 'durationMs', /from 10000 to 3600000/],
    [{ seed: 0.5 }, 'seed', /expected an integer, got 0.5/],
    [{ idempotency: 'no' as unknown as boolean }, 'idempotency', /expected true or false, got no/],
  ])('refuses %o naming the option', (given, argument, message) => {
    let thrown: unknown;
    try {
      resolveDemoOptions(given);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ argument, code: 'ERR_INVALID_ARGUMENT' });
    expect((thrown as Error).message).toMatch(message);
  });
});
