import { describe, expect, it } from 'vitest';
import { TaskStatus } from '../../../src/server/domain/enums.js';
import { canMoveTask, describeRefusedMove, isFinalTaskStatus } from '../../../src/server/domain/taskTransitions.js';

const { Pending, Running, Completed, Failed, Cancelled } = TaskStatus;

describe('task status moves', () => {
  it.each([
    [Pending, Running], [Pending, Failed], [Pending, Cancelled],
    [Running, Completed], [Running, Failed], [Running, Cancelled], [Running, Pending],
    [Failed, Pending],
  ])('allow %i -> %i', (from, to) => {
    expect(canMoveTask(from, to)).toBe(true);
  });

  it.each([
    [Completed, Running], [Completed, Pending], [Completed, Failed],
    [Cancelled, Running], [Cancelled, Pending], [Failed, Running], [Failed, Completed], [Pending, Completed],
  ])('refuse %i -> %i', (from, to) => {
    expect(canMoveTask(from, to)).toBe(false);
  });

  it('allow re-sending the current status, so a retried PUT is harmless', () => {
    for (const status of [Pending, Running, Completed, Failed, Cancelled]) expect(canMoveTask(status, status)).toBe(true);
  });

  it('treat only Completed and Cancelled as final', () => {
    expect([Pending, Running, Completed, Failed, Cancelled].filter(isFinalTaskStatus)).toEqual([Completed, Cancelled]);
  });

  it('explain a refusal with both status names', () => {
    expect(describeRefusedMove(Completed, Running)).toBe('a Completed task cannot move to Running');
  });
});
