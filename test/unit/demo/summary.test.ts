import { describe, expect, it } from 'vitest';
import { buildSummary, formatSummary, isCleanRun } from '../../../src/demo/summary.js';
import type { DemoSummary, SummaryInput } from '../../../src/demo/summary.js';

const input: SummaryInput = {
  audit: { completed: 19, failed: 1, lost: 0, duplicated: 0, lostTasks: [], duplicatedTasks: [] },
  recoveries: [
    { kind: 'serverErrors', label: '5xx burst', fault: { kind: 'serverErrors', errorRate: 0.72, statuses: [500, 503], lostAnswerRate: 0.15 }, endedAtMs: 3_000, recoveryMs: 250 },
    { kind: 'serverDown', label: 'server killed', fault: { kind: 'serverDown' }, endedAtMs: 6_000, recoveryMs: null },
    { kind: 'rateLimited', label: '429 with Retry-After', fault: { kind: 'rateLimited', rate: 0.62, retryAfterSeconds: 2 }, endedAtMs: 9_000, recoveryMs: null },
  ],
  nodes: [
    { retries: 3, breakerOpenings: 1, failovers: 0 },
    { retries: 4, breakerOpenings: 2, failovers: 1 },
  ],
  tasks: 20,
  seed: 42,
  durationMs: 15_000,
  serverIdempotency: true,
  elapsedMs: 17_500,
  finishedInTime: true,
  proxy: { forwarded: 100, injected: { 503: 4, 429: 2 }, lostAnswers: 1, unreachable: 5, delayed: 3 },
};

describe('buildSummary', () => {
  it('adds the nodes up and keys the recovery times by fault kind', () => {
    const summary = buildSummary(input);
    expect(summary).toMatchObject({
      completed: 19, failed: 1, lost: 0, duplicated: 0, retries: 7, breakerOpenings: 3, failovers: 1,
      recoveryMs: { serverErrors: 250, serverDown: null, rateLimited: null }, tasks: 20, nodes: 2, seed: 42,
    });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('calls a run clean only without lost and duplicated tasks', () => {
    expect(isCleanRun(buildSummary(input))).toBe(true);
    expect(isCleanRun(buildSummary({ ...input, audit: { ...input.audit, lost: 1 } }))).toBe(false);
    expect(isCleanRun(buildSummary({ ...input, audit: { ...input.audit, duplicated: 1 } }))).toBe(false);
  });
});

describe('formatSummary', () => {
  it('prints the counts, each fault with its recovery time or why there is none, the proxy and the result', () => {
    const text = formatSummary(buildSummary(input)).join('\n');
    expect(text).toContain('tasks completed   19 (+1 failed by their handler) of 20');
    expect(text).toMatch(/lost {14}0/);
    expect(text).toMatch(/retries {11}7/);
    expect(text).toContain("after each fault, the time until every node's link was healthy again:");
    expect(text).toContain('    5xx burst (72% of requests answered 500/503, 15% of those after the server applied them): 250 ms after it ended\n');
    expect(text).toContain('    server killed (SIGKILL, then a restart on the same database and port): not healthy again before the next fault began\n');
    expect(text).toContain('    429 with Retry-After (62% of requests answered 429 with Retry-After 2 s): not healthy again before the run ended\n');
    expect(text).toContain('proxy: 100 forwarded, injected 2x429 4x503, 1 answer lost after the server applied them, 5 requests dropped while the server was down, 3 answers delayed');
    expect(text).toContain('Result: no task lost, none duplicated.');
  });

  it('gives a recovery of 0 ms as the nodes having stayed healthy, never as a figure next to the fault (read as "Retry-After 0 ms")', () => {
    const [burst, , limited] = input.recoveries;
    if (burst === undefined || limited === undefined) throw new Error('the input has three faults');
    const text = formatSummary(buildSummary({ ...input, recoveries: [burst, { ...limited, recoveryMs: 0 }] })).join('\n');
    expect(text).toContain('    429 with Retry-After (62% of requests answered 429 with Retry-After 2 s): every node was healthy when it ended');
    expect(text).not.toMatch(/Retry-After\s+0 ms/);
    expect((JSON.parse(JSON.stringify(buildSummary(input))) as DemoSummary).faults[2]).toMatchObject({ fault: { kind: 'rateLimited', retryAfterSeconds: 2 } });
  });

  it('says when the server ignored Idempotency-Key (--no-idempotency), and keeps the mode in the JSON', () => {
    const summary = buildSummary({ ...input, serverIdempotency: false });
    expect(formatSummary(summary)[0]).toBe('Summary (seed 42, 2 nodes, 20 tasks, 17.5 s, server ignoring Idempotency-Key as the .NET one)');
    expect(formatSummary(buildSummary(input))[0]).toBe('Summary (seed 42, 2 nodes, 20 tasks, 17.5 s)');
    expect(JSON.parse(JSON.stringify(summary))).toMatchObject({ serverIdempotency: false });
  });

  it('names the lost and duplicated tasks and fails the result', () => {
    const summary = buildSummary({
      ...input,
      finishedInTime: false,
      audit: {
        ...input.audit, lost: 1, duplicated: 1,
        lostTasks: [{ taskId: 4, name: 't4', problem: 'still in status 1 at the end' }],
        duplicatedTasks: [{ taskId: 5, name: 't5', problem: 'created 2 times (ids 5, 21)' }],
      },
    });
    const text = formatSummary(summary).join('\n');
    expect(text).toContain('LOST t4: still in status 1 at the end');
    expect(text).toContain('DUPLICATED t5: created 2 times (ids 5, 21)');
    expect(text).toContain('not every task was terminal on the server before the hard cap');
    expect(text).toContain('Result: FAILED');
  });
});
