import { describe, expect, it } from 'vitest';
import * as machineBackoff from '../../../machines/backoff/index.js';
import * as http from '../../../src/http/index.js';

describe('src/http backoff', () => {
  it('re-exports the machines backoff formulas rather than a copy of its own', () => {
    expect(http.createBackoff).toBe(machineBackoff.createBackoff);
    expect(http.decorrelatedJitterBackoff).toBe(machineBackoff.decorrelatedJitterBackoff);
    expect(http.backoffFormula('full')).toBe(machineBackoff.fullJitterBackoff);
  });
});
