import type { DotnetLogLevel } from './logLevels.js';

/** A `Logging.LogLevel` map whose `Default` is present and spelled `Default`. */
export type LogLevelMap = Readonly<Record<string, DotnetLogLevel>> & { readonly Default: DotnetLogLevel };

/**
 * Merges `Logging.LogLevel` maps, later ones winning. Category names compare case-insensitively, as in .NET,
 * so `vcdevtool.client` replaces `VCDevTool.Client` (keeping the later spelling); `default` in any casing is `Default`.
 */
export function mergeLogLevels(base: LogLevelMap, ...layers: ReadonlyArray<Readonly<Record<string, DotnetLogLevel>>>): LogLevelMap {
  const byLowerCase = new Map<string, readonly [string, DotnetLogLevel]>();
  for (const layer of [base, ...layers]) {
    for (const [name, level] of Object.entries(layer)) {
      const lower = name.toLowerCase();
      byLowerCase.delete(lower);
      byLowerCase.set(lower, [lower === 'default' ? 'Default' : name, level]);
    }
  }
  const merged: Record<string, DotnetLogLevel> = {};
  for (const [name, level] of byLowerCase.values()) {
    Object.defineProperty(merged, name, { value: level, enumerable: true, writable: true, configurable: true });
  }
  return merged as LogLevelMap;
}
