import { createActor } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerActorLike } from '../../../machines/breaker/permit.js';
import type { BreakerEvent, BreakerSettings } from '../../../machines/breaker/types.js';
import { circuitBreakerMachine } from '../../../machines/circuitBreaker.machine.js';
import { requestAttempt } from '../../../src/pipeline/requestAttempt.js';
import { createHttpClient } from '../../../src/http/createHttpClient.js';
import type { HttpClient } from '../../../src/http/createHttpClient.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';
import { defaultBreaker } from '../../machines/fixtures.js';

let server: LoopbackServer | undefined;
let http: HttpClient | undefined;

afterEach(async () => {
  http?.pool.destroy();
  await server?.close();
  server = undefined;
  http = undefined;
});

/** A real breaker actor whose received events are recorded. */
function recordingBreaker(settings: BreakerSettings) {
  const actor = createActor(circuitBreakerMachine, { input: settings }).start();
  const sent: BreakerEvent['type'][] = [];
  const breaker: BreakerActorLike = {
    getSnapshot: () => actor.getSnapshot(),
    send: (event) => {
      sent.push(event.type);
      actor.send(event);
    },
  };
  return { actor, breaker, sent };
}

async function attempt(breaker: BreakerActorLike, status: number) {
  server ??= await startLoopbackServer((request, response) => {
    response.statusCode = request.url === '/api/tasks' ? status : 404;
    response.setHeader('Content-Type', 'application/json');
    response.end('[]');
  });
  http ??= createHttpClient({ baseUrl: server.url });
  const context = { http, breaker, isActive: () => true, now: () => 0 };
  return requestAttempt(context, { operation: 'getTasks', args: [], idempotencyKey: undefined }, {
    signal: new AbortController().signal, timeoutMs: 30_000,
  });
}

describe('requestAttempt', () => {
  it('sends no event for a success the closed breaker would ignore (the default settings)', async () => {
    const b = recordingBreaker(defaultBreaker);
    const before = b.actor.getSnapshot().context;
    await expect(attempt(b.breaker, 200)).resolves.toMatchObject({ ok: true, value: [] });
    expect(b.sent).toEqual([]);
    expect(b.actor.getSnapshot().context).toEqual(before);
  });

  it('reports a success where the breaker counts successes (minimum throughput above the threshold)', async () => {
    const b = recordingBreaker({ ...defaultBreaker, failureThreshold: 2, minimumThroughput: 4 });
    await attempt(b.breaker, 200);
    expect(b.sent).toEqual(['CALL.SUCCEEDED']);
  });

  it('always reports a failure', async () => {
    const b = recordingBreaker(defaultBreaker);
    await expect(attempt(b.breaker, 503)).resolves.toMatchObject({ ok: false, failure: { kind: 'server', status: 503 } });
    expect(b.sent).toEqual(['CALL.FAILED']);
  });
});
