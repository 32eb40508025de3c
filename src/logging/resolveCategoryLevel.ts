import type { DotnetLogLevel } from '../config/logLevels.js';
import type { LogLevelMap } from '../config/mergeLogLevels.js';

/**
 * The minimum level for `category`, chosen the way .NET's logger filter chooses: among the `Logging.LogLevel`
 * keys that match, the longest wins; `Default` applies when none matches. A key matches when the category
 * starts with it, ignoring case (so `VCDevTool.Client` covers `VCDevTool.Client.Services.EnhancedApiClient`);
 * a key may hold one `*`, which stands for any run of characters (`VCDevTool.*.ConnectionManager`).
 * Between two matching keys of the same length, the later one wins, as in .NET.
 */
export function resolveCategoryLevel(logLevel: LogLevelMap, category: string): DotnetLogLevel {
  const name = category.toLowerCase();
  let best: { length: number; level: DotnetLogLevel } = { length: -1, level: logLevel.Default };
  for (const [key, level] of Object.entries(logLevel)) {
    if (key.toLowerCase() === 'default') continue;
    if (key.length >= best.length && matches(name, key.toLowerCase())) best = { length: key.length, level };
  }
  return best.level;
}

function matches(category: string, rule: string): boolean {
  const star = rule.indexOf('*');
  if (star === -1) return category.startsWith(rule);
  const prefix = rule.slice(0, star);
  const suffix = rule.slice(star + 1);
  return category.startsWith(prefix) && category.endsWith(suffix);
}
