import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { StandardApiClient } from '../../../src/clients/StandardApiClient.js';
import { ClientDisposedError, OperationTimeoutError, RequestAbortedError } from '../../../src/errors/index.js';
import { loadAxios, loadedAxios } from '../../../src/http/axiosModule.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import type { AttemptOutcome } from '../../../src/http/performAttempt.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

// The order of these tests matters: the first two run before anything in this file has loaded axios (each test
// file has its own copy of src/http/axiosModule.ts), and check so first.

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(): Promise<LoopbackServer> {
  server = await startLoopbackServer((_request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.end('[]');
  });
  return server;
}

function errorOf(outcome: AttemptOutcome<unknown>): unknown {
  return outcome.ok ? undefined : outcome.error;
}

describe('axios, loaded with the first request', () => {
  it('is not loaded by making a client, which disposes before any request leaving nothing open', async () => {
    const before = activeResourceCounts();
    const client = new StandardApiClient('http://127.0.0.1:9/');
    const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9/', connectionPoolSize: 2 });
    expect(http.loadedAxios()).toBeUndefined();
    http.pool.destroy();
    const disposed = client.dispose();
    expect(loadedAxios()).toBeUndefined();
    await disposed;
    expect(activeResourceCounts()).toEqual(before);
  });

  it('ends attempts aborted, timed out or disposed while axios loads, provably unsent', async () => {
    const { url } = await startServer();
    const http = createHttpClient({ baseUrl: url, connectionPoolSize: 1 });
    const client = new StandardApiClient(url);
    expect(http.loadedAxios()).toBeUndefined();
    const caller = new AbortController();
    const deadline = new AbortController();
    const aborted = performAttempt(http, 'getTasks', [], { timeoutMs: Infinity, signal: caller.signal });
    const timedOut = performAttempt(http, 'getTasks', [], { timeoutMs: Infinity, signal: deadline.signal });
    const call = client.getTasks();
    caller.abort();
    deadline.abort(new OperationTimeoutError('getTasks', 5));
    const disposed = client.dispose();
    expect(loadedAxios()).toBeUndefined();
    await disposed;

    await expect(call).rejects.toBeInstanceOf(ClientDisposedError);
    await expect(call).rejects.toMatchObject({ operation: 'getTasks', code: 'ERR_CLIENT_DISPOSED' });

    expect(errorOf(await aborted)).toBeInstanceOf(RequestAbortedError);
    expect(await aborted).toMatchObject({ ok: false, failure: { kind: 'aborted', transient: false } });
    expect(errorOf(await timedOut)).toMatchObject({ code: 'ERR_OPERATION_TIMEOUT', neverSent: true });
    expect(await timedOut).toMatchObject({ ok: false, failure: { kind: 'timeout', neverSent: true } });
    expect(server?.requestCount).toBe(0);
    http.pool.destroy();
  });

  it('is the ES module a host imports (one AxiosError class), and makes each client its own instance at once', async () => {
    const { url } = await startServer();
    expect(await loadAxios()).toBe(axios);
    expect(loadedAxios()).toBe(axios);
    const first = createHttpClient({ baseUrl: url, connectionPoolSize: 1 });
    const second = createHttpClient({ baseUrl: url });
    const instance = first.loadedAxios();
    expect(instance).toBeDefined();
    expect(await first.axios()).toBe(instance);
    expect(second.loadedAxios()).not.toBe(instance);
    expect(await performAttempt(first, 'getTasks', [], { timeoutMs: Infinity })).toMatchObject({ ok: true, value: [] });
    // A request through the instance goes through the pool's slots at once, as before axios was lazy.
    const sent = performAttempt(first, 'getTasks', [], { timeoutMs: Infinity });
    expect(first.pool.slotsInUse).toBe(1);
    await sent;
    const failed = await instance?.get('no-such-host', { baseURL: 'http://127.0.0.1:9/', allowAbsoluteUrls: true })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(axios.AxiosError);
    first.pool.destroy();
    second.pool.destroy();
  });
});
