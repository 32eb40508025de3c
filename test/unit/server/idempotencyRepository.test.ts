import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSqliteDriver } from '../../../src/server/db/loadSqliteDriver.js';
import { openDatabase } from '../../../src/server/db/openDatabase.js';
import type { Database } from '../../../src/server/db/openDatabase.js';
import { IdempotencyRepository } from '../../../src/server/repositories/idempotencyRepository.js';

const TTL = 1000;
const response = { status: 201, contentType: 'application/json; charset=utf-8', payload: '{"id":1}', headers: { location: '/api/tasks/1' } };
const record = { key: 'k', method: 'POST', path: '/api/tasks', bodyHash: 'h', response };

describe('IdempotencyRepository', () => {
  let db: Database;
  let now: number;
  let repository: IdempotencyRepository;

  beforeEach(async () => {
    db = openDatabase(await loadSqliteDriver(), ':memory:');
    now = 10_000;
    repository = new IdempotencyRepository(db, () => now, TTL);
  });
  afterEach(() => db.close());

  it('gives back the stored request and response of a key', () => {
    repository.save(record);
    expect(repository.find('k')).toEqual({ ...record, createdAt: 10_000 });
    expect(repository.find('other')).toBeUndefined();
  });

  it('forgets a key once its time to live has passed, and lets it be used again', () => {
    repository.save(record);
    now += TTL - 1;
    expect(repository.find('k')).toBeDefined();
    now += 1;
    expect(repository.find('k')).toBeUndefined();
    repository.save({ ...record, bodyHash: 'h2' });
    expect(repository.find('k')).toMatchObject({ bodyHash: 'h2', createdAt: 11_000 });
  });

  it('prunes exactly the expired records and says how many', () => {
    repository.save(record);
    now += 500;
    repository.save({ ...record, key: 'young' });
    now += 500;
    expect(repository.prune()).toBe(1);
    expect(repository.find('young')).toBeDefined();
    expect(repository.prune()).toBe(0);
  });
});
