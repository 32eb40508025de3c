import { describe, expect, it } from 'vitest';
import { isEndpointFailure, mayTryNextEndpoint, provesNothingSent } from '../../../src/endpoints/failoverRule.js';
import { StickyTasks } from '../../../src/endpoints/StickyTasks.js';
import { pinKey } from '../../../src/endpoints/pinKey.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ClientDisposedError } from '../../../src/errors/ClientDisposedError.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { InvalidResponseError } from '../../../src/errors/InvalidResponseError.js';
import { NetworkError } from '../../../src/errors/NetworkError.js';
import { OperationTimeoutError } from '../../../src/errors/OperationTimeoutError.js';
import { OutcomeUnknownError } from '../../../src/errors/OutcomeUnknownError.js';
import { PoolTimeoutError } from '../../../src/errors/PoolTimeoutError.js';
import { RetryBudgetExceededError } from '../../../src/errors/RetryBudgetExceededError.js';

const unsent = new NetworkError('createTask', 'ECONNREFUSED', 'refused', true, { neverSent: true });
const sent = new NetworkError('createTask', 'ECONNRESET', 'reset', true);
const noKeys = { pinnedKey: false, failedHonoured: false, nextHonoured: false };

describe('isEndpointFailure and provesNothingSent', () => {
  it.each([
    [new BrokenCircuitError(10, 'getTasks'), true, true],
    [new PoolTimeoutError(100, 4, 'getTasks'), true, true],
    [unsent, true, true],
    [sent, true, false],
    [new NetworkError('getTasks', 'ECERT', 'bad certificate', false), false, false],
    [new OperationTimeoutError('getTasks', 100), true, false],
    [new OperationTimeoutError('getTasks', 100, { neverSent: true }), true, true],
    [new HttpStatusError('getTasks', 503, ''), true, false],
    [new HttpStatusError('getTasks', 429, ''), true, false],
    [new HttpStatusError('getTasks', 404, ''), false, false],
    [new RetryBudgetExceededError('createTask', 3, { cause: unsent }), true, true],
    [new RetryBudgetExceededError('createTask', 3, { cause: sent }), true, false],
    [new OutcomeUnknownError('createTask', 'k', { cause: sent }), false, false],
    [new ClientDisposedError('getTasks'), false, false],
    [new InvalidResponseError('getTasks', 'malformedJson', 'bad'), false, false],
    [new Error('foreign'), false, false],
  ])('%s: endpoint failure %s, nothing sent %s', (error, endpointFailure, nothingSent) => {
    expect(isEndpointFailure(error)).toBe(endpointFailure);
    expect(provesNothingSent(error)).toBe(nothingSent);
  });
});

describe('mayTryNextEndpoint', () => {
  it('moves idempotent operations on after any endpoint failure', () => {
    expect(mayTryNextEndpoint('getTasks', sent, noKeys)).toBe(true);
    expect(mayTryNextEndpoint('updateTaskStatus', new HttpStatusError('updateTaskStatus', 502, ''), noKeys)).toBe(true);
    expect(mayTryNextEndpoint('getTasks', new HttpStatusError('getTasks', 409, ''), noKeys)).toBe(false);
  });

  it('moves a non-idempotent write on only with proof or a key the next server honours', () => {
    expect(mayTryNextEndpoint('createTask', unsent, noKeys)).toBe(true);
    expect(mayTryNextEndpoint('createTask', sent, noKeys)).toBe(false);
    expect(mayTryNextEndpoint('createTask', sent, { pinnedKey: true, failedHonoured: true, nextHonoured: true })).toBe(true);
    expect(mayTryNextEndpoint('createTask', sent, { pinnedKey: true, failedHonoured: false, nextHonoured: false })).toBe(false);
    // Never-sent last attempt, but an endpoint that honoured keys may have repeated an earlier attempt that landed.
    expect(mayTryNextEndpoint('resetFileLocks', unsent, { pinnedKey: false, failedHonoured: true, nextHonoured: true })).toBe(false);
    expect(mayTryNextEndpoint('createTask', new OutcomeUnknownError('createTask', 'k', { cause: sent }), { pinnedKey: true, failedHonoured: true, nextHonoured: true })).toBe(false);
  });
});

describe('pinKey', () => {
  it('gives create calls one key and leaves the caller\'s and other operations alone', () => {
    const pinned = pinKey('createTaskFolder', [3, { folderPath: 'D:/x' }] as never);
    expect(pinned.pinned).toBe(true);
    expect((pinned.args[2] as { idempotencyKey: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const own = pinKey('createTask', [{ name: 'x' }, { idempotencyKey: 'mine' }] as never);
    expect(own.args[1]).toEqual({ idempotencyKey: 'mine' });
    expect(pinKey('sendDebugMessage', ['s', 'm'] as never)).toEqual({ args: ['s', 'm'], pinned: false });
  });
});

describe('StickyTasks', () => {
  it('remembers at most its limit, forgetting the oldest claim', () => {
    const sticky = new StickyTasks(2);
    for (const id of [1, 2, 3]) sticky.served('assignTaskToNode', [id, 'n'] as never, `http://s${id}`, true);
    expect(sticky.size).toBe(2);
    expect(sticky.endpointFor('updateTaskStatus', [1, 2] as never)).toBeUndefined();
    expect(sticky.endpointFor('updateTaskStatus', [3, 2] as never)).toBe('http://s3');
    sticky.forgetEndpoint('http://s3');
    expect(sticky.endpointFor('updateTaskStatus', [3, 2] as never)).toBeUndefined();
    expect(sticky.endpointFor('getTasks', [] as never)).toBeUndefined();
  });
});
