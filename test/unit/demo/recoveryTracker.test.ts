import { describe, expect, it } from 'vitest';
import { RecoveryTracker } from '../../../src/demo/recoveryTracker.js';
import type { TimelinePhase } from '../../../src/demo/timeline.js';

const burst: TimelinePhase = { kind: 'serverErrors', label: '5xx burst', startMs: 0, endMs: 1_000, fault: { kind: 'serverErrors', errorRate: 0.7, statuses: [503], lostAnswerRate: 0.1 } };
const down: TimelinePhase = { kind: 'serverDown', label: 'server killed', startMs: 2_000, endMs: 3_000, fault: { kind: 'serverDown' } };
const quiet: TimelinePhase = { kind: 'normal', label: 'normal', startMs: 1_000, endMs: 2_000, fault: null };

function harness(healthy = false) {
  const state = { now: 0, healthy };
  const tracker = new RecoveryTracker(() => state.now, () => state.healthy);
  return { state, tracker };
}

describe('RecoveryTracker', () => {
  it('times from the end of a fault to the first moment every link is healthy', () => {
    const { state, tracker } = harness();
    state.now = 1_000;
    tracker.faultEnded(burst);
    expect(tracker.pending).toBe(true);
    state.now = 1_400;
    tracker.linkChanged();
    state.now = 1_650;
    state.healthy = true;
    tracker.linkChanged();
    state.now = 1_900;
    tracker.linkChanged();
    expect(tracker.pending).toBe(false);
    expect(tracker.results()).toEqual([{ kind: 'serverErrors', label: '5xx burst', fault: burst.fault, endedAtMs: 1_000, recoveryMs: 650 }]);
  });

  it('records 0 ms when every link is healthy as the fault ends', () => {
    const { state, tracker } = harness(true);
    state.now = 3_000;
    tracker.faultEnded(down);
    expect(tracker.results()).toEqual([{ kind: 'serverDown', label: 'server killed', fault: down.fault, endedAtMs: 3_000, recoveryMs: 0 }]);
  });

  it('records null for a fault whose recovery had not come when the next fault began or the run ended', () => {
    const { state, tracker } = harness();
    state.now = 1_000;
    tracker.faultEnded(burst);
    state.now = 2_000;
    tracker.faultStarted();
    state.now = 3_000;
    tracker.faultEnded(down);
    expect(tracker.results()).toEqual([
      { kind: 'serverErrors', label: '5xx burst', fault: burst.fault, endedAtMs: 1_000, recoveryMs: null },
      { kind: 'serverDown', label: 'server killed', fault: down.fault, endedAtMs: 3_000, recoveryMs: null },
    ]);
    state.healthy = true;
    state.now = 3_500;
    tracker.linkChanged();
    expect(tracker.results().at(-1)?.recoveryMs).toBe(500);
  });

  it('ignores the end of a phase without a fault', () => {
    const { tracker } = harness();
    tracker.faultEnded(quiet);
    expect(tracker.pending).toBe(false);
    expect(tracker.results()).toEqual([]);
  });
});
