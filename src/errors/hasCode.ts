/**
 * True when `value` is an Error carrying the given stable `code`. The type guards use it as well as
 * `instanceof`, so an error raised by another copy of this package (a second install in node_modules)
 * is still recognised.
 */
export function hasCode(value: unknown, code: string): boolean {
  return value instanceof Error && (value as Error & { code?: unknown }).code === code;
}
