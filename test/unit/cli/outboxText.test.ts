import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseEntryId } from '../../../src/cli/outbox.js';
import { ageText, deadLetterLine, entryLine, statsLine } from '../../../src/cli/outboxText.js';
import type { DeadLetter, OutboxEntry } from '../../../src/outbox/types.js';

const entry: OutboxEntry = {
  id: 12, entity: 'task:7', entityOrder: 2, operation: 'updateTaskStatus', args: [7, 'Completed'], idempotencyKey: 'k-1',
  enqueuedAt: 1_000_000, attempts: 3, state: 'inFlight', lastError: 'connect ECONNREFUSED\n 127.0.0.1:5289', bytes: 40,
};

describe('vcconn outbox text', () => {
  it('ages read as an operator reads them: seconds, minutes, hours, days', () => {
    expect([0, 59_400, 119_000, 120_000, 7_199_000, 7_200_000, 172_799_000, 172_800_000].map(ageText))
      .toEqual(['0 s', '59 s', '119 s', '2 min', '120 min', '2 h', '48 h', '2 d']);
    expect(ageText(-5000)).toBe('0 s');
  });

  it('the stats line gives pending, bytes, the oldest age (only when something is pending) and dead letters', () => {
    expect(statsLine('/x/o.db', { pending: 3, bytes: 120, oldestEntryAgeSeconds: 600, deadLetters: 1 })).toBe('outbox /x/o.db: 3 pending (120 bytes), oldest 10 min old, 1 dead letter(s)');
    expect(statsLine('/x/o.db', { pending: 0, bytes: 0, oldestEntryAgeSeconds: 0, deadLetters: 0 })).toBe('outbox /x/o.db: 0 pending (0 bytes), 0 dead letter(s)');
  });

  it('an entry and a dead letter fit on one line each, long answers cut', () => {
    expect(entryLine(entry, 1_000_000 + 90_000)).toBe('  #12  task:7  updateTaskStatus  inFlight  attempts 3  queued 90 s ago  last error: connect ECONNREFUSED 127.0.0.1:5289');
    const dead: DeadLetter = { id: 4, entry, reason: 'rejected', status: 404, answer: `{"message":"${'x'.repeat(300)}"}`, at: 1_000_000 };
    const line = deadLetterLine(dead, 1_000_000 + 3_600_000);
    expect(line.startsWith('  #4  task:7  updateTaskStatus  rejected 404  60 min ago  answer: {"message":"xxx')).toBe(true);
    expect(line.endsWith('...')).toBe(true);
    expect(line).not.toContain('\n');
    expect(deadLetterLine({ ...dead, reason: 'expired', status: null, answer: 'older than Outbox:MaxAgeHours (1 h)' }, 1_000_000)).toBe('  #4  task:7  updateTaskStatus  expired  0 s ago  answer: older than Outbox:MaxAgeHours (1 h)');
  });

  it('an id is a positive integer; anything else is a usage error', () => {
    expect(parseEntryId('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1e3', '12345678901234567']) expect(() => parseEntryId(bad), bad).toThrow(InvalidArgumentError);
  });
});
