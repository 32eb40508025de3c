import { describe, expect, it } from 'vitest';
import type { CallFailure } from '../../../machines/types.js';
import { HttpStatusError, OutcomeUnknownError, isOutcomeUnknownError } from '../../../src/errors/index.js';
import { KeySupport } from '../../../src/pipeline/KeySupport.js';
import { errorOfLastAttempt, isRepeatSafe, keySent } from '../../../src/pipeline/outcomeOf.js';

const lost: CallFailure = { kind: 'network', transient: true, message: 'read ECONNRESET' };
const refused: CallFailure = { kind: 'network', transient: true, neverSent: true, message: 'connect ECONNREFUSED' };
const badRequest: CallFailure = { kind: 'client', transient: false, status: 400, message: '400' };

describe('isRepeatSafe (the retry machine\'s rule, for decisions made without it)', () => {
  it('repeats an idempotent call or a natural POST whatever the failure', () => {
    expect(isRepeatSafe('getTasks', lost, false)).toBe(true);
    expect(isRepeatSafe('updateTaskStatus', lost, false)).toBe(true);
    expect(isRepeatSafe('releaseFileLock', lost, false)).toBe(true);
  });

  it.each(['createTask', 'createTaskFolder', 'sendDebugMessage', 'resetFileLocks'] as const)(
    'repeats %s only with a key the server honours, or after a failure that proves it never left', (operation) => {
      expect(isRepeatSafe(operation, lost, false)).toBe(false);
      expect(isRepeatSafe(operation, lost, true)).toBe(true);
      expect(isRepeatSafe(operation, refused, false)).toBe(true);
    },
  );
});

describe('errorOfLastAttempt', () => {
  const error = new HttpStatusError('createTask', 503, '');

  it('wraps a transient failure of a POST that may have landed in OutcomeUnknownError, caused by the error', () => {
    const unknown = errorOfLastAttempt('createTask', lost, error, 'k-1', false);
    expect(unknown).toBeInstanceOf(OutcomeUnknownError);
    expect(isOutcomeUnknownError(unknown)).toBe(true);
    expect(unknown).toMatchObject({ operation: 'createTask', idempotencyKey: 'k-1', cause: error });
  });

  it('keeps the error when the outcome is known: never sent, a key honoured, a refusal, an idempotent call', () => {
    expect(errorOfLastAttempt('createTask', refused, error, 'k-1', false)).toBe(error);
    expect(errorOfLastAttempt('createTask', lost, error, 'k-1', true)).toBe(error);
    expect(errorOfLastAttempt('createTask', badRequest, error, 'k-1', false)).toBe(error);
    expect(errorOfLastAttempt('getTasks', lost, error, undefined, false)).toBe(error);
  });
});

describe('keySent', () => {
  it('is the caller\'s own key when given, else the client\'s', () => {
    expect(keySent('createTask', [{ name: 'x', type: 1 }, { idempotencyKey: 'mine' }], 'client-key')).toBe('mine');
    expect(keySent('createTask', [{ name: 'x', type: 1 }], 'client-key')).toBe('client-key');
    expect(keySent('sendDebugMessage', ['src', 'text', null, '2025-01-01T00:00:00Z'], 'client-key')).toBe('client-key');
  });

  it('is the client\'s key when the arguments were refused before sending', () => {
    expect(keySent('createTask', [{ name: '', type: 1 }, { idempotencyKey: '' }], 'client-key')).toBe('client-key');
  });
});

describe('KeySupport', () => {
  it('auto: ignored until a health answer advertises the key, then as the latest answer says', () => {
    const support = new KeySupport('auto');
    expect(support.honoured).toBe(false);
    support.learn(['idempotency-key']);
    expect(support.honoured).toBe(true);
    support.learn([]);
    expect(support.honoured).toBe(false);
  });

  it('always and never do not listen to the server', () => {
    const always = new KeySupport('always');
    const never = new KeySupport('never');
    always.learn([]);
    never.learn(['idempotency-key']);
    expect([always.honoured, never.honoured]).toEqual([true, false]);
  });
});
