import { describe, expect, it } from 'vitest';
import { DEMO_NODE_SETTINGS, describeSteadyNode, isSteadyNode, nodeSettingsFor } from '../../../src/demo/nodeSettings.js';

describe('nodeSettingsFor', () => {
  it('gives the last of several nodes auto-recovery off and every other node the demo settings unchanged', () => {
    const all = [0, 1, 2, 3].map((index) => nodeSettingsFor(index, 4));
    expect(all.slice(0, 3)).toEqual([DEMO_NODE_SETTINGS, DEMO_NODE_SETTINGS, DEMO_NODE_SETTINGS]);
    expect(all[3]).toEqual({ ...DEMO_NODE_SETTINGS, apiSettings: { ...DEMO_NODE_SETTINGS.apiSettings, enableAutoRecovery: false } });
    expect([0, 1, 2, 3].map((index) => isSteadyNode(index, 4))).toEqual([false, false, false, true]);
  });

  it('keeps auto-recovery on for a single node: the demo then shows recovery, not the breaker riding', () => {
    expect(nodeSettingsFor(0, 1)).toEqual(DEMO_NODE_SETTINGS);
    expect(isSteadyNode(0, 1)).toBe(false);
    expect(describeSteadyNode(1)).toEqual([]);
  });

  it('names the steady node in the run header', () => {
    expect(describeSteadyNode(3)).toEqual([
      'node-3 has auto-recovery off: it rides faults out on its circuit breaker (open, half-open, closed) instead of replacing its client',
    ]);
  });

  it.each([[-1, 3], [3, 3], [0.5, 3], [0, 0]])('rejects node %d of %d with a RangeError naming both', (index, count) => {
    expect(() => nodeSettingsFor(index, count)).toThrow(new RangeError(`Node index ${index} is not one of ${count} demo nodes (0 to ${count - 1})`));
  });
});
