import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';

/**
 * Throws one ConfigError carrying every issue, when there is any.
 * @throws {@link ConfigError}
 */
export function throwIfIssues(issues: readonly ConfigIssue[]): void {
  const [first, ...rest] = issues;
  if (first !== undefined) throw new ConfigError([first, ...rest]);
}
