import { describe, expect, it } from 'vitest';
import { buildTimeline, describeTimeline, MIN_TIMELINE_MS, phaseAt } from '../../../src/demo/timeline.js';

const ORDER = ['normal', 'serverErrors', 'normal', 'serverDown', 'normal', 'slowResponses', 'normal', 'rateLimited', 'recovery'];

describe('buildTimeline', () => {
  it('plays the same timeline for the same seed and duration', () => {
    expect(buildTimeline(7, 60_000)).toEqual(buildTimeline(7, 60_000));
  });

  it('plays a different timeline for another seed', () => {
    expect(buildTimeline(8, 60_000).phases).not.toEqual(buildTimeline(7, 60_000).phases);
  });

  it.each([10_000, 15_000, 60_000, 600_000])('covers %i ms with contiguous phases in the story order', (durationMs) => {
    for (const seed of [0, 1, 42, -5, 123_456]) {
      const { phases } = buildTimeline(seed, durationMs);
      expect(phases.map((p) => p.kind)).toEqual(ORDER);
      expect(phases[0]?.startMs).toBe(0);
      expect(phases.at(-1)?.endMs).toBe(durationMs);
      phases.forEach((phase, i) => {
        expect(phase.endMs).toBeGreaterThan(phase.startMs);
        if (i > 0) expect(phase.startMs).toBe(phases[i - 1]?.endMs);
      });
    }
  });

  it('scales the phases with the duration and leaves about a quarter or more for recovery', () => {
    const short = buildTimeline(42, 15_000);
    const long = buildTimeline(42, 60_000);
    short.phases.forEach((phase, i) => {
      const length = phase.endMs - phase.startMs;
      const longLength = (long.phases[i]?.endMs ?? 0) - (long.phases[i]?.startMs ?? 0);
      expect(Math.abs(longLength - 4 * length)).toBeLessThanOrEqual(4);
    });
    for (const seed of [1, 2, 3, 4, 5]) {
      const recovery = buildTimeline(seed, 60_000).phases.at(-1);
      expect((recovery?.endMs ?? 0) - (recovery?.startMs ?? 0)).toBeGreaterThan(0.22 * 60_000);
    }
  });

  it('draws fault parameters within their ranges, the fault only on fault phases', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      for (const phase of buildTimeline(seed, 60_000).phases) {
        const fault = phase.fault;
        if (phase.kind === 'normal' || phase.kind === 'recovery') {
          expect(fault).toBeNull();
          continue;
        }
        expect(fault?.kind).toBe(phase.kind);
        if (fault?.kind === 'serverErrors') {
          expect(fault.errorRate).toBeGreaterThanOrEqual(0.6);
          expect(fault.errorRate).toBeLessThanOrEqual(0.85);
          expect(fault.lostAnswerRate).toBeGreaterThanOrEqual(0.1);
          expect(fault.lostAnswerRate).toBeLessThanOrEqual(0.25);
          expect(fault.statuses.length).toBeGreaterThan(0);
          for (const status of fault.statuses) expect([500, 502, 503, 504]).toContain(status);
        } else if (fault?.kind === 'slowResponses') {
          expect(fault.minDelayMs).toBeGreaterThanOrEqual(1_200);
          expect(fault.maxDelayMs).toBeGreaterThan(fault.minDelayMs);
          expect(fault.maxDelayMs).toBeLessThanOrEqual(2_500);
        } else if (fault?.kind === 'rateLimited') {
          expect([1, 2]).toContain(fault.retryAfterSeconds);
          expect(fault.rate).toBeGreaterThanOrEqual(0.5);
          expect(fault.rate).toBeLessThanOrEqual(0.8);
        }
      }
    }
  });

  it('refuses a duration too short for the faults, or a seed that is not an integer', () => {
    expect(() => buildTimeline(1, MIN_TIMELINE_MS - 1)).toThrow(RangeError);
    expect(() => buildTimeline(1, Number.NaN)).toThrow(/at least 10000 ms/);
    expect(() => buildTimeline(1.5, 60_000)).toThrow(/seed must be an integer/);
  });
});

describe('phaseAt and describeTimeline', () => {
  const timeline = buildTimeline(42, 60_000);

  it('finds the phase running at an offset, and the last one after the end', () => {
    for (const phase of timeline.phases) {
      expect(phaseAt(timeline, phase.startMs)).toBe(phase);
      expect(phaseAt(timeline, phase.endMs - 1)).toBe(phase);
    }
    expect(phaseAt(timeline, 10_000_000)).toBe(timeline.phases.at(-1));
  });

  it('describes each phase on a line with its offsets and its fault', () => {
    const lines = describeTimeline(timeline);
    expect(lines).toHaveLength(timeline.phases.length);
    expect(lines[1]).toMatch(/^\s*\d+\.\ds-\s*\d+\.\ds {2}5xx burst \(\d+% of requests answered [\d/]+, \d+% of those after the server applied them\)$/);
    expect(lines[3]).toContain('server killed (SIGKILL, then a restart on the same database and port)');
    expect(lines[7]).toMatch(/429 with Retry-After \(\d+% of requests answered 429 with Retry-After [12] s\)/);
    expect(lines[8]).toMatch(/recovery$/);
  });
});
