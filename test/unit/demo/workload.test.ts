import { describe, expect, it } from 'vitest';
import type { BatchTask } from '../../../src/api/models/index.js';
import { workMsOf } from '../../../src/demo/handlers.js';
import { draftOf, planWorkload, WORK_SHARE } from '../../../src/demo/workload.js';

function task(parameters: string | null): BatchTask {
  return {
    id: 1, name: 't', type: 1, status: 1, assignedNodeId: null, assignedNodeIds: '[]', createdAt: '', startedAt: null, completedAt: null,
    parameters, resultMessage: null, rowVersion: null,
  } as unknown as BatchTask;
}

describe('planWorkload', () => {
  it('plans the same tasks for the same seed, other tasks for another', () => {
    expect(planWorkload(1, 50, 4, 60_000)).toEqual(planWorkload(1, 50, 4, 60_000));
    expect(planWorkload(2, 50, 4, 60_000)).not.toEqual(planWorkload(1, 50, 4, 60_000));
  });

  it('names every task uniquely, in order, and mixes the three types about 40/40/20', () => {
    const tasks = planWorkload(42, 2_000, 4, 60_000);
    expect(new Set(tasks.map((t) => t.name)).size).toBe(2_000);
    expect(tasks[0]?.name).toBe('demo-task-0001');
    expect(tasks.at(-1)?.name).toBe('demo-task-2000');
    const share = (type: string): number => tasks.filter((t) => t.type === type).length / tasks.length;
    expect(share('HelloWorld')).toBeCloseTo(0.4, 1);
    expect(share('TestMessage')).toBeCloseTo(0.4, 1);
    expect(share('FileProcessing')).toBeCloseTo(0.2, 1);
  });

  it('sizes the work so the nodes together work about WORK_SHARE of the run', () => {
    const tasks = planWorkload(42, 2_000, 4, 60_000);
    const mean = (WORK_SHARE * 60_000 * 4) / 2_000;
    for (const t of tasks) {
      expect(t.workMs).toBeGreaterThanOrEqual(Math.floor(mean * 0.5));
      expect(t.workMs).toBeLessThanOrEqual(Math.ceil(mean * 1.5));
    }
    const total = tasks.reduce((sum, t) => sum + t.workMs, 0);
    expect(total / (60_000 * 4)).toBeCloseTo(WORK_SHARE, 1);
  });
});

describe('draftOf and workMsOf', () => {
  it('puts the work time (and the message of a TestMessage) in the parameters, where a handler reads it back', () => {
    const draft = draftOf({ name: 'demo-task-1', type: 'TestMessage', workMs: 420 });
    expect(draft).toEqual({ name: 'demo-task-1', type: 'TestMessage', parameters: '{"message":"demo-task-1 says hello","workMs":420}' });
    expect(workMsOf(task(draft.parameters ?? null))).toBe(420);
    expect(draftOf({ name: 'x', type: 'HelloWorld', workMs: 5 }).parameters).toBe('{"workMs":5}');
  });

  it.each([null, '', 'not json', '[1]', '{"workMs":-3}', '{"workMs":"9"}', '{}'])('reads no work time from %o', (parameters) => {
    expect(workMsOf(task(parameters))).toBe(0);
  });
});
