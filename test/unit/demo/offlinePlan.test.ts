import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_OPTIONS, resolveOfflineOptions } from '../../../src/demo/offline/options.js';
import { offlineTimeline, planOfflineWork } from '../../../src/demo/offline/plan.js';

describe('the offline scenario plan', () => {
  it('deals every task once to the clients, half at once and the rest from 10 % to 50 % of the run, the same for the same seed', () => {
    const options = { ...DEFAULT_OFFLINE_OPTIONS, tasks: 21, clients: 2 };
    const plans = planOfflineWork(options);
    expect(plans.map((p) => p.clientId)).toEqual(['desk-1', 'desk-2']);
    const names = plans.flatMap((p) => p.creates.map((c) => c.task.name));
    expect(new Set(names).size).toBe(21);
    expect(plans.map((p) => p.creates.length)).toEqual([11, 10]);
    for (const plan of plans) {
      const times = plan.creates.map((c) => c.atMs);
      expect(times.filter((t) => t === 0)).toHaveLength(Math.ceil(plan.creates.length / 2));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(Math.max(...times)).toBeLessThanOrEqual(options.durationMs * 0.5);
      expect(times.filter((t) => t > 0).every((t) => t >= options.durationMs * 0.1)).toBe(true);
    }
    expect(planOfflineWork(options)).toEqual(plans);
    expect(planOfflineWork({ ...options, seed: 43 })).not.toEqual(plans);
  });

  it('takes the server down from 20 % to 55 % and kills a worker by 45 %', () => {
    expect(offlineTimeline(30_000)).toEqual({ serverDownAtMs: 6_000, serverUpAtMs: 16_500, workerKillByMs: 13_500 });
  });

  it('fills in the defaults and names an option out of range', () => {
    expect(resolveOfflineOptions({ tasks: undefined })).toEqual(DEFAULT_OFFLINE_OPTIONS);
    expect(() => resolveOfflineOptions({ workers: 0 })).toThrow(/invalid argument workers: expected an integer from 1 to 16, got 0/);
    expect(() => resolveOfflineOptions({ durationMs: 1_000 })).toThrow(/durationMs: expected an integer from 6000/);
    expect(() => resolveOfflineOptions({ seed: 1.5 })).toThrow(/seed: expected an integer/);
  });
});
