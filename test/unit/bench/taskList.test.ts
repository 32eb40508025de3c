import { describe, expect, it } from 'vitest';
import { toDotnetJson } from '../../../bench/server/dotnetWire.js';
import { generateTasks } from '../../../bench/server/taskList.js';
import type { WireTask } from '../../../bench/server/taskList.js';

const fields = [
  'id', 'name', 'type', 'status', 'assignedNodeId', 'assignedNodeIds', 'createdAt', 'startedAt', 'completedAt',
  'parameters', 'resultMessage', 'rowVersion',
];
const dotnetDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;
const tasks = generateTasks(1000);
const finished = new Set([2, 3, 4]);

describe('generated task list', () => {
  it('holds `count` tasks with ids 1..count, each with every field the server sends, in camelCase', () => {
    expect(generateTasks(3).map((task) => task.id)).toEqual([1, 2, 3]);
    expect(generateTasks(0)).toEqual([]);
    for (const task of tasks) expect(Object.keys(task)).toEqual(fields);
  });

  it('is the same list for the same seed and another for another seed', () => {
    expect(generateTasks(50)).toEqual(generateTasks(50));
    expect(generateTasks(50, 1)).not.toEqual(generateTasks(50, 2));
  });

  it('is a prefix of a longer list: the answer of 100 tasks starts with the answer of 3', () => {
    expect(generateTasks(100).slice(0, 3).map((task) => task.name)).toEqual(generateTasks(3).map((task) => task.name));
  });

  it('writes every date as .NET does (seven fractional digits, no offset), in lifecycle order', () => {
    for (const task of tasks) {
      for (const date of [task.createdAt, task.startedAt, task.completedAt]) if (date !== null) expect(date).toMatch(dotnetDate);
      if (task.startedAt !== null) expect(task.startedAt > task.createdAt).toBe(true);
      if (task.completedAt !== null) expect(task.completedAt > (task.startedAt ?? '')).toBe(true);
    }
    const created = tasks.map((task) => task.createdAt);
    expect([...created].sort()).toEqual(created);
  });

  it('keeps each status consistent: pending tasks unassigned and unstarted, finished ones completed with a message', () => {
    for (const task of tasks) {
      const nodes = JSON.parse(task.assignedNodeIds) as string[];
      expect(new Set(nodes).size).toBe(nodes.length);
      expect(task.assignedNodeId).toBe(nodes.at(-1) ?? null);
      if (task.status === 0) expect([task.assignedNodeId, task.startedAt, task.resultMessage]).toEqual([null, null, null]);
      expect(task.completedAt !== null).toBe(finished.has(task.status));
      expect(task.resultMessage !== null).toBe(finished.has(task.status));
    }
    expect(new Set(tasks.map((task) => task.status))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('carries parameters as a JSON object in a string and rowVersion as base64 of 8 growing bytes', () => {
    let last = -1n;
    for (const task of tasks) {
      expect(typeof JSON.parse(task.parameters ?? 'null')).toBe('object');
      const bytes = Buffer.from(task.rowVersion, 'base64');
      expect(bytes.length).toBe(8);
      expect(bytes.readBigUInt64BE()).toBeGreaterThan(last);
      last = bytes.readBigUInt64BE();
    }
  });

  it('varies from task to task: dates, row versions and names are not repeated', () => {
    const distinct = (pick: (task: WireTask) => string | null) => new Set(tasks.map(pick)).size;
    expect(distinct((task) => task.createdAt)).toBe(1000);
    expect(distinct((task) => task.rowVersion)).toBe(1000);
    expect(distinct((task) => task.name)).toBeGreaterThan(950);
    expect(new Set(tasks.map((task) => task.type)).size).toBeGreaterThanOrEqual(5);
  });

  it('weighs about what a real server answers: 100 tasks a few tens of KB, 1000 ten times that', () => {
    const bytes100 = Buffer.byteLength(toDotnetJson(generateTasks(100)));
    expect(bytes100).toBeGreaterThan(30_000);
    expect(bytes100).toBeLessThan(45_000);
    expect(Buffer.byteLength(toDotnetJson(tasks)) / bytes100).toBeCloseTo(10, 0);
  });

  it('refuses a count that is not a non-negative integer', () => {
    expect(() => generateTasks(-1)).toThrow(RangeError);
    expect(() => generateTasks(2.5)).toThrow(RangeError);
  });
});
