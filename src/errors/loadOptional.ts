import { createRequire } from 'node:module';
import { OptionalDependencyMissingError } from './OptionalDependencyMissingError.js';

/**
 * The optional peer dependencies (package.json `peerDependencies`, all optional): what needs each and the range
 * supported. A test checks this table against package.json.
 */
export const OPTIONAL_PACKAGES = {
  'prom-client': { feature: 'metrics', range: '^15.1.3' },
  '@opentelemetry/api': { feature: 'tracing', range: '~1.9.0' },
  fastify: { feature: 'the reference server', range: '^5.12.8' },
  'better-sqlite3': { feature: 'the reference server', range: '^12.11.1' },
  ws: { feature: 'the visualizer (vcdevtool-connection/inspect)', range: '^8.23.0' },
  commander: { feature: 'the vcconn command line', range: '^14.0.3' },
} as const;

/** The name of an optional peer dependency. */
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

// require, not import(): the features that need these are set up synchronously (createInstrumentation runs in the
// ConnectionManager constructor), and every one of them ships CommonJS. Resolved from this file, as an import
// would be, so the host's copy is found.
const require = createRequire(import.meta.url);
const loaded = new Map<OptionalPackage, unknown>();

/**
 * Loads an optional peer dependency the first time a feature needs it (never at import time: importing
 * `vcdevtool-connection` loads none of them), then from memory.
 * @param load how to load it; tests pass one that fails.
 * @throws {@link OptionalDependencyMissingError} naming the package and its install command when it cannot be loaded.
 */
export function loadOptional<T>(name: OptionalPackage, load: (name: string) => unknown = require): T {
  const memoised = load === require;
  if (memoised && loaded.has(name)) return loaded.get(name) as T;
  let module: unknown;
  try {
    module = load(name);
  } catch (error) {
    const { feature, range } = OPTIONAL_PACKAGES[name];
    throw new OptionalDependencyMissingError(name, feature, range, { cause: error });
  }
  if (memoised) loaded.set(name, module);
  return module as T;
}
