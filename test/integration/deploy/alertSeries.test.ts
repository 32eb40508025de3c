import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { watchOutbox } from '../../../src/metrics/watchOutbox.js';
import type { OutboxWatch } from '../../../src/metrics/watchOutbox.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';
import type { Exposition } from '../../unit/metrics/support/exposition.js';
import { groupingLabels, readAlertRules, repoRoot, seriesRefs } from '../../unit/deploy/support/promql.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;
let outboxWatch: OutboxWatch | undefined;

afterEach(async () => {
  server?.release();
  await outboxWatch?.dispose();
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
  outboxWatch = undefined;
});

const rules = readAlertRules(path.join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'));

/**
 * A real registry after a ConnectionManager made calls (a success, a failure, and one that queued for a socket), with
 * an outbox of the same node watched (its figures as an Outbox's stats() gives them).
 */
async function scrapeAfterCalls(): Promise<Exposition> {
  server = await startHeldTaskServer();
  const registry = new Registry();
  outboxWatch = watchOutbox({
    registry, nodeId: 'scraped', outbox: { file: '/var/lib/worker/outbox.db', stats: () => ({ pending: 2, deadLetters: 1, oldestEntryAgeSeconds: 30, bytes: 100 }) },
  });
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
  it('every metric, label value, grouping label and annotation label of every alert is in a real scrape', async () => {
    const scraped = await scrapeAfterCalls();
    const problems: string[] = [];
    let checked = 0;
    for (const rule of rules) {
      const refs = seriesRefs(rule.expr);
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
        // The labels the annotations print ({{ $labels.outbox }}) must be on the series too.
        const printed = [...Object.values(rule.annotations).join(' ').matchAll(/\$labels\.(\w+)/g)].map((match) => match[1]!);
        for (const label of [...groupingLabels(rule.expr), ...printed]) {
          if (!samples.every((sample) => label in sample.labels)) problems.push(`${rule.alert}: ${ref.name} lacks label ${label}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The breaker, recovery, failure-ratio, pool and the three outbox alerts: at least one selector each.
    expect(checked).toBeGreaterThanOrEqual(7);
  });
});
