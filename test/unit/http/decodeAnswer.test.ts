import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { operations } from '../../../src/api/operations/index.js';
import { HttpStatusError, InvalidResponseError } from '../../../src/errors/index.js';
import { decodeAnswer } from '../../../src/http/decodeAnswer.js';
import type { RawAnswer } from '../../../src/http/decodeAnswer.js';

const task = { id: 7, name: 'render', type: 3, status: 1, createdAt: '2024-05-01T10:00:00Z' };
const now = Date.parse('2024-05-01T10:00:00Z');
// What the model fills in for the fields `task` leaves out.
const nulls = {
  assignedNodeId: null, assignedNodeIds: '[]', startedAt: null, completedAt: null, parameters: null, resultMessage: null,
  rowVersion: null,
};

function answer(status: number, body: unknown, extra: Partial<RawAnswer> = {}): RawAnswer {
  return {
    status,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    contentType: 'application/json; charset=utf-8',
    retryAfter: undefined,
    ...extra,
  };
}

function errorOf(decoded: ReturnType<typeof decodeAnswer>): unknown {
  expect(decoded.ok).toBe(false);
  return decoded.ok ? undefined : decoded.error;
}

describe('decodeAnswer', () => {
  it('validates a 2xx JSON answer and yields the normalised model', () => {
    const decoded = decodeAnswer(operations.getTaskById, answer(200, task), now);
    expect(decoded).toMatchObject({ ok: true, value: { id: 7, type: 3, status: 1, assignedNodeIds: '[]' } });
  });

  it('reads a list sent as null as an empty list, as the original client did', () => {
    expect(decodeAnswer(operations.getTasks, answer(200, 'null'), now)).toEqual({ ok: true, value: [] });
  });

  it('maps 404 on getTaskById to null', () => {
    expect(decodeAnswer(operations.getTaskById, answer(404, 'Not Found', { contentType: 'text/plain' }), now))
      .toEqual({ ok: true, value: null });
  });

  it('maps 409 on updateTaskStatus to the current task the server sends', () => {
    const decoded = decodeAnswer(operations.updateTaskStatus, answer(409, { message: 'stale', currentTask: task }), now);
    expect(decoded).toMatchObject({ ok: true, value: { id: 7, status: 1 } });
  });

  it('maps 409 on updateTaskStatus without a current task to null', () => {
    expect(decodeAnswer(operations.updateTaskStatus, answer(409, { message: 'stale' }), now))
      .toEqual({ ok: true, value: null });
  });

  it('rejects a 409 on updateTaskStatus whose body is not JSON as an invalid response', () => {
    const error = errorOf(decodeAnswer(operations.updateTaskStatus, answer(409, 'conflict'), now));
    expect(error).toMatchObject({ reason: 'malformedJson', status: 409, operation: 'updateTaskStatus' });
  });

  it.each([
    ['tryAcquireFileLock', 409], ['releaseFileLock', 400], ['sendHeartbeat', 404], ['assignTaskToNode', 404],
  ] as const)('answers false for %s on HTTP %i, as IsSuccessStatusCode did', (name, status) => {
    expect(decodeAnswer(operations[name], answer(status, ''), now)).toEqual({ ok: true, value: false });
  });

  it('answers true for a boolean operation on any 2xx without reading the body', () => {
    expect(decodeAnswer(operations.tryAcquireFileLock, answer(204, ''), now)).toEqual({ ok: true, value: true });
    expect(decodeAnswer(operations.sendHeartbeat, answer(200, '<html>'), now)).toEqual({ ok: true, value: true });
  });

  it.each([408, 429, 500, 503])('keeps HTTP %i an error even for a boolean operation', (status) => {
    expect(errorOf(decodeAnswer(operations.tryAcquireFileLock, answer(status, ''), now))).toBeInstanceOf(HttpStatusError);
  });

  it('carries the parsed Retry-After on an HTTP error', () => {
    const error = errorOf(decodeAnswer(operations.getTasks, answer(503, 'busy', { retryAfter: '3' }), now));
    expect(error).toMatchObject({ status: 503, retryAfterMs: 3000, body: 'busy', operation: 'getTasks' });
  });

  it('refuses to follow a redirect', () => {
    const error = errorOf(decodeAnswer(operations.getTasks, answer(302, '', { location: 'http://evil.example/' }), now));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ reason: 'redirect', status: 302 });
  });

  it('names an HTML error page as html, by content type or by its first tag', () => {
    const page = '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>';
    expect(errorOf(decodeAnswer(operations.getTasks, answer(200, page, { contentType: '' }), now)))
      .toMatchObject({ reason: 'html', operation: 'getTasks' });
    expect(errorOf(decodeAnswer(operations.getTasks, answer(200, 'oops', { contentType: 'text/html' }), now)))
      .toMatchObject({ reason: 'html' });
  });

  it('names malformed and empty JSON as malformedJson with a body snippet', () => {
    const error = errorOf(decodeAnswer(operations.getTasks, answer(200, '[{"id": 1,'), now));
    expect(error).toMatchObject({ reason: 'malformedJson', bodySnippet: '[{"id": 1,', status: 200 });
    expect(errorOf(decodeAnswer(operations.createTask, answer(201, ''), now))).toMatchObject({ reason: 'malformedJson' });
  });

  it('names a wrong shape with the path of the offending field', () => {
    const error = errorOf(decodeAnswer(operations.getTasks, answer(200, [task, { ...task, status: 'Sleeping' }]), now));
    expect(error).toMatchObject({ reason: 'shape', operation: 'getTasks' });
    expect((error as Error).message).toContain('1.status');
  });

  it('tolerates a byte-order mark before the JSON', () => {
    expect(decodeAnswer(operations.getTasks, answer(200, '\uFEFF[]'), now)).toEqual({ ok: true, value: [] });
  });
});

describe('decodeAnswer validation', () => {
  const listSchema = operations.getTasks.answer.kind === 'json' ? operations.getTasks.answer.schema : z.never();

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads a valid answer without zod, and yields what zod yields', () => {
    const body = [task, { ...task, id: 8, status: 'running', rowVersion: 'AAE=', Parameters: '{}', gpu: 1 }];
    const expected = listSchema.parse(body);
    const safeParse = vi.spyOn(listSchema, 'safeParse');
    expect(decodeAnswer(operations.getTasks, answer(200, body), now)).toStrictEqual({ ok: true, value: expected });
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('reads a PascalCase answer, as a server configured so sends it', () => {
    const pascal = { Id: 7, Name: 'render', Type: 3, Status: 1, CreatedAt: '2024-05-01T10:00:00Z', AssignedNodeIds: null };
    const decoded = decodeAnswer(operations.getTaskById, answer(200, pascal), now);
    expect(decoded).toStrictEqual({ ok: true, value: { ...task, ...nulls } });
  });

  it('asks zod about a bad answer, for the exact issues it always gave', () => {
    const safeParse = vi.spyOn(listSchema, 'safeParse');
    const error = errorOf(decodeAnswer(operations.getTasks, answer(200, [task, { ...task, status: 'Sleeping', id: 1.5 }]), now));
    expect(safeParse).toHaveBeenCalledTimes(1);
    expect((error as Error).message).toBe('getTasks: invalid response (shape): 1.id: Invalid input: expected int, received number; '
      + '1.status: "Sleeping" is not a BatchTaskStatus (Pending=0, Running=1, Completed=2, Failed=3, Cancelled=4)');
  });

  it('reads the 409 conflict body on the fast path too', () => {
    const rule = operations.updateTaskStatus.onStatus?.[409];
    if (rule?.kind !== 'json') throw new Error('updateTaskStatus reads a 409 body');
    const safeParse = vi.spyOn(rule.schema, 'safeParse');
    const decoded = decodeAnswer(operations.updateTaskStatus, answer(409, { Message: 'stale', currentTask: task }), now);
    expect(decoded).toStrictEqual({ ok: true, value: { ...task, ...nulls } });
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('still reads an answer whose schema has no fast check, with zod', () => {
    const schema = z.object({ status: z.string(), timestamp: z.null(), version: z.null(), capabilities: z.array(z.string()) });
    const spec = { name: 'health' as const, answer: { kind: 'json' as const, schema } };
    expect(decodeAnswer(spec, answer(200, { status: 'ok', timestamp: null, version: null, capabilities: [] }), now))
      .toStrictEqual({ ok: true, value: { status: 'ok', timestamp: null, version: null, capabilities: [] } });
    expect(errorOf(decodeAnswer(spec, answer(200, { status: 1 }), now))).toMatchObject({ reason: 'shape' });
  });
});
