import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiSettingsKeys, connectionKeys, outboxKeys, type KeySpec } from '../../../src/config/index.js';
import * as config from '../../../src/config/index.js';
import * as logging from '../../../src/logging/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const exportsText = ['../../../src/config/index.ts', '../../../src/logging/index.ts']
  .map((path) => readFileSync(new URL(path, import.meta.url), 'utf8'))
  .join('\n');

function render(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** The README row of a key, from the same catalog the loader validates with. */
function row(section: string, spec: KeySpec): string {
  const recommended = spec.recommended === undefined ? '—' : `${spec.recommended[0]}..${spec.recommended[1]}`;
  return `| \`${section}.${spec.name}\` | ${render(spec.defaultValue)} | ${spec.allowed} | ${recommended} | ${spec.description} |`;
}

const rows = [
  ...Object.values(connectionKeys).map((spec) => row('Connection', spec)),
  ...Object.values(apiSettingsKeys).map((spec) => row('ApiSettings', spec)),
  ...Object.values(outboxKeys).map((spec) => row('Outbox', spec)),
];

describe('README', () => {
  it.each(rows)('documents %s exactly as the loader defines it', (expected) => {
    expect(readme.split('\n')).toContain(expected);
  });

  it('has no configuration row for a key the loader does not know', () => {
    const documented = readme.split('\n').filter((line) => /^\| `(Connection|ApiSettings|Outbox)\./.test(line));
    expect(documented).toEqual(rows);
  });

  it('imports in its embedding example only names that config and logging export', () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const imported = /import \{([^}]*)\} from 'vcdevtool-connection'/.exec(example)?.[1] ?? '';
    const names = imported.split(',').map((name) => name.trim().replace(/^type /, '')).filter((name) => name !== '');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(exportsText).toMatch(new RegExp(`\\b${name}\\b`));
    const runtime = { ...config, ...logging } as Record<string, unknown>;
    expect(typeof runtime.loadSettings).toBe('function');
    expect(typeof runtime.createLogger).toBe('function');
    expect(typeof runtime.isConfigError).toBe('function');
  });

  it('gives a quick start of exactly two commands, one npm ci: the demo, then the tests, npm scripts that exist', () => {
    const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(['npm ci && npm start', 'npm test']);
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/\bdemo\b/);
    expect(pkg.scripts.test).toMatch(/vitest run/);
  });
});
