/** .NET's `Microsoft.Extensions.Logging.LogLevel` names, least to most severe, then `None` (log nothing). */
export const dotnetLogLevels = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;

/** A level name as written in `Logging.LogLevel`. */
export type DotnetLogLevel = (typeof dotnetLogLevels)[number];

const byLowerCase = new Map<string, DotnetLogLevel>(dotnetLogLevels.map((level) => [level.toLowerCase(), level]));

/** The canonical level for a name in any casing (`debug`, `DEBUG`), as .NET parses it; undefined when unknown. */
export function parseDotnetLogLevel(name: string): DotnetLogLevel | undefined {
  return byLowerCase.get(name.trim().toLowerCase());
}
