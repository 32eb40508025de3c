import type { z } from 'zod';
import { resolveDeferred, zod } from '../../util/zodModule.js';

/**
 * Fast checks: a plain function beside a wire schema that reads a valid answer at a fraction of zod's cost and
 * yields exactly zod's output for it. A check never explains a rejection: it answers {@link NOT_VALID} and the
 * caller runs the zod schema, which is the one source of issues and messages. A check may also answer NOT_VALID
 * for a value zod would accept (it then costs a zod parse); it must never accept a value zod rejects, nor yield
 * a different output. The building blocks of `wire.ts` and `enums.ts` register theirs as they build a schema,
 * so a model is declared once, as zod, and its check comes with it.
 */

/** What a fast check answers when it cannot vouch for the value: ask zod. */
export const NOT_VALID: unique symbol = Symbol('not valid');

/**
 * Yields the schema's output for a value it vouches for, else {@link NOT_VALID}. Throws only where the zod schema
 * would (a `.transform` of the caller's that throws).
 */
export type FastCheck = (input: unknown) => unknown;

/** A schema's fast check with its output typed. */
export type FastParser<T extends z.core.$ZodType> = (input: unknown) => z.output<T> | typeof NOT_VALID;

const registered = new WeakMap<z.core.$ZodType, FastCheck>();
// Derived checks (a registered schema behind a `.transform`), and schemas known to have none, built once each.
const derived = new WeakMap<z.core.$ZodType, FastCheck | null>();

/** Registers `check` as `schema`'s fast check and returns the schema, for the building blocks. */
export function withFastCheck<T extends z.core.$ZodType>(schema: T, check: FastCheck): T {
  registered.set(schema, check);
  return schema;
}

/**
 * The fast check of `schema`: the one registered for it, or, for `registered.transform(fn)` (as the operations
 * table writes the 409 conflict rule), the inner check followed by that transform run by zod itself on the
 * inner output; for a `z.lazy` schema, its inner schema's. Undefined when there is none: the schema is then only
 * ever parsed by zod.
 */
export function fastCheckOf(stated: z.core.$ZodType): FastCheck | undefined {
  // A deferred schema (a wire block, a `lazySchema`) and the schema it stands for share one check.
  const schema = resolveDeferred(stated);
  const own = registered.get(schema);
  if (own !== undefined) return own;
  let check = derived.get(schema);
  if (check === undefined) {
    check = transformCheck(schema) ?? lazyCheck(schema);
    derived.set(schema, check);
  }
  return check ?? undefined;
}

/** {@link fastCheckOf} with the output typed as the schema's. */
export function fastParserOf<T extends z.core.$ZodType>(schema: T): FastParser<T> | undefined {
  // The registry holds checks of every schema type; this is the schema they were registered or derived for.
  return fastCheckOf(schema) as FastParser<T> | undefined;
}

/**
 * The models are `z.lazy` (built on first use, so importing the library builds no schema): the check of a lazy
 * schema is its inner schema's, which this builds.
 */
function lazyCheck(schema: z.core.$ZodType): FastCheck | null {
  if (!(schema instanceof zod().ZodLazy)) return null;
  return fastCheckOf(schema._zod.innerType) ?? null;
}

function transformCheck(schema: z.core.$ZodType): FastCheck | null {
  if (!(schema instanceof zod().ZodPipe) || !(schema.out instanceof zod().ZodTransform)) return null;
  const inner = fastCheckOf(schema.in);
  if (inner === undefined) return null;
  const transform = schema.out;
  // The transform alone, as the pipe would run it on the inner output: an issue it adds means not valid.
  return (input) => {
    const value = inner(input);
    if (value === NOT_VALID) return NOT_VALID;
    const result = transform.safeParse(value);
    return result.success ? result.data : NOT_VALID;
  };
}
