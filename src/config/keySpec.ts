import type { z } from 'zod';
import { zod } from '../util/zodModule.js';

/** How a value that arrives as text (environment variable, quoted JSON) is turned into the key's type. */
export type TextKind = 'integer' | 'number' | 'boolean' | 'string';

/**
 * Everything known about one settings key: its name on disk, its zod schema, its default, what is allowed and
 * what the seed recommends. The schemas, the loader, the warnings and the README table all read this one record.
 */
export interface KeySpec<S extends z.ZodType = z.ZodType> {
  /** Name in appsettings.json (PascalCase), matched case-insensitively. */
  readonly name: string;
  readonly schema: S;
  readonly text: TextKind;
  /** True when `null` (or an empty string / `null` in text) means "off". */
  readonly nullable: boolean;
  readonly defaultValue: z.output<S>;
  /** Allowed values, in words, for error messages and the README. */
  readonly allowed: string;
  /** The seed's recommended range; a valid value outside it is a warning. */
  readonly recommended?: readonly [number, number];
  /** One sentence: what the key does. */
  readonly description: string;
  /** For keys holding lists: what exactly is wrong (which item, which duplicate), from the failed parse. */
  readonly problemOf?: (error: z.ZodError) => string;
}

interface Doc<T> {
  readonly defaultValue: T;
  readonly description: string;
  readonly recommended?: readonly [number, number];
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  /** When true the minimum itself is not allowed (`> 0` rather than `>= 0`). */
  readonly minExclusive?: boolean;
}

function rangeText(kind: string, { min, max, minExclusive }: Bounds): string {
  return minExclusive ? `${kind} > ${min} and <= ${max}` : `${kind} ${min}..${max}`;
}

/**
 * The spec with its schema built on first read, then kept: building the thirty-odd key schemas is most of what
 * importing the library would otherwise cost (zod schema construction is slow), and a host that never loads
 * settings never needs them.
 */
export function withSchema<S extends z.ZodType>(build: () => S, spec: Omit<KeySpec<S>, 'schema'>): KeySpec<S> {
  let schema: S | undefined;
  return Object.defineProperty({ ...spec }, 'schema', { get: () => (schema ??= build()), enumerable: true }) as KeySpec<S>;
}

function bounded(schema: z.ZodNumber, { min, max, minExclusive }: Bounds): z.ZodNumber {
  return (minExclusive ? schema.gt(min) : schema.gte(min)).lte(max);
}

/** An integer key, e.g. `MaxRetryAttempts` (integer 0..100). */
export function integerKey(name: string, bounds: Bounds, doc: Doc<number>): KeySpec<z.ZodNumber> {
  return withSchema(() => bounded(zod().number().int(), bounds), { name, text: 'integer', nullable: false, allowed: rangeText('integer', bounds), ...doc });
}

/** A number key where fractions make sense, e.g. a duration in seconds. */
export function numberKey(name: string, bounds: Bounds, doc: Doc<number>): KeySpec<z.ZodNumber> {
  return withSchema(() => bounded(zod().number(), bounds), { name, text: 'number', nullable: false, allowed: rangeText('number', bounds), ...doc });
}

/**
 * A number key that may be `null`; `nullMeans` says what null does in the allowed text (default `off`, e.g. a
 * ratio not applied; `HedgeDelayMs` null means "measured").
 */
export function nullableNumberKey(name: string, bounds: Bounds, doc: Doc<number | null>, nullMeans = 'off'): KeySpec<z.ZodNullable<z.ZodNumber>> {
  return withSchema(() => bounded(zod().number(), bounds).nullable(), {
    name, text: 'number', nullable: true, allowed: `${rangeText('number', bounds)}, or null (${nullMeans})`, ...doc,
  });
}

/** A `true`/`false` key. */
export function booleanKey(name: string, doc: Doc<boolean>): KeySpec<z.ZodBoolean> {
  return withSchema(() => zod().boolean(), { name, text: 'boolean', nullable: false, allowed: 'true or false', ...doc });
}

/** A key that takes one of a few names, matched case-insensitively (as .NET binds enums) and stored in lower case. */
export function enumKey<const T extends readonly [string, ...string[]]>(
  name: string,
  values: T,
  doc: Doc<T[number]>,
) {
  const build = () => zod().preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), zod().enum(values));
  return withSchema(build, { name, text: 'string', nullable: false, allowed: `one of ${values.join(', ')}`, ...doc });
}

/** An absolute http:// or https:// URL. */
export function httpUrlKey(name: string, doc: Doc<string>): KeySpec<z.ZodString> {
  return withSchema(() => zod().string().refine(isHttpUrl), { name, text: 'string', nullable: false, allowed: 'an absolute http:// or https:// URL', ...doc });
}

/** True for an absolute http:// or https:// URL with a host. */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}

/** An http:// proxy URL (`http://[user:password@]host:port`) or null: the proxy is then read from the environment. */
export function proxyUrlKey(name: string, doc: Doc<string | null>): KeySpec<z.ZodNullable<z.ZodString>> {
  return withSchema(() => zod().string().refine(isProxyUrl).nullable(), {
    name, text: 'string', nullable: true,
    allowed: 'an http:// URL (user:password@ allowed), or null (HTTP_PROXY / HTTPS_PROXY)', ...doc,
  });
}

function isProxyUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return protocol === 'http:' && hostname !== '';
}

/**
 * A list of NO_PROXY patterns, as a JSON array or one comma- (or space-) separated string (an environment
 * variable), or null: the NO_PROXY variable is then read.
 */
export function patternListKey(name: string, doc: Doc<string[] | null>) {
  const build = () => zod().preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((pattern) => pattern !== '') : v),
    zod().array(zod().string().trim().min(1)).nullable(),
  );
  return withSchema(build, {
    name, text: 'string', nullable: true,
    allowed: 'a list (or comma-separated text) of hosts, .domains, host:port, IPs or *; or null (NO_PROXY)', ...doc,
  });
}

/** A record of key specs, one per camelCase property. */
export type KeyCatalog = Readonly<Record<string, KeySpec>>;

/** The zod object shape of a catalog: property name -> that key's schema. */
export type ShapeOf<C extends KeyCatalog> = { -readonly [K in keyof C]: C[K]['schema'] };

/** Builds the zod object shape of a catalog. */
export function shapeOf<C extends KeyCatalog>(catalog: C): ShapeOf<C> {
  return Object.fromEntries(Object.entries(catalog).map(([key, spec]) => [key, spec.schema])) as ShapeOf<C>;
}

/** The catalog's defaults as an object. */
export function defaultsOf<C extends KeyCatalog>(catalog: C): { [K in keyof C]: z.output<C[K]['schema']> } {
  return Object.fromEntries(Object.entries(catalog).map(([key, spec]) => [key, spec.defaultValue])) as {
    [K in keyof C]: z.output<C[K]['schema']>;
  };
}
