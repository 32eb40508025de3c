import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStateFileError, StateFileError } from '../../../src/errors/StateFileError.js';
import { readStateFile, writeStateFile } from '../../../src/state/stateFile.js';
import { StateSaver } from '../../../src/state/StateSaver.js';
import { STATE_FORMAT, STATE_FORMAT_VERSION } from '../../../src/state/types.js';
import type { SavedConnectionState } from '../../../src/state/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vcconn-state-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const state = (savedAt = 1_700_000_000_000): SavedConnectionState => ({
  format: STATE_FORMAT,
  version: STATE_FORMAT_VERSION,
  savedAt,
  connection: {
    client: 'enhanced', link: 'degraded', circuitBreakerOpen: true, lastError: '503', recoveryAttempts: 0, recoveryDelayMs: 5_000, offlineSince: savedAt,
  },
  clients: { enhanced: { breaker: { state: 'open', openedAt: savedAt, breakMs: 30_000, buckets: [{ start: savedAt - 6_000, calls: 5, failures: 5 }] } } },
});

function readError(file: string): StateFileError {
  try {
    readStateFile(file);
  } catch (error) {
    if (error instanceof StateFileError) return error;
    throw new Error(`expected a StateFileError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected readStateFile to throw');
}

describe('state file: read and write', () => {
  it('round-trips a state, and holds no settings', async () => {
    const file = join(dir, 'state.json');
    await writeStateFile(file, state());
    expect(readStateFile(file)).toEqual(state());
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/threshold|samplingDuration|maxBreak|halfOpenProbes|settings/i);
  });

  it('a missing file is nothing to restore', () => {
    expect(readStateFile(join(dir, 'never-written.json'))).toBeNull();
  });

  it.each([
    ['truncated JSON', '{"format":"vcdevtool-connection/state","vers', 'malformed', /is not valid JSON/],
    ['an empty file', '', 'malformed', /is empty/],
    ['another program\'s JSON', '{"ConnectionStrings":{"Default":"x"}}', 'foreign', /not a vcdevtool-connection state file/],
    ['a JSON array', '[1,2,3]', 'foreign', /not a vcdevtool-connection state file/],
    ['a newer format version', JSON.stringify({ ...state(), version: 2 }), 'version', /format version 2; this library reads version 1/],
    ['a field out of range', JSON.stringify({ ...state(), clients: { enhanced: { breaker: { state: 'open', openedAt: 1, breakMs: -5, buckets: [] } } } }), 'foreign', /clients\.enhanced\.breaker\.breakMs/],
    ['settings smuggled in', JSON.stringify({ ...state(), settings: { breakDurationMs: 1 } }), 'foreign', /not allowed/],
  ])('%s gives a typed StateFileError naming the file, never a raw SyntaxError', (_what, text, problem, message) => {
    const file = join(dir, 'state.json');
    writeFileSync(file, text);
    const error = readError(file);
    expect(error).toBeInstanceOf(StateFileError);
    expect(isStateFileError(error)).toBe(true);
    expect(error.code).toBe('ERR_STATE_FILE');
    expect(error.file).toBe(file);
    expect(error.problem).toBe(problem);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(message);
  });

  it('a directory in place of the file is unreadable, named', () => {
    const error = readError(dir);
    expect(error).toMatchObject({ problem: 'unreadable', file: dir });
  });

  it('writes atomically: no temporary file is left, and a failed write leaves the old file whole', async () => {
    const file = join(dir, 'state.json');
    await writeStateFile(file, state(1));
    await writeStateFile(file, state(2));
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(readStateFile(file)?.savedAt).toBe(2);
    if (process.getuid?.() === 0) return; // root writes anywhere: the permission failure below cannot happen
    chmodSync(dir, 0o500);
    try {
      await expect(writeStateFile(file, state(3))).rejects.toMatchObject({ code: 'ERR_STATE_FILE', problem: 'unwritable', file });
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readStateFile(file)?.savedAt).toBe(2);
  });

  it('a write into a directory that does not exist fails with a typed error naming the file', async () => {
    const file = join(dir, 'missing', 'state.json');
    await expect(writeStateFile(file, state())).rejects.toMatchObject({ code: 'ERR_STATE_FILE', problem: 'unwritable', file });
  });
});

describe('StateSaver: coalesced saves', () => {
  it('a burst of requests costs two writes at most, and the file ends with the latest state', async () => {
    const file = join(dir, 'state.json');
    let version = 0;
    let captures = 0;
    const saver = new StateSaver(file, () => {
      captures += 1;
      return state(version);
    }, (error) => {
      throw error;
    });
    for (version = 1; version <= 50; version++) saver.request();
    version = 50;
    await saver.flush();
    expect(captures).toBeLessThanOrEqual(2);
    expect(readStateFile(file)?.savedAt).toBe(50);
    // Asked again after the burst: one more write.
    version = 51;
    saver.request();
    await saver.flush();
    expect(captures).toBeLessThanOrEqual(3);
    expect(readStateFile(file)?.savedAt).toBe(51);
  });

  it('reports a failed write and carries on', async () => {
    const file = join(dir, 'missing', 'state.json');
    const errors: unknown[] = [];
    const saver = new StateSaver(file, () => state(), (error) => errors.push(error));
    saver.request();
    await saver.flush();
    expect(errors).toHaveLength(1);
    expect(isStateFileError(errors[0])).toBe(true);
  });
});
