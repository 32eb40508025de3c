import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';
import type { Exposition } from '../../unit/metrics/support/exposition.js';
import { OUTBOX_SERIES } from '../../unit/deploy/support/knownSeries.js';
import { groupingLabels, readAlertRules, repoRoot, seriesRefs } from '../../unit/deploy/support/promql.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;

afterEach(async () => {
  server?.release();
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
});

const rules = readAlertRules(path.join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'));
const outbox = new Set<string>(OUTBOX_SERIES.map((series) => series.name));

/** A real registry after a ConnectionManager made calls: a success, a failure, and one that queued for a socket. */
async function scrapeAfterCalls(): Promise<Exposition> {
  server = await startHeldTaskServer();
  const registry = new Registry();
  manager = new ConnectionManager({
    baseUrl: server.url, metrics: { registry }, nodeId: 'scraped',
    connection: { connectionPoolSize: 1, maxRetryAttempts: 0 },
  });
  const scrape = async () => parseExposition(await registry.metrics());
  server.hold = true;
  const first = manager.client.getTasks();
  const second = manager.client.getTasks();
  await vi.waitFor(async () => expect(valueOf(await scrape(), 'vcconn_pool_waiting_requests', { node: 'scraped' })).toBe(1));
  server.release();
  server.hold = false;
  await Promise.all([first, second]);
  server.failTasks = true;
  await expect(manager.client.getTasks()).rejects.toMatchObject({ status: 503 });
  return scrape();
}

describe('the series deploy/prometheus/alerts.yml reads exist in what src/metrics exports', () => {
  it('every metric, label value and grouping label of every alert (the outbox alerts excepted) is in a real scrape', async () => {
    const scraped = await scrapeAfterCalls();
    const problems: string[] = [];
    let checked = 0;
    for (const rule of rules) {
      const refs = seriesRefs(rule.expr).filter((ref) => !outbox.has(ref.name));
      for (const ref of refs) {
        checked += 1;
        const samples = scraped.samples.filter((sample) => sample.name === ref.name && sample.labels.node === 'scraped');
        if (samples.length === 0) {
          problems.push(`${rule.alert}: no ${ref.name} series`);
          continue;
        }
        for (const { label, op, value } of ref.matchers) {
          // An exact value, or each alternative of a plain a|b regex, must be a value the library exports.
          const wanted = op === '=' ? [value] : op === '=~' ? value.split('|') : [];
          for (const one of wanted) {
            if (!samples.some((sample) => sample.labels[label] === one)) problems.push(`${rule.alert}: ${ref.name} has no ${label}="${one}"`);
          }
        }
        for (const label of groupingLabels(rule.expr)) {
          if (!samples.every((sample) => label in sample.labels)) problems.push(`${rule.alert}: ${ref.name} lacks label ${label}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The breaker, recovery, failure-ratio and pool alerts: at least one selector each.
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('the outbox alerts read only the outbox contract\'s series (not registered by src/metrics yet: see OUTBOX_SERIES)', () => {
    const outboxRefs = rules.filter((rule) => rule.alert.startsWith('VcconnOutbox')).flatMap((rule) => seriesRefs(rule.expr));
    expect(outboxRefs.length).toBeGreaterThan(0);
    for (const ref of outboxRefs) expect(outbox).toContain(ref.name);
  });
});
