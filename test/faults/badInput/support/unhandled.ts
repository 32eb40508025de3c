import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Collects every unhandled rejection and uncaught exception while the file runs and fails the file when there
 * was one. Vitest reports them too, but as noise beside passing tests; here each counts as a failure.
 */
export function failOnUnhandled(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown) => {
    seen.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
    expect(seen).toEqual([]);
  });
}
