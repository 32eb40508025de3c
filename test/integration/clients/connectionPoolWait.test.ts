import type { IncomingMessage, ServerResponse } from 'node:http';
import axios from 'axios';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ClientDisposedError, InvalidResponseError, isPoolTimeoutError, NetworkError, OperationTimeoutError, PoolTimeoutError,
  RequestAbortedError,
} from '../../../src/errors/index.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClient, HttpClientOptions } from '../../../src/http/createHttpClient.js';
import { performAttempt } from '../../../src/http/performAttempt.js';
import type { AttemptOutcome } from '../../../src/http/performAttempt.js';
import { activeResourceCounts } from '../../helpers/activeResources.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

let server: LoopbackServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  vi.useRealTimers();
  client?.pool.destroy();
  await server?.close();
  server = undefined;
  client = undefined;
});

type TasksAnswer = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A server that starts the answer to api/nodes (status, headers and the body's first byte) and holds the rest until
 * released, so a call to it holds its pooled socket mid-response. api/tasks answers as `tasks` says (default `[]`).
 */
async function startHoldingServer(tasks: TasksAnswer = (_request, response) => response.end('[]')) {
  const held: ServerResponse[] = [];
  const wakers: (() => void)[] = [];
  let arrived = 0;
  server = await startLoopbackServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    if (request.url !== '/api/nodes') {
      tasks(request, response);
      return;
    }
    response.writeHead(200);
    response.write('[');
    held.push(response);
    arrived += 1;
    for (const wake of wakers.splice(0)) wake();
  });
  return {
    url: server.url,
    /** Calls to api/nodes that reached the server so far. */
    get arrived() {
      return arrived;
    },
    /** Resolves once `total` calls to api/nodes have reached the server since it started. */
    arrivals: async (total: number) => {
      while (arrived < total) await new Promise<void>((resolve) => wakers.push(resolve));
    },
    /** Finishes every answer held so far (those whose client has gone too, harmlessly). */
    release: () => {
      for (const response of held.splice(0)) response.end(']');
    },
  };
}

type HoldingServer = Awaited<ReturnType<typeof startHoldingServer>>;

function startClient(url: string, options: Omit<HttpClientOptions, 'baseUrl'>): HttpClient {
  client = createHttpClient({ baseUrl: url, ...options });
  return client;
}

/** A call to api/nodes, which the holding server keeps mid-response; no attempt timer. */
const hold = (http: HttpClient, signal?: AbortSignal) =>
  performAttempt(http, 'getAvailableNodes', [], { timeoutMs: Infinity, ...(signal === undefined ? {} : { signal }) });
const getTasks = (http: HttpClient, signal?: AbortSignal) =>
  performAttempt(http, 'getTasks', [], { timeoutMs: Infinity, ...(signal === undefined ? {} : { signal }) });

function errorOf(outcome: AttemptOutcome<unknown>): unknown {
  return outcome.ok ? undefined : outcome.error;
}

/** Once every slot is back, `poolSize` calls at once all reach the server: no slot was lost on the way. */
async function expectAllSlotsServe(http: HttpClient, stall: HoldingServer): Promise<void> {
  await vi.waitFor(() => expect(http.pool.slotsInUse).toBe(0));
  const { poolSize } = http.pool;
  const before = stall.arrived;
  const calls = Array.from({ length: poolSize }, () => hold(http));
  await stall.arrivals(before + poolSize);
  expect(http.pool.waitingCount).toBe(0);
  stall.release();
  for (const outcome of await Promise.all(calls)) expect(outcome).toMatchObject({ ok: true, value: [] });
}

describe('ConnectionPool wait: abort while queued', () => {
  it('removes the waiter the moment its caller aborts, and fails it exactly as an abort in flight fails', async () => {
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000 });
    const flying = new AbortController();
    const inFlight = hold(http, flying.signal);
    await stall.arrivals(1);
    const queuedCaller = new AbortController();
    const queued = hold(http, queuedCaller.signal);
    expect(http.pool.waitingCount).toBe(1);

    queuedCaller.abort();
    expect(http.pool.waitingCount).toBe(0);
    flying.abort();
    const [queuedOutcome, inFlightOutcome] = await Promise.all([queued, inFlight]);
    expect(errorOf(queuedOutcome)).toBeInstanceOf(RequestAbortedError);
    expect(queuedOutcome).toMatchObject({ ok: false, failure: { kind: 'aborted', transient: false } });
    expect(queuedOutcome).toEqual({ ...inFlightOutcome, at: queuedOutcome.at });
    // The aborted waiter was never sent.
    expect(server?.requestCount).toBe(1);
  });

  it("gives a waiter aborted by its client's dispose or deadline the same error as one in flight", async () => {
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000 });
    const first = hold(http);
    await stall.arrivals(1);
    const reasons = [new ClientDisposedError(), new OperationTimeoutError('getTasks', 250)];
    for (const reason of reasons) {
      const caller = new AbortController();
      const queued = getTasks(http, caller.signal);
      caller.abort(reason);
      const outcome = await queued;
      expect(errorOf(outcome)).toBeInstanceOf(reason.constructor);
      expect(errorOf(outcome)).toMatchObject({ operation: 'getTasks' });
    }
    stall.release();
    await expect(first).resolves.toMatchObject({ ok: true });
  });

  it('leaks no slot: after many aborted waiters the pool still serves ConnectionPoolSize calls at once', async () => {
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000 });
    const held = [hold(http), hold(http)];
    await stall.arrivals(2);
    const callers = Array.from({ length: 10 }, () => new AbortController());
    const queued = callers.map((caller) => getTasks(http, caller.signal));
    expect(http.pool.waitingCount).toBe(10);
    for (const caller of callers) caller.abort();
    expect(http.pool.waitingCount).toBe(0);
    for (const outcome of await Promise.all(queued)) expect(outcome).toMatchObject({ failure: { kind: 'aborted' } });
    stall.release();
    await Promise.all(held);
    expect(server?.requestCount).toBe(2);
    await expectAllSlotsServe(http, stall);
  });
});

describe("ConnectionPool wait: through the client's axios instance", () => {
  it('fails a queued request as the agent did: an AxiosError caused by PoolTimeoutError, or CanceledError on abort', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 1000 });
    const first = hold(http);
    await stall.arrivals(1);
    const caller = new AbortController();
    const instance = await http.axios();
    const aborted = instance.get('api/tasks', { signal: caller.signal }).catch((error: unknown) => error);
    const timedOut = instance.get('api/tasks').catch((error: unknown) => error);
    caller.abort();
    await vi.advanceTimersByTimeAsync(1000);

    const cancel = await aborted;
    expect(axios.isCancel(cancel)).toBe(true);
    expect(cancel).toMatchObject({ code: 'ERR_CANCELED' });
    const timeout = await timedOut;
    expect(axios.isAxiosError(timeout)).toBe(true);
    expect(timeout).toMatchObject({ code: 'ERR_POOL_TIMEOUT', cause: expect.any(PoolTimeoutError) as PoolTimeoutError });
    expect(isPoolTimeoutError(timeout)).toBe(true);
    stall.release();
    await first;
  });
});

describe('ConnectionPool wait: timeouts while queued', () => {
  it('fails a waiter still queued after ConnectionPoolTimeoutMs with PoolTimeoutError and reports the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const waits: [number, boolean][] = [];
    const stall = await startHoldingServer();
    const http = startClient(stall.url, {
      connectionPoolSize: 1, connectionPoolTimeoutMs: 1000, now: () => clock,
      onPoolWaitEnded: (waitedMs, timedOut) => waits.push([waitedMs, timedOut]),
    });
    const first = hold(http);
    await stall.arrivals(1);
    const queued = getTasks(http);
    clock = 999;
    await vi.advanceTimersByTimeAsync(999);
    expect(http.pool.waitingCount).toBe(1);
    clock = 1000;
    await vi.advanceTimersByTimeAsync(1);

    const outcome = await queued;
    expect(errorOf(outcome)).toBeInstanceOf(PoolTimeoutError);
    expect(outcome).toMatchObject({
      ok: false, error: { operation: 'getTasks', poolSize: 1, waitedMs: 1000 }, failure: { kind: 'poolTimeout', transient: true },
    });
    expect(waits).toEqual([[1000, true]]);
    expect(http.pool.waitingCount).toBe(0);
    expect(server?.requestCount).toBe(1);
    stall.release();
    await expect(first).resolves.toMatchObject({ ok: true });
    await expect(getTasks(http)).resolves.toMatchObject({ ok: true });
    expect(waits).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("fails a waiter whose attempt times out first with the attempt's timeout, reporting no pool wait", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const waits: [number, boolean][] = [];
    const stall = await startHoldingServer();
    const http = startClient(stall.url, {
      connectionPoolSize: 1, connectionPoolTimeoutMs: 5000, onPoolWaitEnded: (waitedMs, timedOut) => waits.push([waitedMs, timedOut]),
    });
    const first = hold(http);
    await stall.arrivals(1);
    const queued = performAttempt(http, 'getTasks', [], { timeoutMs: 500 });
    await vi.advanceTimersByTimeAsync(500);

    const outcome = await queued;
    expect(errorOf(outcome)).toBeInstanceOf(OperationTimeoutError);
    expect(outcome).toMatchObject({ failure: { kind: 'timeout', transient: true } });
    expect(http.pool.waitingCount).toBe(0);
    expect(waits).toEqual([]);
    stall.release();
    await first;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits with no timer at all when ConnectionPoolTimeoutMs is Infinity', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: Infinity });
    const first = hold(http);
    await stall.arrivals(1);
    const queued = getTasks(http);
    expect(http.pool.waitingCount).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    stall.release();
    await expect(Promise.all([first, queued])).resolves.toMatchObject([{ ok: true }, { ok: true }]);
  });
});

describe('ConnectionPool wait: destroy', () => {
  it('rejects every waiter with ClientDisposedError, leaves no timer, and refuses later calls', async () => {
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000 });
    const first = hold(http);
    await stall.arrivals(1);
    const timersBefore = activeResourceCounts().Timeout ?? 0;
    const queued = [getTasks(http), getTasks(http), hold(http)];
    expect(http.pool.waitingCount).toBe(3);
    expect(activeResourceCounts().Timeout ?? 0).toBe(timersBefore + 3);

    http.pool.destroy();
    expect(http.pool.waitingCount).toBe(0);
    expect(activeResourceCounts().Timeout ?? 0).toBe(timersBefore);
    const outcomes = await Promise.all(queued);
    for (const outcome of outcomes) {
      expect(errorOf(outcome)).toBeInstanceOf(ClientDisposedError);
      expect(outcome).toMatchObject({ failure: { kind: 'aborted', transient: false } });
    }
    expect(outcomes.map((outcome) => (errorOf(outcome) as ClientDisposedError).operation))
      .toEqual(['getTasks', 'getTasks', 'getAvailableNodes']);
    // The call in flight loses its socket, as before.
    expect(errorOf(await first)).toBeInstanceOf(NetworkError);
    expect(errorOf(await getTasks(http))).toBeInstanceOf(ClientDisposedError);
    expect(server?.requestCount).toBe(1);
  });
});

describe('ConnectionPool wait: slots come back after failures', () => {
  it('frees the slot of a call whose body is too large, for the waiter behind it and later', async () => {
    const stall = await startHoldingServer((_request, response) => response.end(JSON.stringify('x'.repeat(1000))));
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000, maxResponseBytes: 100 });
    const [tooLarge, behind] = [getTasks(http), hold(http)];
    expect(http.pool.waitingCount).toBe(1);
    expect(errorOf(await tooLarge)).toMatchObject({ reason: 'tooLarge' });
    expect(errorOf(await tooLarge)).toBeInstanceOf(InvalidResponseError);
    await stall.arrivals(1);
    stall.release();
    await expect(behind).resolves.toMatchObject({ ok: true });
    await expectAllSlotsServe(http, stall);
  });

  it('frees the slot of a call whose connection is reset mid-response', async () => {
    const stall = await startHoldingServer((request, response) => {
      response.writeHead(200);
      response.write('[');
      setImmediate(() => request.socket.destroy());
    });
    const http = startClient(stall.url, { connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000 });
    const resets = Array.from({ length: 4 }, () => getTasks(http));
    for (const outcome of await Promise.all(resets)) {
      expect(errorOf(outcome)).toBeInstanceOf(NetworkError);
      expect(outcome).toMatchObject({ failure: { kind: 'network', transient: true } });
    }
    await expectAllSlotsServe(http, stall);
  });

  it('frees the slot of a call aborted while the server answers, and of one whose attempt timed out then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stall = await startHoldingServer();
    const http = startClient(stall.url, { connectionPoolSize: 1, connectionPoolTimeoutMs: 30_000 });
    const caller = new AbortController();
    const aborted = hold(http, caller.signal);
    const queued = performAttempt(http, 'getAvailableNodes', [], { timeoutMs: 500 });
    await stall.arrivals(1);
    caller.abort();
    expect(await aborted).toMatchObject({ failure: { kind: 'aborted' } });
    // The waiter gets the aborted call's slot once that call's socket has closed, and reaches the server; its
    // attempt limit runs from its own start, and now ends it mid-response.
    await stall.arrivals(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(errorOf(await queued)).toBeInstanceOf(OperationTimeoutError);
    vi.useRealTimers();
    await expectAllSlotsServe(http, stall);
  });
});

describe('ConnectionPool wait: the hot path', () => {
  it('sends a call that finds a free slot without setting a timer', async () => {
    server = await startLoopbackServer((_request, response) => response.end('[]'));
    const http = startClient(server.url, { connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000 });
    await getTasks(http);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    try {
      for (let i = 0; i < 5; i += 1) await expect(getTasks(http)).resolves.toMatchObject({ ok: true });
      expect(setTimeoutSpy).not.toHaveBeenCalled();
    } finally {
      setTimeoutSpy.mockRestore();
    }
    expect(http.pool.slotsInUse).toBe(0);
    expect(server.connectionCount).toBe(1);
  });

  it('never lets the agent queue a request, even when slots pass on after failures and Connection: close', async () => {
    let answer = 0;
    const stall = await startHoldingServer((request, response) => {
      answer += 1;
      if (answer % 3 === 0) response.end(JSON.stringify('x'.repeat(1000)));
      else if (answer % 3 === 1) response.setHeader('Connection', 'close').end('[]');
      else {
        response.writeHead(200).write('[');
        setImmediate(() => request.socket.destroy());
      }
    });
    const http = startClient(stall.url, { connectionPoolSize: 2, connectionPoolTimeoutMs: 30_000, maxResponseBytes: 100 });
    // Node's agent keeps the requests it cannot give a socket yet in `agent.requests`; look at it every turn of
    // the event loop while the calls run.
    let queuedInAgent = 0;
    let watching = true;
    const watch = () => {
      queuedInAgent += Object.values(http.pool.agent.requests).reduce((sum, list) => sum + (list?.length ?? 0), 0);
      if (watching) setImmediate(watch);
    };
    watch();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => getTasks(http)));
    watching = false;
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    expect(queuedInAgent).toBe(0);
    await expectAllSlotsServe(http, stall);
  });
});
