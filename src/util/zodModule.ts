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

// Each deferred proxy's way to the object it stands for (building it on the first call).
const realOf = new WeakMap<object, () => object>();

/**
 * A stand-in for the object `build` returns, built on first touch and then kept: the library's exported schemas
 * (`settingsSchema`, the API models, ...) are these, so importing the library builds no schema and loads no zod,
 * while a host uses them as the zod schemas they are (`.parse`, `.safeParse`, `instanceof z.ZodType`, inside its
 * own `z.object({ ... })`). Every operation on the proxy is forwarded to the built object; property descriptors
 * are reported configurable (a proxy cannot report a non-configurable property its empty target lacks).
 */
export function deferred<T extends object>(build: () => T): T {
  let value: object | undefined;
  const real = (): object => (value ??= build());
  const proxy = new Proxy({}, {
    get: (_target, key): unknown => Reflect.get(real(), key, real()),
    set: (_target, key, value) => Reflect.set(real(), key, value, real()),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  });
  realOf.set(proxy, real);
  return proxy as T;
}

/**
 * The object a {@link deferred} proxy stands for (built now if it was not yet), or `value` itself when it is not
 * one: for code that keys a `WeakMap` by schema (the fast checks), where the proxy and the schema must be one key.
 */
export function resolveDeferred<T extends object>(value: T): T {
  const real = realOf.get(value);
  return real === undefined ? value : (real() as T);
}

/** `z.lazy(getter)`, itself {@link deferred}: a schema built on its first parse, whose wrapper costs nothing at import. */
export function lazySchema<T extends z.core.SomeType>(getter: () => T): z.ZodLazy<T> {
  return deferred(() => zod().lazy(getter));
}
