import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { operationNames, operations } from '../../../src/api/operations/index.js';
import * as config from '../../../src/config/index.js';
import type { KeySpec } from '../../../src/config/index.js';
import { ConnectionMetrics, OutboxMetrics } from '../../../src/metrics/index.js';
import { BREAKER_STATE_LABELS, LINK_STATES } from '../../../src/metrics/labels.js';

/** Sections the alert rules' runbook links point at (issue #19). */
const RUNBOOK_ANCHORS = ['breaker-stuck-open', 'recovery-failing', 'high-failure-ratio', 'pool-saturated', 'outbox-backlog'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const markdownFiles = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const migration = read('docs/MIGRATION.md');
const troubleshooting = read('docs/TROUBLESHOOTING.md');

// --- settings keys -------------------------------------------------------------------------------------------

/** Every settings catalog src/config exports (`connectionKeys` -> section `Connection`, ...), read at run time. */
function catalogs(): Map<string, Map<string, KeySpec>> {
  const sections = new Map<string, Map<string, KeySpec>>();
  for (const [exportName, value] of Object.entries(config)) {
    const match = /^([a-z]\w*)Keys$/.exec(exportName);
    if (match === null || typeof value !== 'object' || value === null) continue;
    const specs = Object.values(value as Record<string, unknown>).filter(isKeySpec);
    if (specs.length === 0) continue;
    const section = match[1]!.charAt(0).toUpperCase() + match[1]!.slice(1);
    sections.set(section, new Map(specs.map((spec) => [spec.name, spec])));
  }
  return sections;
}

function isKeySpec(value: unknown): value is KeySpec {
  return typeof value === 'object' && value !== null && 'name' in value && 'defaultValue' in value && 'allowed' in value && 'text' in value;
}

const sections = catalogs();
const allKeys = [...sections].flatMap(([section, specs]) => [...specs.values()].map((spec) => ({ ref: `${section}.${spec.name}`, spec })));
const specOf = (ref: string): KeySpec | undefined => {
  const [section, name] = ref.split('.');
  return sections.get(section!)?.get(name!);
};

/** `Connection.MaxRetryAttempts` or `Connection:MaxRetryAttempts` in backticks, as `Section.Key`. */
function keyRefs(text: string): string[] {
  const names = [...new Set([...sections.keys(), 'Outbox'])].join('|');
  const pattern = new RegExp('`(' + names + ')[.:]([A-Za-z]\\w*)`', 'g');
  return [...text.matchAll(pattern)].map((match) => `${match[1]}.${match[2]}`);
}

function render(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** Table rows whose first cell is a settings key: `| \`Connection.X\` | type | .NET | default | allowed | recommended | why |`. */
function keyRows(text: string): { ref: string; cells: string[] }[] {
  return text.split('\n')
    .filter((line) => /^\| `\w+\.\w+` \|/.test(line))
    .map((line) => {
      const cells = line.split(' | ').map((cell) => cell.replace(/^\| |\|$/g, '').trim());
      return { ref: cells[0]!.replace(/`/g, ''), cells };
    });
}

describe('docs/MIGRATION.md', () => {
  it('names only settings keys the config catalogs declare', () => {
    const unknown = keyRefs(migration).filter((ref) => specOf(ref) === undefined);
    expect(unknown).toEqual([]);
  });

  it('mentions every key of every catalog', () => {
    expect(allKeys.length).toBeGreaterThan(30);
    const named = new Set(keyRefs(migration));
    expect(allKeys.map(({ ref }) => ref).filter((ref) => !named.has(ref))).toEqual([]);
  });

  it.each(allKeys)('has one row for $ref with the catalog\'s type, default, allowed values and recommended range', ({ ref, spec }) => {
    const rows = keyRows(migration).filter((row) => row.ref === ref);
    expect(rows).toHaveLength(1);
    const [, type, , defaultValue, allowed, recommended] = rows[0]!.cells;
    expect({ type, defaultValue, allowed, recommended }).toEqual({
      type: spec.text,
      defaultValue: render(spec.defaultValue),
      allowed: spec.allowed,
      recommended: spec.recommended === undefined ? '—' : `${spec.recommended[0]}..${spec.recommended[1]}`,
    });
  });

  it('puts every operation under the timeout profile the operations table gives it', () => {
    const profileRows = migration.split('\n').filter((line) => /^\| (health|task|file|default) \|/.test(line));
    expect(profileRows).toHaveLength(4);
    for (const name of operationNames) {
      const rows = profileRows.filter((line) => line.split(' | ').slice(2).join(' | ').includes(`\`${name}\``));
      expect(rows, name).toHaveLength(1);
      expect(rows[0]!.split(' | ')[0], name).toBe(`| ${operations[name].timeoutProfile}`);
    }
  });

  it.each([
    ['non-idempotent POSTs', 'none'],
    ['naturally idempotent POSTs', 'natural'],
  ] as const)('lists exactly the %s the operations table marks %s', (label, idempotency) => {
    const row = migration.split('\n').find((line) => line.startsWith(`| ${label}:`));
    expect(row).toBeDefined();
    const listed = [...row!.split(' | ')[0]!.matchAll(/`(\w+)`/g)].map((match) => match[1]).sort();
    const expected = operationNames.filter((name) => operations[name].idempotency === idempotency).sort();
    expect(listed).toEqual(expected);
  });
});

describe('docs/TROUBLESHOOTING.md', () => {
  it('names only settings keys the config catalogs declare', () => {
    const unknown = keyRefs(troubleshooting).filter((ref) => specOf(ref) === undefined);
    expect(unknown).toEqual([]);
  });

  it('quotes each key\'s default as the catalog declares it', () => {
    const quoted = [...troubleshooting.matchAll(/`(\w+\.\w+)` \(default ([^;,)]+)/g)];
    expect(quoted.length).toBeGreaterThan(20);
    for (const [, ref, value] of quoted) {
      const spec = specOf(ref!);
      expect(spec, ref).toBeDefined();
      expect(value!.replace(/`/g, '').trim(), ref).toBe(String(spec!.defaultValue));
    }
  });

  it.each(RUNBOOK_ANCHORS)('has the runbook section #%s', (anchor) => {
    expect(anchorsOf(troubleshooting)).toContain(anchor);
  });
});

// --- metric names ----------------------------------------------------------------------------------------------

/** Every `name: 'vcconn_...'` in src/, the way the metrics are declared. */
function declaredMetricNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/name: '(vcconn_\w+)'/g)) names.add(match[1]!);
      }
    }
  };
  walk(join(root, 'src'));
  return names;
}

const declared = declaredMetricNames();
const histogramSuffix = /_(bucket|sum|count)$/;
const isDeclared = (name: string): boolean => declared.has(name) || (histogramSuffix.test(name) && declared.has(name.replace(histogramSuffix, '')));

/** Label names of the metrics registered by ConnectionMetrics and OutboxMetrics, read from a real registry. */
function registeredLabels(): Map<string, readonly string[]> {
  const registry = new Registry();
  ConnectionMetrics.of(registry);
  OutboxMetrics.of(registry);
  return new Map(registry.getMetricsAsArray().map((metric) => {
    const { name, labelNames } = metric as unknown as { name: string; labelNames?: readonly string[] };
    return [name, labelNames ?? []];
  }));
}

const failureKinds = [...(/export type FailureLabel =([^;]+);/.exec(read('src/metrics/labels.ts'))?.[1] ?? '').matchAll(/'(\w+)'/g)].map((match) => match[1]!);
const labelValues: Readonly<Record<string, readonly string[]>> = {
  kind: failureKinds,
  state: [...Object.values(BREAKER_STATE_LABELS), ...LINK_STATES],
  to: Object.values(BREAKER_STATE_LABELS),
  client: ['enhanced', 'standard'],
};

describe.each(['docs/TROUBLESHOOTING.md', 'docs/MIGRATION.md', 'README.md'])('metrics named in %s', (file) => {
  const text = read(file);
  const uses = [...text.matchAll(/\b(vcconn_\w+)(?:\{([^}]*)\})?/g)].map((match) => ({ name: match[1]!, labels: match[2] }));

  it('exist in src/ (declared as name: \'...\')', () => {
    const unknown = uses.map(({ name }) => name).filter((name) => !isDeclared(name));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('use only the label names, and known label values, the metrics have', () => {
    const labels = registeredLabels();
    for (const { name, labels: written } of uses) {
      const known = labels.get(name.replace(histogramSuffix, ''));
      if (written === undefined || known === undefined) continue;
      for (const pair of written.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
        const [label, quoted] = pair.split('=');
        expect(known, `${name}{${written}}`).toContain(label);
        const value = quoted?.replace(/"/g, '');
        if (value !== undefined && labelValues[label!] !== undefined) expect(labelValues[label!], `${name}{${written}}`).toContain(value);
      }
    }
  });
});

// --- links and anchors -----------------------------------------------------------------------------------------

/** The text outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces to hyphens; repeats get -1, -2. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(text: string): string[] {
  const seen = new Map<string, number>();
  const anchors: string[] = [];
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.push(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of text.matchAll(/<a (?:id|name)="([^"]+)"/g)) anchors.push(match[1]!);
  return anchors;
}

/** Relative links of a markdown file: `[text](path#anchor)`, outside code. */
function relativeLinks(text: string): string[] {
  const withoutCode = prose(text).replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe.each(markdownFiles)('links in %s', (file) => {
  const links = relativeLinks(read(file));

  it.runIf(links.length > 0)('resolve to files and headings that exist', () => {
    for (const link of links) {
      const [path, anchor] = link.split('#');
      const target = path === '' ? file : relative(root, resolve(root, dirname(file), path!));
      expect(existsSync(join(root, target)), `${file}: ${link}`).toBe(true);
      if (anchor !== undefined) expect(anchorsOf(read(target)), `${file}: ${link}`).toContain(anchor);
    }
  });
});

describe('README', () => {
  it.each(['docs/MIGRATION.md', 'docs/TROUBLESHOOTING.md'])('links %s', (doc) => {
    expect(relativeLinks(read('README.md'))).toContain(doc);
  });
});

const alerts = 'deploy/prometheus/alerts.yml';
describe('alert rules', () => {
  it.runIf(existsSync(join(root, alerts)))('point their runbook links at TROUBLESHOOTING.md sections that exist', () => {
    const anchors = [...read(alerts).matchAll(/TROUBLESHOOTING\.md#([\w-]+)/g)].map((match) => match[1]!);
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(anchorsOf(troubleshooting), anchor).toContain(anchor);
  });
});
