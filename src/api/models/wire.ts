import type { z } from 'zod';
import { deferred, zod } from '../../util/zodModule.js';
import { NOT_VALID, fastCheckOf, withFastCheck } from './fastCheck.js';
import type { FastCheck } from './fastCheck.js';
import { isIsoDateTime } from './isoDateTime.js';
import { objectCheck, shapeKeysOf } from './wireObjectCheck.js';

/**
 * Building blocks for reading the server's JSON: property names case-insensitively (ASP.NET sends camelCase by
 * default, PascalCase when configured so), extra properties ignored, nulls and missing optionals alike.
 * Each block registers a fast check beside its zod schema (see fastCheck.ts), so a model built from blocks
 * gets one too; a model with a plain zod field inside has none and is read by zod alone. The blocks that are
 * values are built on first use (`deferred`, src/util/zodModule.ts): importing the library loads no zod.
 */

/** Any string. */
export const wireString = deferred(() => withFastCheck(zod().string(), (input) => (typeof input === 'string' ? input : NOT_VALID)));

/** true or false. */
export const wireBoolean = deferred(() => withFastCheck(zod().boolean(), (input) => (typeof input === 'boolean' ? input : NOT_VALID)));

/**
 * A number within `min..max` (both inclusive and finite), an integer in the safe range when `integer` is set,
 * as `zod().number().int().min(min).max(max)`.
 */
export function wireNumber({ min, max, integer = false }: { min: number; max: number; integer?: boolean }) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('wireNumber: bounds must be finite');
  const number = integer ? zod().number().int() : zod().number();
  // Finite bounds also turn away NaN and the infinities, which zod().number() refuses.
  return withFastCheck(number.min(min).max(max), integer
    ? (input) => (typeof input === 'number' && input >= min && input <= max && Number.isSafeInteger(input) ? input : NOT_VALID)
    : (input) => (typeof input === 'number' && input >= min && input <= max ? input : NOT_VALID));
}

/**
 * An object schema whose properties are looked up case-insensitively (an exact match wins over a
 * case-insensitive one). Only the shape's own keys are copied into a fresh object, so `__proto__`,
 * `constructor` or any other unknown key in the input is dropped and can never reach a prototype.
 */
export function wireObject<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  const keyByLowerCase = new Map(keys.map((key) => [key.toLowerCase(), key]));
  const schema = zod().preprocess((input: unknown) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    return shapeKeysOf(input as Record<string, unknown>, keys, keyByLowerCase);
  }, zod().object(shape));
  const checks = keys.map((key) => fastCheckOf(shape[key] as z.core.$ZodType));
  // z.object also reads symbol keys, which the preprocess and the check know nothing of: zod alone reads those.
  const symbolKeyed = Object.getOwnPropertySymbols(shape).length > 0;
  const check = isEveryDefined(checks) && !symbolKeyed ? objectCheck(keys, checks, keyByLowerCase) : undefined;
  if (check !== undefined) withFastCheck(schema, check);
  return schema;
}

function isEveryDefined(checks: readonly (FastCheck | undefined)[]): checks is readonly FastCheck[] {
  return checks.every((check) => check !== undefined);
}

/** A value that may be missing or null on the wire; always `null` when absent, never `undefined`. */
export function nullable<T extends z.ZodType>(schema: T) {
  return withDefault<T, z.output<T> | null>(schema, null);
}

/** A value that may be missing or null on the wire; `fallback` when absent. */
export function withDefault<T extends z.ZodType, D extends z.output<T> | null>(schema: T, fallback: D) {
  const wire = schema.nullish().transform((value) => value ?? fallback);
  const check = fastCheckOf(schema);
  if (check !== undefined) {
    withFastCheck(wire, (input) => {
      if (input === null || input === undefined) return fallback;
      const value = check(input);
      return value === NOT_VALID ? NOT_VALID : (value ?? fallback);
    });
  }
  return wire;
}

/**
 * An ISO-8601 date-time, kept as the server's string (JSON- and snapshot-friendly: convert with `new Date(s)`
 * where a Date is wanted). Must look like ISO-8601 and name a date `Date.parse` reads.
 */
export const isoDateTime = deferred(() => withFastCheck(
  zod().string().refine((text) => isIsoDateTime(text), { message: 'expected an ISO-8601 date-time' }),
  (input) => (typeof input === 'string' && isIsoDateTime(input) ? input : NOT_VALID),
));

/** A 32-bit integer id as the server's `int`. */
export const intId = deferred(() => wireNumber({ min: -2147483648, max: 2147483647, integer: true }));

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** A base64 byte array (`rowVersion`). */
export const base64 = deferred(() => withFastCheck(
  zod().string().regex(base64Pattern, { message: 'expected base64' }),
  (input) => (typeof input === 'string' && base64Pattern.test(input) ? input : NOT_VALID),
));

/** A list the server may send as null (the original client read null as an empty list). */
export function wireList<T extends z.ZodType>(item: T) {
  const schema = zod().array(item).nullable().transform((items) => items ?? []);
  const check = fastCheckOf(item);
  if (check !== undefined) {
    withFastCheck(schema, (input) => {
      if (input === null) return [];
      if (!Array.isArray(input)) return NOT_VALID;
      const items = input as readonly unknown[];
      const output: unknown[] = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i += 1) {
        const value = check(items[i]);
        if (value === NOT_VALID) return NOT_VALID;
        output[i] = value;
      }
      return output;
    });
  }
  return schema;
}
