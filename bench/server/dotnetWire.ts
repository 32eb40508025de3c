/**
 * How the real ASP.NET Core server writes values on the wire, so the benchmark's answers cost the client what
 * real answers cost: System.Text.Json with its default encoder, EF Core dates, SQL Server row versions.
 */

/** 100-ns ticks in a millisecond: .NET's DateTime resolution. */
const ticksPerMs = 10_000;

/**
 * A `DateTime` of kind Unspecified (what EF Core reads from a `datetime2` column) as System.Text.Json writes it:
 * no offset, seven fractional digits. `ticks` (0..9,999,999) is the sub-second part in 100-ns units; System.Text.Json
 * drops trailing zeros, so a `ticks` ending in 0 would print fewer than seven digits.
 */
export function dotnetDateTime(epochMs: number, ticks: number): string {
  if (!Number.isInteger(ticks) || ticks < 0 || ticks >= 1000 * ticksPerMs) throw new RangeError(`ticks must be an integer in 0..9999999, got ${ticks}`);
  const seconds = new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19);
  const fraction = String(ticks).padStart(7, '0').replace(/0+$/, '');
  return fraction === '' ? seconds : `${seconds}.${fraction}`;
}

/** A SQL Server `rowversion` (8 bytes, big-endian) as System.Text.Json writes a `byte[]`: base64. */
export function rowVersionBase64(value: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes.toString('base64');
}

/**
 * Characters ASP.NET Core's default `JavaScriptEncoder` writes as `\uXXXX` where `JSON.stringify` writes them as
 * they are (or as `\"`): the HTML-sensitive ones, `+` and the quote. Non-ASCII is escaped too, but the
 * benchmark's answers are ASCII.
 */
const escapedByDotnet: Readonly<Record<string, string>> = {
  '"': '\\u0022', "'": '\\u0027', '+': '\\u002B', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '`': '\\u0060',
};

/**
 * `JSON.stringify(value)` with strings escaped as ASP.NET Core's default serializer escapes them, e.g. a JSON
 * document held in a string property comes out as `"{\u0022frames\u0022:24}"`: the client's parser decodes
 * every one of those escapes, as it would with the real server.
 * @throws {RangeError} for a string with a non-ASCII or control character, or a number JSON would write with an
 *   exponent: the rewrite below relies on `\\` and `\"` being the only escapes and on `+` only occurring in strings.
 */
export function toDotnetJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, field: unknown) => {
    if (typeof field === 'string' && /[^\x20-\x7e]/.test(field)) throw new RangeError(`non-ASCII or control character in ${JSON.stringify(field)}`);
    if (typeof field === 'number' && !(Math.abs(field) < 1e21)) throw new RangeError(`number ${field} has no plain JSON form`);
    return field;
  });
  // Left to right, an escaped backslash is consumed whole, so the quote after `\\` (a string's end) is kept.
  return json.replace(/\\\\|\\"|['+<>&`]/g, (match) => {
    if (match === '\\\\') return match;
    return escapedByDotnet[match === '\\"' ? '"' : match] ?? match;
  });
}
