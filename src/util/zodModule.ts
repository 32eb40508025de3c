import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/** zod's `z` namespace, as `import { z } from 'zod'` gives it. */
export type Zod = typeof z;

// Resolved from this file, as an import would be, so the host's copy is found.
const require = createRequire(import.meta.url);
let loaded: Zod | undefined;

/**
 * zod, loaded synchronously the first time a schema is built or a value checked, not when the library is imported:
 * it was most of what was left of the import's cost (issue 20, docs/PERFORMANCE.md section 9). This is the one
 * module that loads zod at run time; every other file imports its types only. Synchronous because settings, the
 * state file and the server's answers are checked synchronously, and hosts get schema objects, not promises.
 *
 * It requires the file an ES `import 'zod'` resolves to: Node >= 20.19 loads that ES module with `require` and it
 * is then the very module a host's `import { z } from 'zod'` gets (one copy, one set of classes). Where `require`
 * of an ES module is not available (Node 20 before 20.19, `--no-experimental-require-module`), it requires zod's
 * CommonJS build instead, a second copy of zod's code: zod 4 keeps that harmless (its `instanceof` reads a
 * schema's traits, not its class; its global config and registry live on `globalThis`), so a host composes our
 * schemas with its own either way.
 */
export function zod(): Zod {
  loaded ??= load();
  return loaded;
}

function load(): Zod {
  const esm = esmPath();
  if (esm !== undefined) {
    try {
      return (require(esm) as { z: Zod }).z;
    } catch (error) {
      if (!isRequireEsmUnsupported(error)) throw error;
    }
  }
  return (require('zod') as { z: Zod }).z;
}

/** The file `import 'zod'` loads from here, when it is a file (`import.meta.resolve` is synchronous in Node 20). */
function esmPath(): string | undefined {
  const url = typeof import.meta.resolve === 'function' ? import.meta.resolve('zod') : undefined;
  return url?.startsWith('file:') ? fileURLToPath(url) : undefined;
}

function isRequireEsmUnsupported(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM';
}

// Every stand-in of {@link deferred} and, once built, the schema it was cloned from (a fast check is registered
// there, src/api/models/fastCheck.ts); a `lazySchema` maps to itself (its inner schema is its own).
const stands = new WeakMap<object, z.core.$ZodType | undefined>();

/**
 * A stand-in for the schema `build` returns, which becomes that schema on first touch: the library's exported
 * schemas (`settingsSchema`, the API models, ...) are these, so importing the library builds no schema and loads
 * no zod. The stand-in is an empty object whose prototype is a proxy; the first property read, `in`, write or
 * prototype walk runs `build`, then turns the stand-in itself into a clone of the built schema, as zod's own
 * `.clone()` makes one (same definition, same class: zod's constructors initialise the object they are called
 * on). From then on it is an ordinary zod schema: `instanceof`, `.parse`, a host's `z.object({ ... })`,
 * `z.toJSONSchema` and registries all see one object, and no proxy is left on the way. Until then `Object.keys`
 * of it is empty.
 */
export function deferred<T extends z.core.$ZodType>(build: () => T): T {
  return standIn(build, true);
}

function standIn<T extends z.core.$ZodType>(build: () => T, rememberBuilt: boolean): T {
  const stand: object = {};
  const become = (): void => {
    if (Object.getPrototypeOf(stand) !== trap) return;
    const built = build();
    Object.setPrototypeOf(stand, Object.getPrototypeOf(built) as object);
    (built._zod.constr as unknown as (this: object, def: unknown) => void).call(stand, built._zod.def);
    stands.set(stand, rememberBuilt ? built : (stand as T));
  };
  const trap: object = new Proxy(Object.create(null) as object, {
    get: (_target, key, receiver): unknown => {
      become();
      return Reflect.get(stand, key, receiver);
    },
    set: (_target, key, value, receiver) => {
      become();
      return Reflect.set(stand, key, value, receiver);
    },
    has: (_target, key) => {
      become();
      return Reflect.has(stand, key);
    },
    getPrototypeOf: () => {
      become();
      return Reflect.getPrototypeOf(stand);
    },
  });
  Object.setPrototypeOf(stand, trap);
  stands.set(stand, undefined);
  return stand as T;
}

/**
 * The schema a {@link deferred} stand-in was cloned from (built now if it was not yet), or `schema` itself: for the
 * fast checks, registered on the schema a building block built.
 */
export function resolveDeferred<T extends z.core.$ZodType>(schema: T): T {
  if (!stands.has(schema)) return schema;
  void schema._zod;
  return (stands.get(schema) as T | undefined) ?? schema;
}

/**
 * `z.lazy(getter)` as a {@link deferred} stand-in: a schema built on its first parse, whose wrapper costs nothing at
 * import. The stand-in is the lazy schema itself (the one built to clone is dropped before its getter runs).
 */
export function lazySchema<T extends z.core.SomeType>(getter: () => T): z.ZodLazy<T> {
  return standIn(() => zod().lazy(getter), false);
}
