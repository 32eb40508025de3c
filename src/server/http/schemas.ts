import { HttpError } from './HttpError.js';

/** JSON-schema pieces shared by the routes. Bodies allow unknown properties, as ASP.NET ignores them. */

/** A string or null. */
export const nullableString = { type: ['string', 'null'] } as const;
/** A non-empty string of reasonable length (ids, paths, names). */
export const requiredText = { type: 'string', minLength: 1, maxLength: 4096 } as const;
/** An enum value: a number or a member name (decoded, case-insensitively, by the route). */
export const enumValue = { type: ['integer', 'string'] } as const;

/** A path segment holding an int id (checked for range by {@link parseIntId}). */
export const intIdPattern = { type: 'string', pattern: '^[0-9]{1,10}$' } as const;

/** Params with one int id under `name`. */
export function intIdParams(name: string): object {
  return { type: 'object', required: [name], properties: { [name]: intIdPattern } };
}

/** Params with string ids under each of `names`. */
export function stringIdParams(...names: string[]): object {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', minLength: 1, maxLength: 256 }])),
  };
}

/**
 * Reads an int id (an ASP.NET `int`) from a param the schema has checked is digits.
 * @throws {@link HttpError} 400 when it is past the range of an int.
 */
export function parseIntId(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value > 2_147_483_647) throw new HttpError(400, `${name} must be an int; got ${text}`);
  return value;
}
