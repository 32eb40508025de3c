import { describe, expect, it } from 'vitest';
import {
  BatchTaskStatus, TaskFolderStatus, TaskType, batchTaskSchema, computerNodeSchema, fileLockSchema,
  healthAnswerSchema, taskFolderProgressSchema,
} from '../../../src/api/models/index.js';

const task = { id: 1, name: 'n', type: 1, status: 0, createdAt: '2024-05-01T10:00:00Z' };

describe('enums', () => {
  it('accept the number the default ASP.NET serializer sends', () => {
    expect(batchTaskSchema.parse({ ...task, status: 4 }).status).toBe(BatchTaskStatus.Cancelled);
  });

  it.each(['Running', 'running', 'RUNNING', ' Running '])('accept the name %j in any case and yield the number', (name) => {
    expect(batchTaskSchema.parse({ ...task, status: name }).status).toBe(1);
  });

  it('normalise every enum of every model', () => {
    const folder = {
      id: 1, taskId: 1, folderPath: '/a', folderName: 'a', status: 'inprogress', createdAt: '2024-05-01T10:00:00Z',
      progress: 50,
    };
    expect(taskFolderProgressSchema.parse(folder).status).toBe(TaskFolderStatus.InProgress);
    expect(batchTaskSchema.parse({ ...task, type: 'volumecompression' }).type).toBe(TaskType.VolumeCompression);
  });

  it.each([99, -1, 1.5, 'Sleeping', 'constructor', '__proto__', 'toString', ''])(
    'reject %j with a message listing the allowed names', (value) => {
      const result = batchTaskSchema.safeParse({ ...task, status: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/BatchTaskStatus \(Pending=0, Running=1/);
    },
  );
});

describe('property names', () => {
  it('are read case-insensitively (PascalCase from a configured server)', () => {
    const parsed = batchTaskSchema.parse({
      Id: 3, Name: 'x', Type: 2, Status: 1, CreatedAt: '2024-05-01T10:00:00Z', AssignedNodeId: 'n1', ROWVERSION: 'AAE=',
    });
    expect(parsed).toMatchObject({ id: 3, name: 'x', type: 2, status: 1, assignedNodeId: 'n1', rowVersion: 'AAE=' });
  });

  it('prefer an exact match over a case-insensitive one', () => {
    expect(batchTaskSchema.parse({ ...task, Name: 'wrong', name: 'right' }).name).toBe('right');
    expect(batchTaskSchema.parse({ Name: 'wrong', ...task, name: 'right' }).name).toBe('right');
  });

  it('ignore unknown extra properties', () => {
    const parsed = computerNodeSchema.parse({
      id: 'n1', name: 'N', ipAddress: '10.0.0.1', isAvailable: true, lastHeartbeat: '2024-05-01T10:00:00Z',
      hardwareFingerprint: null, gpu: 'big', tags: [1, 2],
    });
    expect(parsed).not.toHaveProperty('gpu');
    expect(parsed.hardwareFingerprint).toBeNull();
  });
});

describe('prototype pollution', () => {
  it('never lets __proto__ or constructor keys reach a prototype', () => {
    const hostile = JSON.parse(
      '{"id":1,"name":"n","type":1,"status":0,"createdAt":"2024-05-01T10:00:00Z",'
      + '"__proto__":{"polluted":"yes","id":999},"constructor":{"prototype":{"polluted":"yes"}},'
      + '"__PROTO__":{"polluted":"yes"}}',
    ) as unknown;
    const parsed = batchTaskSchema.parse(hostile);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.id).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).not.toContain('__proto__');
  });

  it('gives a fresh object with only the model keys when every key is spelled exactly', () => {
    const complete = JSON.parse(
      '{"id":1,"name":"n","type":1,"status":0,"assignedNodeId":null,"assignedNodeIds":"[]",'
      + '"createdAt":"2024-05-01T10:00:00Z","startedAt":null,"completedAt":null,"parameters":null,'
      + '"resultMessage":null,"rowVersion":null,"NAME":"other","gpu":"big","__proto__":{"polluted":"yes"}}',
    ) as Record<string, unknown>;
    const parsed = batchTaskSchema.parse(complete);
    expect(parsed).not.toBe(complete);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed).sort()).toEqual([
      'assignedNodeId', 'assignedNodeIds', 'completedAt', 'createdAt', 'id', 'name', 'parameters', 'resultMessage',
      'rowVersion', 'startedAt', 'status', 'type',
    ]);
    expect(parsed.name).toBe('n');
    expect((parsed as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a nested model safe too', () => {
    const hostile = JSON.parse('[{"id":1,"filePath":"/f","lockingNodeId":"n","acquiredAt":"2024-05-01T10:00:00Z",'
      + '"lastUpdatedAt":"2024-05-01T10:00:00Z","__proto__":{"isAdmin":true}}]') as unknown[];
    const lock = fileLockSchema.parse(hostile[0]);
    expect((lock as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('values', () => {
  it('keep dates as the server sent them, .NET 7-digit fractions and missing offsets included', () => {
    const parsed = batchTaskSchema.parse({ ...task, createdAt: '2024-05-01T10:00:00.1234567', startedAt: '2024-05-01T10:00:01+02:00' });
    expect(parsed.createdAt).toBe('2024-05-01T10:00:00.1234567');
    expect(parsed.startedAt).toBe('2024-05-01T10:00:01+02:00');
  });

  it.each(['2024', 'yesterday', '2024-13-01T00:00:00Z', ''])('reject the non-date %j', (createdAt) => {
    expect(batchTaskSchema.safeParse({ ...task, createdAt }).success).toBe(false);
  });

  it('fill absent optionals with null and assignedNodeIds with "[]"', () => {
    expect(batchTaskSchema.parse(task)).toEqual({
      ...task, assignedNodeId: null, assignedNodeIds: '[]', startedAt: null, completedAt: null, parameters: null,
      resultMessage: null, rowVersion: null,
    });
  });

  it('reject a progress outside 0..100 and a non-integer id', () => {
    const folder = { id: 1, taskId: 1, folderPath: '/a', folderName: 'a', status: 0, createdAt: '2024-05-01T10:00:00Z' };
    expect(taskFolderProgressSchema.safeParse({ ...folder, progress: 101 }).success).toBe(false);
    expect(taskFolderProgressSchema.safeParse({ ...folder, progress: 100 }).success).toBe(true);
    expect(batchTaskSchema.safeParse({ ...task, id: 1.5 }).success).toBe(false);
  });

  it('read the health answer with or without a version', () => {
    expect(healthAnswerSchema.parse({ status: 'healthy', timestamp: '2024-05-01T10:00:00Z', version: '1.2.3' }).version).toBe('1.2.3');
    expect(healthAnswerSchema.parse({ Status: 'healthy' })).toEqual({ status: 'healthy', timestamp: null, version: null, capabilities: [] });
  });

  it('read the capabilities a server advertises, none when it sends none or null (the .NET server)', () => {
    expect(healthAnswerSchema.parse({ status: 'healthy', Capabilities: ['idempotency-key'] }).capabilities).toEqual(['idempotency-key']);
    expect(healthAnswerSchema.parse({ status: 'healthy', capabilities: null }).capabilities).toEqual([]);
    expect(healthAnswerSchema.safeParse({ status: 'healthy', capabilities: 'idempotency-key' }).success).toBe(false);
  });
});
