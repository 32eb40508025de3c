/**
 * The test behind the wire's `isoDateTime`: the text must look like ISO-8601 and `Date.parse` must read it.
 * `Date.parse` costs about four times the rest of a task's validation, so the shapes servers send (.NET's 7
 * fractional digits, JavaScript's 3, `Z`, an offset or none) are recognised by hand first; anything else is
 * left to the pattern and `Date.parse`. Both answers agree on every text (see the unit tests).
 */

// .NET writes up to 7 fractional digits and omits the offset for DateTimeKind.Unspecified.
const isoDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** True when `text` looks like ISO-8601 and names a date-time `Date.parse` can read. */
export function isIsoDateTime(text: string): boolean {
  return isPlainCalendarDateTime(text) || (isoDateTimePattern.test(text) && !Number.isNaN(Date.parse(text)));
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const UPPER_T = 84;
const UPPER_Z = 90;

/**
 * `YYYY-MM-DDTHH:MM:SS`, then 1 to 7 fractional digits or none, then `Z`, `±HH:MM` or nothing, naming a real
 * calendar day and time of day. Every engine's `Date.parse` reads these; V8 reads more (`2024-02-30` becomes
 * March 1st, `24:00`, lower-case `t`), and those go the slow way so the answer stays the engine's.
 */
function isPlainCalendarDateTime(text: string): boolean {
  const length = text.length;
  if (length < 19 || length > 33) return false;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== UPPER_T
    || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return false;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
    || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (day > 28 && day > daysInMonth(century * 100 + yearOfCentury, month)) return false;
  let at = 19;
  if (at < length && text.charCodeAt(at) === DOT) {
    at += 1;
    const start = at;
    while (at < length && isDigit(text.charCodeAt(at))) at += 1;
    if (at === start || at - start > 7) return false;
  }
  if (at === length) return true;
  const sign = text.charCodeAt(at);
  if (sign === UPPER_Z) return at + 1 === length;
  if ((sign !== PLUS && sign !== DASH) || at + 6 !== length || text.charCodeAt(at + 3) !== COLON) return false;
  const offsetHours = twoDigits(text, at + 1);
  const offsetMinutes = twoDigits(text, at + 4);
  return offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The two ASCII digits at `at` as a number, -1 when either is not a digit (or past the end). */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Days in `month` (1..12) of `year` in the proleptic Gregorian calendar `Date` uses. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
