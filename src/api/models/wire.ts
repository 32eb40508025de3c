import { z } from 'zod';
import { isIsoDateTime } from './isoDateTime.js';

/**
 * Building blocks for reading the server's JSON: property names case-insensitively (ASP.NET sends camelCase by
 * default, PascalCase when configured so), extra properties ignored, nulls and missing optionals alike.
 */

/**
 * An object schema whose properties are looked up case-insensitively (an exact match wins over a
 * case-insensitive one). Only the shape's own keys are copied into a fresh object, so `__proto__`,
 * `constructor` or any other unknown key in the input is dropped and can never reach a prototype.
 */
export function wireObject<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  const keyByLowerCase = new Map(keys.map((key) => [key.toLowerCase(), key]));
  return z.preprocess((input: unknown) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const source = input as Record<string, unknown>;
    // The usual answer spells every key exactly: an exact match wins, and z.object copies only the shape's keys
    // into a fresh object, so the input can go through as it is without building a copy first.
    if (keys.every((key) => Object.hasOwn(source, key))) return source;
    const picked: Record<string, unknown> = {};
    for (const [wireKey, value] of Object.entries(source)) {
      const key = keyByLowerCase.get(wireKey.toLowerCase());
      if (key === undefined) continue;
      if (wireKey !== key && Object.hasOwn(source, key)) continue;
      picked[key] = value;
    }
    return picked;
  }, z.object(shape));
}

/** A value that may be missing or null on the wire; always `null` when absent, never `undefined`. */
export function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? null);
}

/**
 * An ISO-8601 date-time, kept as the server's string (JSON- and snapshot-friendly: convert with `new Date(s)`
 * where a Date is wanted). Must look like ISO-8601 and name a date `Date.parse` reads.
 */
export const isoDateTime = z
  .string()
  .refine((text) => isIsoDateTime(text), {
    message: 'expected an ISO-8601 date-time',
  });

/** A 32-bit integer id as the server's `int`. */
export const intId = z.number().int().min(-2147483648).max(2147483647);

/** A base64 byte array (`rowVersion`). */
export const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'expected base64' });

/** A list the server may send as null (the original client read null as an empty list). */
export function wireList<T extends z.ZodType>(item: T) {
  return z.array(item).nullable().transform((items) => items ?? []);
}
