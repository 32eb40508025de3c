import { isIP } from 'node:net';
import type { z } from 'zod';
import { deferred, zod } from '../util/zodModule.js';
import { redactString } from '../util/redact/redactString.js';
import { isHttpUrl, withSchema, type KeySpec } from './keySpec.js';

/** One server endpoint as `ApiSettings.Endpoints` lists it (mutable fields, as the zod schema outputs them). */
export interface EndpointSettings {
  /** Base URL of the server, http:// or https://. */
  url: string;
  /** Lower is preferred, as in an SRV record: `ordered` tries the lowest first, `balanced` spreads over the lowest group. Default 0. */
  priority: number;
  /** Relative share of the calls within its priority group in `balanced` mode, as in an SRV record. Default 1. */
  weight: number;
}

const NUMBER_TEXT = /^\s*\d+\s*$/;
const SRV_FIELD_MAX = 65_535;

/**
 * A list as .NET configuration stores one: an array, or an object keyed `0`, `1`, ... (how numbered environment
 * variables such as `ApiSettings__BaseUrls__0` arrive once folded). The keys are read in numeric order and gaps
 * close up, as .NET's binder does. Anything else is returned as it is for the schema to reject.
 */
export function indexedList(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([key]) => /^\d+$/.test(key))) return value;
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
}

/** The identity of a URL for duplicate checks: parsed (host case, default port) and without a trailing slash. */
export function urlIdentity(url: string): string {
  return URL.canParse(url) ? new URL(url).href.replace(/\/+$/, '') : url;
}

/** Adds an issue for every URL listed twice (`http://a` and `http://A:80/` are the same). */
function noDuplicateUrls(urls: readonly string[], ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  urls.forEach((url, index) => {
    const id = urlIdentity(url);
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else ctx.addIssue({ code: 'custom', path: [index], message: `lists ${redactString(url)} twice (items ${earlier} and ${index})`, input: url });
  });
}

/** The offending text in a message, quoted, a password in it redacted. */
function quoted(input: unknown): string {
  return typeof input === 'string' ? ` (${JSON.stringify(redactString(input))})` : '';
}

const urlItem = deferred(() => zod().string().trim().refine(isHttpUrl, { error: (issue) => `is not an absolute http:// or https:// URL${quoted(issue.input)}` }));

/** The problem a list key's failed parse names: the first issue, with the item it concerns. */
function listProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'is not a valid list';
  const [index, field] = issue.path;
  const where = typeof index === 'number' ? `item ${index}${typeof field === 'string' ? ` ${field}` : ''} ` : '';
  if (issue.code === 'too_small' && typeof index !== 'number') return 'is an empty list';
  if (issue.code === 'invalid_type' && typeof index !== 'number') return 'is not a list';
  if (issue.code === 'custom' && issue.message.startsWith('lists ')) return issue.message;
  return `${where}${issue.message}`.trim();
}

/** A key holding several URLs: a list, numbered keys, or one comma-separated text (an environment variable). */
export function urlListKey(name: string, doc: { defaultValue: null; description: string }) {
  const build = () => zod().preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((url) => url !== '') : indexedList(v)),
    zod().array(urlItem).min(1).superRefine(noDuplicateUrls).nullable(),
  );
  return withSchema(build, {
    name, text: 'string', nullable: true, problemOf: listProblem,
    allowed: 'a non-empty list of distinct http:// or https:// URLs (JSON array, Key__0/Key__1 variables, or comma-separated text), or null', ...doc,
  });
}

/** Object keys in any casing, as .NET binds them; numbers given as text (files, environment) converted. */
function endpointItem(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => {
    const lower = key.toLowerCase();
    const numeric = (lower === 'priority' || lower === 'weight') && typeof item === 'string' && NUMBER_TEXT.test(item);
    return [lower, numeric ? Number(item) : item];
  }));
}

// Built on first use, as every schema here (src/util/zodModule.ts).
const srvField = deferred(() => zod().number().int().min(0).max(SRV_FIELD_MAX));
const endpointSchema = deferred(() => zod().preprocess(endpointItem, zod().strictObject({
  url: urlItem,
  priority: srvField.default(0),
  weight: srvField.default(1),
})));

/** A key holding endpoints with their priority and weight. */
export function endpointListKey(name: string, doc: { defaultValue: null; description: string }) {
  const build = () => zod().preprocess(
    indexedList,
    zod().array(endpointSchema).min(1).superRefine((list, ctx) => noDuplicateUrls(list.map((item) => item.url), ctx)).nullable(),
  );
  return withSchema(build, {
    name, text: 'string', nullable: true, problemOf: listProblem,
    allowed: `a non-empty list of { Url, Priority (integer 0..${SRV_FIELD_MAX}, default 0), Weight (integer 0..${SRV_FIELD_MAX}, default 1) } with distinct URLs, or null`,
    ...doc,
  });
}

/** A DNS server as `setServers` takes it: an IP address, `ip:port` or `[ipv6]:port`. */
function isDnsServer(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (match === null) return false;
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  return isIP(host) !== 0 && port >= 1 && port <= SRV_FIELD_MAX;
}

/** A list of DNS servers, or null: the system's resolvers. */
export function dnsServerListKey(name: string, doc: { defaultValue: null; description: string }) {
  const build = () => zod().preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((server) => server !== '') : indexedList(v)),
    zod().array(zod().string().trim().refine(isDnsServer, { error: (issue) => `is not an IP address, ip:port or [ipv6]:port${quoted(issue.input)}` })).min(1).nullable(),
  );
  return withSchema(build, {
    name, text: 'string', nullable: true, problemOf: listProblem,
    allowed: 'a non-empty list of IP addresses (ip, ip:port, [ipv6]:port), or null (the system resolvers)', ...doc,
  });
}

const DOMAIN = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** A DNS domain name, or null: no discovery. */
export function domainKey(name: string, doc: { defaultValue: null; description: string }): KeySpec<z.ZodNullable<z.ZodString>> {
  return withSchema(() => zod().string().trim().regex(DOMAIN).nullable(), {
    name, text: 'string', nullable: true, allowed: 'a DNS domain name (corp.example), or null (no discovery)', ...doc,
  });
}
