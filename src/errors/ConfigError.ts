import { VcconnError } from './VcconnError.js';
import { hasCode } from './hasCode.js';

/** One problem found while loading settings: where it came from, which key, which value, what is allowed. */
export interface ConfigIssue {
  /** A file path, `environment variable Connection__MaxRetryAttempts`, or `options` (settings passed in code). */
  readonly source: string;
  /** Dotted path in the appsettings.json casing, e.g. `Connection.MaxRetryAttempts`; empty for a whole-file problem. */
  readonly key: string;
  /** The offending value as it was read (secrets redacted); `undefined` when there is none (malformed JSON). */
  readonly value: unknown;
  /** What would have been accepted, in words: `integer 0..100`, `true or false`, `valid JSON`. */
  readonly allowed: string;
  /** What is wrong when it is not simply a value out of bounds: `malformed JSON: expected ':'`, `duplicate key`. */
  readonly problem?: string;
  /**
   * For an unknown key: where it belongs or what it was likely meant to be (`belongs in ApiSettings:
   * ApiSettings:EnableAutoRecovery`, `did you mean MaxRetryAttempts?`); also in `problem`.
   */
  readonly hint?: string;
  /** 1-based line of a JSON syntax error. */
  readonly line?: number;
  /** 1-based column of a JSON syntax error. */
  readonly column?: number;
}

/**
 * Settings could not be loaded: malformed JSON, a value of the wrong type, out of range, two values that
 * contradict each other, a settings folder given that does not exist, or (strict loading) an unknown key. Every issue found in one load is reported together in {@link ConfigError.issues};
 * the top-level fields repeat the first one.
 *
 * Message, one line per issue:
 * `appsettings.Production.json: Connection.MaxRetryAttempts = -1 is not allowed (integer 0..100)`.
 */
export class ConfigError extends VcconnError {
  readonly code = 'ERR_CONFIG';
  readonly issues: readonly ConfigIssue[];
  readonly source: string;
  readonly key: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly problem: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  /** @param issues at least one issue; the first one fills the top-level fields. */
  constructor(issues: readonly [ConfigIssue, ...ConfigIssue[]]) {
    super(issues.map(describeConfigIssue).join('\n'));
    const [first] = issues;
    this.issues = issues;
    this.source = first.source;
    this.key = first.key;
    this.value = first.value;
    this.allowed = first.allowed;
    this.problem = first.problem;
    this.line = first.line;
    this.column = first.column;
  }
}

/** One issue as a sentence, the form used in {@link ConfigError}'s message. */
export function describeConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}:${issue.column ?? 1}`;
  if (issue.problem !== undefined) {
    const key = issue.key === '' ? '' : `${issue.key}: `;
    return `${where}: ${key}${issue.problem} (allowed: ${issue.allowed})`;
  }
  return `${where}: ${issue.key} = ${renderValue(issue.value)} is not allowed (${issue.allowed})`;
}

function renderValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  // JSON has no Infinity or NaN: stringify would print the null the value is not.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    // A cycle or a BigInt: the type is still worth saying.
    return typeof value === 'bigint' ? `${value}n` : `(${typeof value})`;
  }
}

/** True when `value` is a {@link ConfigError}. */
export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError || hasCode(value, 'ERR_CONFIG');
}
