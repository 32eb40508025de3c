import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/buildApp.js';
import { loadSqliteDriver } from '../../../src/server/db/loadSqliteDriver.js';
import { openDatabase } from '../../../src/server/db/openDatabase.js';
import type { Database } from '../../../src/server/db/openDatabase.js';
import { writeRoute } from '../../../src/server/http/handlers.js';
import { HttpError } from '../../../src/server/http/HttpError.js';
import { silentLogger } from '../../../src/server/logger.js';
import { createStore } from '../../../src/server/repositories/store.js';
import type { Store } from '../../../src/server/repositories/store.js';

const DAY = 24 * 60 * 60 * 1000;

describe('writeRoute: a write and its idempotency record commit together', () => {
  let db: Database;
  let store: Store;
  let app: FastifyInstance | undefined;

  beforeEach(async () => {
    db = openDatabase(await loadSqliteDriver(), ':memory:');
    store = createStore(db, () => 1_000, DAY);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    db.close();
  });

  it('rolls the write back when storing its key fails, so no write is ever applied without its key', async () => {
    app = buildApp({ store, clock: () => 1_000, logger: silentLogger, version: 't', heartbeatTimeoutMs: 1, errorStyle: 'json', enumOutput: 'numbers', idempotency: true });
    store.idempotency.save = () => {
      throw new Error('simulated crash between the write and its key');
    };
    const answer = await app.inject({ method: 'POST', url: '/api/tasks', payload: { name: 'x' }, headers: { 'idempotency-key': 'k' } });
    expect(answer.statusCode).toBe(500);
    expect(store.tasks.list()).toEqual([]);
    expect(store.idempotency.find('k')).toBeUndefined();
  });

  it('undoes what a route wrote before refusing, and keeps the refusal under the key', async () => {
    app = Fastify();
    app.post('/write-then-refuse', writeRoute({ store, errorStyle: 'json', honoursIdempotencyKey: true }, () => {
      store.tasks.create({ name: 'half', type: 0, parameters: null, assignedNodeId: null, assignedNodeIds: '[]' });
      throw new HttpError(409, 'changed my mind');
    }));
    const first = await app.inject({ method: 'POST', url: '/write-then-refuse', payload: {}, headers: { 'idempotency-key': 'k' } });
    expect(first.statusCode).toBe(409);
    expect(store.tasks.list()).toEqual([]);
    expect(store.idempotency.find('k')?.response).toMatchObject({ status: 409, payload: '{"message":"changed my mind"}' });
  });

  it('does not keep a key whose request failed unexpectedly, so a retry runs again', async () => {
    app = Fastify();
    let calls = 0;
    app.post('/flaky', writeRoute({ store, errorStyle: 'json', honoursIdempotencyKey: true }, () => {
      calls += 1;
      if (calls === 1) throw new Error('database hiccup');
      return { status: 200, body: { calls } };
    }));
    const first = await app.inject({ method: 'POST', url: '/flaky', payload: {}, headers: { 'idempotency-key': 'k' } });
    const second = await app.inject({ method: 'POST', url: '/flaky', payload: {}, headers: { 'idempotency-key': 'k' } });
    expect(first.statusCode).toBe(500);
    expect(second.json()).toEqual({ calls: 2 });
  });
});
