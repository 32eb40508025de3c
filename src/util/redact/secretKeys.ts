/**
 * Key names whose values are secrets: a name matches when it ends with one of these words, in any casing,
 * with or without `-`, `_` or `.` inside (`password`, `dbPassword`, `x-api-key`, `access_token`, `Set-Cookie`).
 * Matching the end rather than anywhere keeps `RetryBudgetTokenRatio` and `maxTokens` readable in logs.
 */
export const SECRET_NAME_ENDINGS =
  '(?:pass(?:word|wd|phrase)|pwd|secret|token|api[_.-]?key|authorization|cookie|credentials?|private[_.-]?key|access[_.-]?key)';

const SECRET_KEY = new RegExp(`${SECRET_NAME_ENDINGS}$`, 'i');

/** True when a value stored under `key` must never be logged. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
