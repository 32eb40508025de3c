/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3) into milliseconds from `now`.
 * Accepts delta-seconds (`120`) and an HTTP-date in any of its three forms (IMF-fixdate, RFC 850, asctime).
 * A date in the past gives 0. Anything else (negative numbers, fractions, free text, a bare year that
 * `Date.parse` would accept) gives `undefined`, so a garbage header never becomes a delay.
 * The result is not capped: capping (`RetryAfterMaxSeconds`) is the retry machine's job.
 *
 * @example parseRetryAfter('5', now) === 5000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) === 60000
 */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
  const value = Array.isArray(header) ? (header as unknown[])[0] : header;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? toMs(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return toMs(Number(text));
  const at = parseHttpDate(text);
  return at === undefined ? undefined : Math.max(0, at - now);
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
const imfFixdate = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const rfc850 = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const asctime = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

function parseHttpDate(text: string): number | undefined {
  let parsed = Number.NaN;
  if (imfFixdate.test(text) || rfc850.test(text)) parsed = Date.parse(text);
  // asctime carries no zone; HTTP dates are always UTC.
  else if (asctime.test(text)) parsed = Date.parse(`${text.replace(/ +/g, ' ')} GMT`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function toMs(seconds: number): number {
  return Math.min(seconds * 1000, Number.MAX_SAFE_INTEGER);
}
