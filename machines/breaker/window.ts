/**
 * The breaker's counting strategy: a time-bucketed sliding window. Plain immutable data (it lives in the
 * breaker's context and persists with it); every function returns a new window. Buckets are kept oldest first.
 *
 * The window keeps at most `bucketCount` buckets of `spanMs / bucketCount` each: a bucket leaves the window once
 * its start is `spanMs` old, so an outcome is forgotten between `spanMs - bucketMs` and `spanMs` after it happened.
 */

/** Outcomes that fell in one slice of time. */
export interface WindowBucket {
  readonly start: number;
  readonly calls: number;
  readonly failures: number;
}

/** A sliding window of call outcomes. */
export interface OutcomeWindow {
  readonly spanMs: number;
  readonly bucketMs: number;
  readonly buckets: readonly WindowBucket[];
}

/** What the window holds at a moment. */
export interface WindowTotals {
  readonly calls: number;
  readonly failures: number;
}

/** An empty window spanning `spanMs`, split into `bucketCount` buckets. */
export function createWindow(spanMs: number, bucketCount: number): OutcomeWindow {
  return { spanMs, bucketMs: Math.max(1, Math.ceil(spanMs / bucketCount)), buckets: [] };
}

function isLive(window: OutcomeWindow, bucket: WindowBucket, at: number): boolean {
  return bucket.start > at - window.spanMs;
}

/**
 * Records one call at `at`; `failed` says whether it counts as a failure (only transient failures do: a 400 is
 * a call the server answered). Outcomes older than the window are dropped.
 */
export function recordCall(window: OutcomeWindow, at: number, failed: boolean): OutcomeWindow {
  const start = Math.floor(at / window.bucketMs) * window.bucketMs;
  const { buckets } = window;
  const newest = buckets[buckets.length - 1];
  // The usual call lands in the newest bucket while the oldest is still live (buckets are kept oldest first):
  // only that bucket changes, so copy the list once instead of filtering, mapping and sorting it.
  if (newest?.start === start && buckets[0] !== undefined && isLive(window, buckets[0], start)) {
    const next = buckets.slice();
    next[next.length - 1] = { start, calls: newest.calls + 1, failures: newest.failures + (failed ? 1 : 0) };
    return { ...window, buckets: next };
  }
  return recordCallSlowly(window, start, failed);
}

function recordCallSlowly(window: OutcomeWindow, start: number, failed: boolean): OutcomeWindow {
  const newest = window.buckets.reduce((latest, b) => Math.max(latest, b.start), start);
  const live = window.buckets.filter((b) => isLive(window, b, newest));
  if (!isLive(window, { start, calls: 0, failures: 0 }, newest)) return { ...window, buckets: live };
  const found = live.some((b) => b.start === start);
  const add = (b: WindowBucket): WindowBucket => ({ start: b.start, calls: b.calls + 1, failures: b.failures + (failed ? 1 : 0) });
  const buckets = found
    ? live.map((b) => (b.start === start ? add(b) : b))
    : [...live, add({ start, calls: 0, failures: 0 })].sort((a, b) => a.start - b.start);
  return { ...window, buckets };
}

/** Calls and failures still inside the window at `at`. */
export function windowTotals(window: OutcomeWindow, at: number): WindowTotals {
  let calls = 0;
  let failures = 0;
  for (const bucket of window.buckets) {
    if (isLive(window, bucket, at)) {
      calls += bucket.calls;
      failures += bucket.failures;
    }
  }
  return { calls, failures };
}

/**
 * A fresh `window` holding `buckets` saved from another window (perhaps of another span or granularity, when the
 * settings changed across a restart): each saved bucket is added, counts and all, to the bucket its start falls
 * in; buckets no longer live at `at` are dropped.
 */
export function restoreBuckets(window: OutcomeWindow, buckets: readonly WindowBucket[], at: number): OutcomeWindow {
  const merged = new Map<number, WindowBucket>();
  for (const saved of buckets) {
    const start = Math.floor(saved.start / window.bucketMs) * window.bucketMs;
    if (!isLive(window, { start, calls: 0, failures: 0 }, at) || start > at) continue;
    const before = merged.get(start);
    merged.set(start, { start, calls: (before?.calls ?? 0) + saved.calls, failures: (before?.failures ?? 0) + saved.failures });
  }
  return { ...window, buckets: [...merged.values()].sort((a, b) => a.start - b.start) };
}
