import { describe, expect, it } from 'vitest';
import { healthBody, tasksBody } from '../../../bench/server/answers.js';
import { answerFor, sizedBaseUrl } from '../../../bench/server/routes.js';

const taskCount = (body: Buffer | undefined) => (JSON.parse(body?.toString('utf8') ?? 'null') as unknown[]).length;

describe('bench server routes', () => {
  it('answers the plain routes as before: three tasks and the health answer', () => {
    expect(answerFor('/api/tasks')).toBe(tasksBody);
    expect(taskCount(tasksBody)).toBe(3);
    expect(answerFor('/api/health')).toBe(healthBody);
  });

  it('answers /size/<n>/api/tasks with n tasks, the same bytes every time', () => {
    expect(taskCount(answerFor('/size/100/api/tasks'))).toBe(100);
    expect(answerFor('/size/100/api/tasks')).toBe(answerFor('/size/100/api/tasks'));
    expect(answerFor('/size/3/api/tasks')).toEqual(tasksBody);
    expect(answerFor('/size/0/api/tasks')?.toString()).toBe('[]');
  });

  it('answers health under a size too, for the manager\'s probes', () => {
    expect(answerFor('/size/1000/api/health')).toBe(healthBody);
  });

  it('knows no other path, and no size beyond its bound', () => {
    for (const path of ['/api/nodes', '/size/abc/api/tasks', '/size/100/tasks', '/size/200000/api/tasks', '/size/100/api/tasks?x=1', '/']) {
      expect(answerFor(path)).toBeUndefined();
    }
  });

  it('builds a base URL the clients resolve `api/tasks` against to the sized route', () => {
    const base = sizedBaseUrl('http://127.0.0.1:4000/', 100);
    expect(base).toBe('http://127.0.0.1:4000/size/100');
    // The clients add a trailing slash to the base URL and resolve relative paths against it.
    expect(new URL('api/tasks', `${base}/`).pathname).toBe('/size/100/api/tasks');
    expect(() => sizedBaseUrl('http://127.0.0.1:4000', -1)).toThrow(RangeError);
  });
});
