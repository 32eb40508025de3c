import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registeredSeries } from './support/knownSeries.js';
import { repoRoot, seriesRefs } from './support/promql.js';
import { findPromtool, PROMTOOL_MISSING, runPromtool } from './support/promtool.js';

const file = path.join(repoRoot, 'deploy', 'grafana', 'vcconn-dashboard.json');

interface Target { refId?: string; expr?: string; datasource?: { type?: string; uid?: string } }
interface Panel { id?: number; type?: string; title?: string; targets?: Target[]; panels?: Panel[]; datasource?: { uid?: string }; gridPos?: { x: number; y: number; w: number; h: number } }
interface Dashboard {
  title?: string;
  uid?: string;
  schemaVersion?: number;
  panels?: Panel[];
  templating?: { list?: { type?: string; name?: string; query?: unknown }[] };
  annotations?: { list?: { expr?: string; datasource?: { uid?: string } }[] };
}

const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
const panels = (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queryPanels = panels.filter((panel) => panel.type !== 'row');
/** Every PromQL expression of the dashboard: panel targets and annotation queries. */
const exprs = [
  ...queryPanels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr ?? '' }))),
  ...(dashboard.annotations?.list ?? []).filter((a) => a.expr !== undefined).map((a) => ({ where: 'annotation', expr: a.expr ?? '' })),
];

let scratch: string | undefined;
afterEach(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('deploy/grafana/vcconn-dashboard.json', () => {
  it('is a Grafana dashboard of schema 39 with a Prometheus data source variable and a node variable', () => {
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.schemaVersion).toBe(39);
    const variables = dashboard.templating?.list ?? [];
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.find((v) => v.name === 'node')).toMatchObject({ type: 'query' });
  });

  it('queries through the data source variable everywhere, with unique panel ids inside a 24-column grid', () => {
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      const grid = panel.gridPos;
      expect(grid, `panel "${panel.title}"`).toBeDefined();
      expect((grid?.x ?? 0) + (grid?.w ?? 0), `panel "${panel.title}"`).toBeLessThanOrEqual(24);
    }
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid, `panel "${panel.title}"`).toBe('${datasource}');
      expect(panel.targets?.length, `panel "${panel.title}" has no query`).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}');
    }
  });

  it('shows the series issue #19 asks for: breaker, calls and failure ratio, duration quantiles, pool wait, retries, recoveries, outbox', () => {
    const all = exprs.map((e) => e.expr).join('\n');
    for (const needed of [
      'vcconn_breaker_state', 'vcconn_calls_total{node=~"$node",outcome="failure"}', 'histogram_quantile(0.5, sum by (le) (rate(vcconn_call_duration_seconds_bucket',
      'histogram_quantile(0.95, sum by (le) (rate(vcconn_call_duration_seconds_bucket', 'histogram_quantile(0.99, sum by (le) (rate(vcconn_call_duration_seconds_bucket',
      'histogram_quantile(0.99, sum by (node, le) (rate(vcconn_pool_wait_seconds_bucket', 'vcconn_retries_total', 'vcconn_recoveries_total',
      'vcconn_outbox_pending_entries', 'vcconn_outbox_dead_letter_entries',
    ]) {
      expect(all).toContain(needed);
    }
  });

  it('every expression references only vcconn_ series that src/metrics registers', async () => {
    const known = await registeredSeries();
    const unknown = exprs.flatMap(({ where, expr }) => {
      const refs = seriesRefs(expr);
      if (refs.length === 0) return [`${where}: no vcconn_ series in ${expr}`];
      return refs.filter((ref) => !known.has(ref.name)).map((ref) => `${where}: ${ref.name}`);
    });
    expect(unknown).toEqual([]);
    // Counters are read through rate() or increase(), never raw.
    for (const { where, expr } of exprs) {
      for (const ref of seriesRefs(expr)) {
        const type = known.get(ref.name)?.type;
        if (type === 'counter' || ref.name.endsWith('_bucket') || ref.name.endsWith('_count')) {
          expect(expr, `${where}: ${ref.name} outside rate()/increase()`).toMatch(new RegExp(`(rate|increase)\\(${ref.name}\\b`));
        }
      }
    }
  });

  it('every expression is valid PromQL (promtool parses them as recording rules, Grafana variables replaced)', async () => {
    const promtool = findPromtool();
    if (promtool === undefined) throw new Error(PROMTOOL_MISSING);
    scratch = mkdtempSync(path.join(tmpdir(), 'vcconn-dashboard-'));
    const rules = exprs.map(({ expr }, index) => {
      const plain = expr.replaceAll('$__rate_interval', '5m').replaceAll('$__interval', '1m').replaceAll('$node', '.*');
      return `      - record: vcconn:dashboard_check_${index}\n        expr: ${JSON.stringify(plain)}\n`;
    });
    writeFileSync(path.join(scratch, 'dashboard.rules.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules.join('')}`);
    const { code, output } = await runPromtool(promtool, ['check', 'rules', 'dashboard.rules.yml'], scratch);
    expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(code).toBe(0);
  });
});
