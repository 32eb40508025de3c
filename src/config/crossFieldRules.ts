import { apiSettingsKeys } from './apiSettingsKeys.js';
import { connectionKeys } from './connectionKeys.js';

/** A key in one of the two value sections, by its TypeScript name. */
export type KeyRef =
  | { readonly section: 'connection'; readonly key: keyof typeof connectionKeys }
  | { readonly section: 'apiSettings'; readonly key: keyof typeof apiSettingsKeys };

/**
 * A rule between two keys. When it fails, the loader reports whichever of the two was set last (the one that
 * broke the rule), so `allowed` is phrased from either side.
 */
export interface CrossFieldRule {
  readonly a: KeyRef;
  readonly b: KeyRef;
  holds(a: number, b: number): boolean;
  /** What `a` may be, given `b`. */
  allowedA(b: number): string;
  /** What `b` may be, given `a`. */
  allowedB(a: number): string;
}

/** `Connection.MaxRetryDelayMs`, the name as written in appsettings.json. */
export function displayName(ref: KeyRef): string {
  return ref.section === 'connection'
    ? `Connection.${connectionKeys[ref.key].name}`
    : `ApiSettings.${apiSettingsKeys[ref.key].name}`;
}

const maxDelay: KeyRef = { section: 'connection', key: 'maxRetryDelayMs' };
const baseDelay: KeyRef = { section: 'connection', key: 'baseRetryDelayMs' };
const maxBreak: KeyRef = { section: 'connection', key: 'circuitBreakerMaxBreakDurationSeconds' };
const breakDuration: KeyRef = { section: 'connection', key: 'circuitBreakerBreakDurationSeconds' };
const healthTimeout: KeyRef = { section: 'connection', key: 'healthCheckTimeoutSeconds' };
const healthInterval: KeyRef = { section: 'apiSettings', key: 'healthCheckIntervalMinutes' };

/** Rules inside the `Connection` section. */
export const connectionRules: readonly CrossFieldRule[] = [
  {
    a: maxDelay, b: baseDelay,
    holds: (max, base) => max >= base,
    allowedA: (base) => `at least ${displayName(baseDelay)} (${base})`,
    allowedB: (max) => `at most ${displayName(maxDelay)} (${max})`,
  },
  {
    a: maxBreak, b: breakDuration,
    holds: (max, duration) => max >= duration,
    allowedA: (duration) => `at least ${displayName(breakDuration)} (${duration})`,
    allowedB: (max) => `at most ${displayName(maxBreak)} (${max})`,
  },
];

/** Rules across sections; together with {@link connectionRules}, every rule. */
export const settingsRules: readonly CrossFieldRule[] = [
  ...connectionRules,
  {
    // A health check that may outlast its interval would overlap the next one.
    a: healthTimeout, b: healthInterval,
    holds: (timeout, minutes) => timeout < minutes * 60,
    allowedA: (minutes) => `less than ${displayName(healthInterval)} (${minutes}) x 60 = ${minutes * 60} seconds`,
    allowedB: (timeout) => `more than ${displayName(healthTimeout)} (${timeout} s) in minutes, ${round(timeout / 60)}`,
  },
];

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
