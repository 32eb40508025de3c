import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAlertRules, repoRoot } from './support/promql.js';
import { findPromtool, PROMTOOL_MISSING, runPromtool } from './support/promtool.js';

const rulesDir = path.join(repoRoot, 'deploy', 'prometheus');
const rulesFile = path.join(rulesDir, 'alerts.yml');
const testsFile = path.join(rulesDir, 'alerts.test.yml');

/** The docs/TROUBLESHOOTING.md sections the alerts link to (the README lists them too). */
const RUNBOOK_ANCHORS = ['breaker-stuck-open', 'recovery-failing', 'high-failure-ratio', 'pool-saturated', 'outbox-backlog'];

function promtool(): string {
  const found = findPromtool();
  if (found === undefined) throw new Error(PROMTOOL_MISSING);
  return found;
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('deploy/prometheus/alerts.yml under promtool', () => {
  it('passes `promtool check rules`', async () => {
    const { code, output } = await runPromtool(promtool(), ['check', 'rules', rulesFile], rulesDir);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(output).not.toMatch(/WARNING|FAILED/);
    expect(code).toBe(0);
  });

  it('passes its unit tests, `promtool test rules alerts.test.yml`', async () => {
    const { code, output } = await runPromtool(promtool(), ['test', 'rules', testsFile], rulesDir);
    expect(output).toMatch(/SUCCESS/);
    expect(code, output).toBe(0);
  });

  it('the unit tests catch a broken rule: a breaker alert that only reads `open` fails them', async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'vcconn-alerts-'));
    cpSync(testsFile, path.join(scratch, 'alerts.test.yml'));
    const rules = readFileSync(rulesFile, 'utf8');
    const broken = rules.replace('state=~"open|half_open"', 'state="open"');
    expect(broken).not.toBe(rules);
    writeFileSync(path.join(scratch, 'alerts.yml'), broken);
    const { code, output } = await runPromtool(promtool(), ['test', 'rules', 'alerts.test.yml'], scratch);
    expect(code).not.toBe(0);
    expect(output).toMatch(/VcconnBreakerStuckOpen/);
  });
});

describe('deploy/prometheus/alerts.yml: what every alert carries', () => {
  const rules = readAlertRules(rulesFile);
  const tests = readFileSync(testsFile, 'utf8');

  it('has the alerts issue #19 asks for', () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      'VcconnBreakerStuckOpen', 'VcconnEndpointBreakerStuckOpen', 'VcconnRecoveryFailing', 'VcconnHighFailureRatio', 'VcconnPoolSaturated',
      'VcconnOutboxBacklogGrowing', 'VcconnOutboxStale', 'VcconnOutboxDeadLetters',
    ]);
  });

  it.each(readAlertRules(rulesFile).map((rule) => [rule.alert, rule] as const))(
    '%s has a summary, a description and a runbook link into docs/TROUBLESHOOTING.md',
    (_name, rule) => {
      expect(rule.expr).toMatch(/vcconn_/);
      expect(rule.annotations.summary ?? '').not.toBe('');
      expect((rule.annotations.description ?? '').length).toBeGreaterThan(40);
      const anchor = /^docs\/TROUBLESHOOTING\.md#([a-z0-9-]+)$/.exec(rule.annotations.runbook_url ?? '')?.[1];
      expect(RUNBOOK_ANCHORS).toContain(anchor);
    },
  );

  it.each(readAlertRules(rulesFile).map((rule) => [rule.alert] as const))(
    '%s is tested both silent and firing in alerts.test.yml',
    (name) => {
      const checks = [...tests.matchAll(new RegExp(`alertname: ${name}\\n\\s+exp_alerts:(.*)`, 'g'))].map((match) => (match[1] ?? '').trim());
      expect(checks).toContain('[]');
      expect(checks).toContain('');
    },
  );
});
