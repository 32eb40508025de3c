import type { BreakerSnapshotLike } from './permit.js';
import type { BreakerContext, BreakerInput, BreakerSettings, BreakerState, BreakerStateName } from './types.js';
import { createWindow, restoreBuckets } from './window.js';

/** The settings part of the input (the `restored` field is input only, never context). */
function settingsOf(input: BreakerInput): BreakerSettings {
  const { restored: _restored, ...settings } = input;
  return settings;
}

/** What a saved state resumes as under the current settings: a disabled breaker never resumes open by itself. */
function resumedState(state: BreakerStateName, settings: BreakerSettings): BreakerStateName {
  if (!settings.enabled && (state === 'open' || state === 'halfOpen')) return 'closed';
  return state;
}

/**
 * The breaker's first context: fresh, or resumed from `input.restored` with the input's (current) settings.
 * The saved break is clamped to the current `[breakDurationMs, maxBreakDurationMs]`; an `openedAt` in the future
 * (the wall clock went back) counts as now, so a break never lasts longer than its length from the restore.
 * The machine then moves from closed to `resumeTo` at start, or to half-open when the break is over (its guards).
 */
export function initialBreakerContext(input: BreakerInput): BreakerContext {
  const settings = settingsOf(input);
  const fresh: BreakerContext = {
    settings,
    window: createWindow(settings.samplingDurationMs, settings.bucketCount),
    openedAt: null,
    breakMs: settings.breakDurationMs,
    lastEventAt: 0,
    probesInFlight: 0,
    lastFailure: null,
    isolations: [],
    resumeTo: null,
  };
  const { restored } = input;
  if (restored === undefined) return fresh;
  const at = restored.at;
  const resumeTo = resumedState(restored.state, settings);
  const window = restoreBuckets(fresh.window, restored.buckets, at);
  if (resumeTo === 'closed') return { ...fresh, window, lastEventAt: at };
  const saved = Number.isFinite(restored.breakMs) ? restored.breakMs : settings.breakDurationMs;
  const breakMs = Math.min(Math.max(saved, settings.breakDurationMs), settings.maxBreakDurationMs);
  const openedAt = Math.min(restored.openedAt ?? at, at);
  if (resumeTo !== 'isolated') return { ...fresh, window, openedAt, breakMs, lastEventAt: at, resumeTo };
  // Isolated holds at least one isolation; a state saved without its list gets one that RELEASE 'restored' ends.
  const held = restored.isolations ?? [];
  const isolations = held.length > 0 ? held.map((i) => ({ id: i.id, reason: i.reason, at: i.at })) : [{ id: 'restored', reason: 'restored from a saved state', at: openedAt }];
  return { ...fresh, window, openedAt, breakMs, lastEventAt: at, resumeTo, isolations };
}

/**
 * The state to save from a breaker's snapshot: what it is in, when it opened, the grown break and the window's
 * buckets. No settings, no probes in flight (they do not outlive the process), no timers.
 */
export function breakerStateOf(snapshot: BreakerSnapshotLike): BreakerState {
  const { value, context } = snapshot;
  return {
    state: value,
    openedAt: value === 'closed' ? null : context.openedAt,
    breakMs: context.breakMs,
    buckets: context.window.buckets.map((b) => ({ start: b.start, calls: b.calls, failures: b.failures })),
    isolations: value === 'isolated' ? context.isolations.map((i) => ({ id: i.id, reason: i.reason, at: i.at })) : [],
  };
}
