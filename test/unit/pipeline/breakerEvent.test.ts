import { describe, expect, it } from 'vitest';
import { breakerEventOf } from '../../../src/pipeline/breakerEvent.js';
import { HttpStatusError } from '../../../src/errors/HttpStatusError.js';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';

describe('breakerEventOf', () => {
  it('reports a success as CALL.SUCCEEDED at the outcome\'s time', () => {
    expect(breakerEventOf({ ok: true, at: 42 })).toEqual({ type: 'CALL.SUCCEEDED', at: 42 });
  });

  it('reports a failure with its CallFailure', () => {
    const failure = { kind: 'server', transient: true, status: 503, message: 'down' } as const;
    expect(breakerEventOf({ ok: false, at: 7, failure, error: new HttpStatusError('getTasks', 503, 'down') }))
      .toEqual({ type: 'CALL.FAILED', at: 7, failure });
  });

  it('reports a call refused before sending (bad argument) as aborted, so a half-open probe slot is freed, not answered', () => {
    const error = new InvalidArgumentError('getTaskById', 'taskId', 'expected an integer');
    const event = breakerEventOf({ ok: false, at: 1, failure: { kind: 'client', transient: false, message: error.message }, error });
    expect(event).toEqual({ type: 'CALL.FAILED', at: 1, failure: { kind: 'aborted', transient: false, message: error.message } });
  });
});
