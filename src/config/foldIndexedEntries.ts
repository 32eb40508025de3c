import type { ConfigIssue } from '../errors/ConfigError.js';
import type { LayerEntries, SettingEntry } from './entries.js';

const INDEXED = /^([^.]+)\.(\d+)(?:\.(.+))?$/;

interface Group {
  readonly first: SettingEntry;
  readonly head: string;
  readonly tree: Record<string, unknown>;
  readonly sources: string[];
  /** Lower-cased path -> the variable that set it, to catch one item given twice in another casing. */
  readonly paths: Map<string, string>;
}

/**
 * Folds numbered keys of one layer into lists, as .NET configuration does: `ApiSettings__BaseUrls__0` and
 * `ApiSettings__BaseUrls__1` become one `BaseUrls` entry `{ "0": ..., "1": ... }`, and
 * `ApiSettings__Endpoints__0__Url` / `__0__Weight` one `Endpoints` entry `{ "0": { Url, Weight } }`; the list
 * keys' schemas read such objects in numeric order (see `indexedList`). The folded entry names every variable
 * as its source. Within a list, names ignore case; one item given twice (in two casings) is an issue.
 */
export function foldIndexedEntries(layer: LayerEntries): LayerEntries {
  const issues: ConfigIssue[] = [...layer.issues];
  const entries: SettingEntry[] = [];
  const groups = new Map<string, Group>();
  for (const entry of layer.entries) {
    const match = entry.section === 'logLevel' ? null : INDEXED.exec(entry.name);
    if (match === null) {
      entries.push(entry);
      continue;
    }
    const [, head = '', index = '', rest] = match;
    const id = `${entry.section}|${head.toLowerCase()}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { first: entry, head, tree: {}, sources: [], paths: new Map() };
      groups.set(id, group);
      // Keeps the list where its first item was, so the order of entries (and of issues) stays the layer's.
      entries.push(entry);
    }
    const path = [String(Number(index)), ...(rest === undefined ? [] : rest.split('.'))];
    const problem = place(group, path, entry);
    if (problem !== null) issues.push(problem);
  }
  return {
    issues,
    entries: entries.map((entry) => {
      const match = entry.section === 'logLevel' ? null : INDEXED.exec(entry.name);
      const group = match === null ? undefined : groups.get(`${entry.section}|${(match[1] ?? '').toLowerCase()}`);
      if (group === undefined) return entry;
      const source = group.sources.length === 1 ? (group.sources[0] ?? entry.source) : foldedSource(group.sources);
      return { ...group.first, name: group.head, value: group.tree, source };
    }),
  };
}

/** `environment variables ApiSettings__BaseUrls__0, ApiSettings__BaseUrls__1` */
function foldedSource(sources: readonly string[]): string {
  const prefix = 'environment variable ';
  return sources.every((source) => source.startsWith(prefix))
    ? `environment variables ${sources.map((source) => source.slice(prefix.length)).join(', ')}`
    : sources.join(', ');
}

function place(group: Group, path: readonly string[], entry: SettingEntry): ConfigIssue | null {
  const lower = path.join('.').toLowerCase();
  const clash = [...group.paths].find(([other]) => other === lower || other.startsWith(`${lower}.`) || lower.startsWith(`${other}.`));
  if (clash !== undefined) {
    return {
      source: entry.source, key: `${entry.section === 'connection' ? 'Connection' : 'ApiSettings'}.${entry.name}`, value: undefined,
      problem: `given twice, also by ${clash[1]} (keys ignore case)`, allowed: 'each list item once per layer',
    };
  }
  group.paths.set(lower, entry.source);
  group.sources.push(entry.source);
  let node = group.tree;
  path.forEach((part, depth) => {
    // Matched case-insensitively against what is already there, so `__0__Url` and `__0__WEIGHT` share item 0.
    const key = Object.keys(node).find((existing) => existing.toLowerCase() === part.toLowerCase()) ?? part;
    if (depth === path.length - 1) {
      node[key] = entry.value;
      return;
    }
    const child = node[key];
    const next: Record<string, unknown> = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {};
    node[key] = next;
    node = next;
  });
  return null;
}
