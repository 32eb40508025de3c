import type { z } from 'zod';
import { deferred, lazySchema, zod } from '../util/zodModule.js';
import { apiSettingsKeys } from './apiSettingsKeys.js';
import { connectionKeys } from './connectionKeys.js';
import { connectionRules, displayName, settingsRules, type CrossFieldRule, type KeyRef } from './crossFieldRules.js';
import { shapeOf } from './keySpec.js';
import { urlIdentity } from './listKeys.js';
import { dotnetLogLevels } from './logLevels.js';
import { outboxKeys } from './outboxKeys.js';
import type { ApiSettings, ConnectionOptions, OutboxOptions } from './types.js';

// Each schema is built on first use, then kept (zod schema construction at import was most of the library's
// import time, and loading zod itself most of what was left): `lazySchema` is a z.lazy and `deferred` a stand-in
// for the schema, neither of which loads zod before it is used (src/util/zodModule.ts).

/** `Connection` with every key present, each within its range; no cross-field rules (see {@link connectionOptionsSchema}). */
export const connectionFieldsSchema = lazySchema(() => zod().object(shapeOf(connectionKeys)));

/** `ApiSettings` with every key present, each within its range. */
export const apiSettingsFieldsSchema = lazySchema(() => zod().object(shapeOf(apiSettingsKeys)));

/** `Outbox` with every key present, each within its range. */
export const outboxOptionsSchema = lazySchema(() => zod().object(shapeOf(outboxKeys))) satisfies z.ZodType<OutboxOptions>;

/** A .NET level name in any casing, stored as .NET spells it (`debug` -> `Debug`). */
export const dotnetLogLevelSchema = lazySchema(() => zod().preprocess(
  (v) => (typeof v === 'string' ? dotnetLogLevels.find((level) => level.toLowerCase() === v.trim().toLowerCase()) ?? v : v),
  zod().enum(dotnetLogLevels),
));

/** `Logging` as this library reads it: `LogLevel` with a `Default`. */
export const loggingSettingsSchema = lazySchema(() => zod().object({
  logLevel: zod().record(zod().string(), dotnetLogLevelSchema).and(zod().object({ Default: dotnetLogLevelSchema })),
}));

type Sections = { connection: Record<string, unknown>; apiSettings?: Record<string, unknown> };

/** Adds an issue at `a` of every failing rule; `nested` when the value holds the sections rather than one section. */
function checkRules(rules: readonly CrossFieldRule[], value: Sections, ctx: z.RefinementCtx, nested: boolean): void {
  const read = (ref: KeyRef): number | undefined => {
    const item = value[ref.section]?.[ref.key];
    return typeof item === 'number' ? item : undefined;
  };
  for (const rule of rules) {
    const a = read(rule.a);
    const b = read(rule.b);
    if (a === undefined || b === undefined || rule.holds(a, b)) continue;
    ctx.addIssue({
      code: 'custom',
      path: nested ? [rule.a.section, rule.a.key] : [rule.a.key],
      message: `${displayName(rule.a)} = ${a} is not allowed (${rule.allowedA(b)})`,
      input: a,
    });
  }
}

/** `Connection` complete and consistent: every range and the rules between its keys (MaxRetryDelayMs >= BaseRetryDelayMs, ...). */
export const connectionOptionsSchema = deferred(() => connectionFieldsSchema.superRefine((value, ctx) =>
  checkRules(connectionRules, { connection: value }, ctx, false),
)) satisfies z.ZodType<ConnectionOptions>;

/** The endpoint rules a whole `ApiSettings` object can show (which layer set `BaseUrl` is for `loadSettings` to know). */
function checkEndpointLists(value: z.output<typeof apiSettingsFieldsSchema>, ctx: z.RefinementCtx, nested: boolean): void {
  const at = (key: string) => (nested ? ['apiSettings', key] : [key]);
  if (value.baseUrls !== null && value.endpoints !== null) {
    ctx.addIssue({ code: 'custom', path: at('endpoints'), message: 'ApiSettings.Endpoints is set together with ApiSettings.BaseUrls (either, not both)', input: value.endpoints });
    return;
  }
  const listed = value.baseUrls ?? value.endpoints?.map((endpoint) => endpoint.url) ?? null;
  const isDefault = value.baseUrl === apiSettingsKeys.baseUrl.defaultValue;
  if (listed === null || isDefault || listed.some((url) => urlIdentity(url) === urlIdentity(value.baseUrl))) return;
  ctx.addIssue({ code: 'custom', path: at('baseUrl'), message: 'ApiSettings.BaseUrl is not one of the listed endpoints (leave it at its default, or list it)', input: value.baseUrl });
}

/** `ApiSettings` complete, every key within its range, `BaseUrls` / `Endpoints` / `BaseUrl` consistent. */
export const apiSettingsSchema = deferred(() => apiSettingsFieldsSchema.superRefine((value, ctx) => checkEndpointLists(value, ctx, false))) satisfies z.ZodType<ApiSettings>;

/** All three sections, with every rule including those across sections (HealthCheckTimeoutSeconds vs the interval). */
export const settingsSchema = lazySchema(() => zod()
  .object({ connection: connectionFieldsSchema, apiSettings: apiSettingsFieldsSchema, logging: loggingSettingsSchema })
  .superRefine((value, ctx) => {
    checkRules(settingsRules, value, ctx, true);
    checkEndpointLists(value.apiSettings, ctx, true);
  }));
