import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import { checkPermit } from '../../../machines/breaker/permit.js';
import type { BreakerContext, BreakerSettings, BreakerStateName } from '../../../machines/breaker/types.js';
import { windowTotals } from '../../../machines/breaker/window.js';
import { circuitBreakerMachine } from '../../../machines/circuitBreaker.machine.js';
import type { CallFailure } from '../../../machines/types.js';
import type { MachineModel } from '../harness/model.js';

/** Small numbers so the graph stays small: opens on the 2nd failure among 3 calls, 2 probes, break 1 s .. 4 s. */
const settings: BreakerSettings = {
  enabled: true,
  failureThreshold: 2,
  minimumThroughput: 3,
  failureRatio: null,
  samplingDurationMs: 60_000,
  bucketCount: 10,
  breakDurationMs: 1_000,
  maxBreakDurationMs: 4_000,
  halfOpenProbes: 2,
  retryAfterCapMs: 3_000,
};

const cases: Record<string, CallFailure> = {
  unavailable: { kind: 'server', transient: true, status: 503, message: '503' },
  timeout: { kind: 'timeout', transient: true, message: 'timeout' },
  badRequest: { kind: 'client', transient: false, status: 400, message: '400' },
  aborted: { kind: 'aborted', transient: false, message: 'aborted' },
  tooManyRequests: { kind: 'rateLimited', transient: true, status: 429, retryAfterMs: 2_500, message: '429' },
};

interface BreakerSnapshot { value: BreakerStateName; context: BreakerContext }
const breaker = (snapshot: AnyMachineSnapshot) => snapshot as unknown as BreakerSnapshot;

/** The breaker's model: every failure class, probes before and after the break, isolate/release, reset, restore, resume. */
export const circuitBreakerModel: MachineModel = {
  name: 'circuitBreaker',
  machine: circuitBreakerMachine,
  variants: [
    { name: 'enabled', input: () => settings },
    { name: 'with failure ratio 0.5', input: () => ({ ...settings, failureRatio: 0.5 }) },
    { name: 'disabled', input: () => ({ ...settings, enabled: false }) },
    // Resumed after a restart (input.restored), at 10_000 on the model's clock: a break still running, one over,
    // a half-open and an isolated breaker.
    { name: 'resumed open, break running', shallow: true, input: () => ({ ...settings, restored: { state: 'open', openedAt: 9_500, breakMs: 2_000, buckets: [], at: 10_000 } }) },
    { name: 'resumed open, break over', shallow: true, input: () => ({ ...settings, restored: { state: 'open', openedAt: 5_000, breakMs: 2_000, buckets: [], at: 10_000 } }) },
    { name: 'resumed half-open', shallow: true, input: () => ({ ...settings, restored: { state: 'halfOpen', openedAt: 5_000, breakMs: 1_000, buckets: [], at: 10_000 } }) },
    { name: 'resumed isolated', shallow: true, input: () => ({ ...settings, restored: { state: 'isolated', openedAt: 5_000, breakMs: 1_000, buckets: [], at: 10_000 } }) },
  ],
  events: (snapshot) => {
    const { context } = breaker(snapshot);
    const now = context.lastEventAt + 100;
    const breakOver = (context.openedAt ?? 0) + context.breakMs;
    const events: AnyEventObject[] = [
      { type: 'CALL.SUCCEEDED', at: now },
      ...Object.values(cases).map((failure) => ({ type: 'CALL.FAILED', at: now, failure })),
      { type: 'PROBE.ACQUIRE', at: now },
      { type: 'PROBE.ACQUIRE', at: breakOver },
      { type: 'RESTORED', at: now },
      { type: 'RESTORED', at: breakOver },
      // Two holders (a and b) are enough to reach "still isolated after a release" and "closed after the last".
      { type: 'ISOLATE', at: now, id: 'a', reason: 'maintenance' },
      { type: 'ISOLATE', at: now, id: 'b', reason: 'deploy' },
      { type: 'RELEASE', at: now, id: 'a' },
      { type: 'RELEASE', at: now, id: 'b' },
      { type: 'RESET', at: now },
    ];
    return events;
  },
  serialize: (snapshot) => {
    const { value, context } = breaker(snapshot);
    const totals = windowTotals(context.window, context.lastEventAt);
    const held = context.isolations.map((isolation) => isolation.id).sort();
    return JSON.stringify([value, context.probesInFlight, context.breakMs, Math.min(totals.calls, 3), Math.min(totals.failures, 2), held]);
  },
  project: (snapshot) => snapshot.context as unknown,
  check: (expected, actual) => {
    const e = breaker(expected);
    const a = breaker(actual);
    for (const at of [e.context.lastEventAt, e.context.lastEventAt + 10_000]) {
      const want = checkPermit(e, at);
      const got = checkPermit(a, at);
      if (JSON.stringify(want) !== JSON.stringify(got)) return `permit at ${at}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
    }
    return null;
  },
  promiseActors: [],
};
