import { describe, expect, it } from 'vitest';
import { TASK_FOLDER_STATUS_NAMES, TASK_STATUS_NAMES, TASK_TYPE_NAMES, decodeEnum, encodeEnum } from '../../../src/server/domain/enums.js';
import { isHttpError } from '../../../src/server/http/HttpError.js';

describe('enum codecs', () => {
  it('number the members as the contract does', () => {
    expect(TASK_STATUS_NAMES).toEqual(['Pending', 'Running', 'Completed', 'Failed', 'Cancelled']);
    expect(TASK_TYPE_NAMES.indexOf('VolumeCompression')).toBe(7);
    expect(TASK_FOLDER_STATUS_NAMES).toEqual(['Pending', 'InProgress', 'Completed', 'Failed']);
  });

  it.each([
    [2, 2], ['Completed', 2], ['completed', 2], ['COMPLETED', 2], [' Failed ', 3], ['4', 4],
  ])('reads %j as %i', (input, expected) => {
    expect(decodeEnum(TASK_STATUS_NAMES, input, 'status')).toBe(expected);
  });

  it.each([5, -1, 1.5, '7', 'Paused', '', null, true])('refuses %j with a 400 naming the field and the members', (input) => {
    let thrown: unknown;
    try {
      decodeEnum(TASK_STATUS_NAMES, input, 'status');
    } catch (error) {
      thrown = error;
    }
    expect(isHttpError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ statusCode: 400 });
    expect((thrown as Error).message).toBe(
      `status must be one of Pending (0), Running (1), Completed (2), Failed (3), Cancelled (4); got ${JSON.stringify(input)}`,
    );
  });

  it('writes numbers by default and member names when asked', () => {
    expect(encodeEnum(TASK_TYPE_NAMES, 5, 'numbers')).toBe(5);
    expect(encodeEnum(TASK_TYPE_NAMES, 5, 'names')).toBe('RealityCapture');
  });
});
