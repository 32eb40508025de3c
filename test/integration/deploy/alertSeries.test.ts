import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionManager } from '../../../src/manager/ConnectionManager.js';
import { watchOutbox } from '../../../src/metrics/watchOutbox.js';
import { openOutbox } from '../../../src/outbox/openOutbox.js';
import type { Outbox } from '../../../src/outbox/types.js';
import type { OutboxWatch } from '../../../src/metrics/watchOutbox.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';
import type { Exposition } from '../../unit/metrics/support/exposition.js';
import { labelsNeeded, readAlertRules, repoRoot, seriesRefs } from '../../unit/deploy/support/promql.js';

let server: HeldTaskServer | undefined;
let manager: ConnectionManager | undefined;
let outboxWatch: OutboxWatch | undefined;
let outbox: Outbox | undefined;
let scratch: string | undefined;

afterEach(async () => {
  server?.release();
  await outboxWatch?.dispose();
  outbox?.close();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  await manager?.dispose();
  await server?.close();
  manager = undefined;
  server = undefined;
  outboxWatch = undefined;
  outbox = undefined;
  scratch = undefined;
});

const rules = readAlertRules(path.join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'));

/**
 * A real registry after a ConnectionManager made calls (a success, a failure, and one that queued for a socket), with
 * a real outbox of the same node watched: one entry pending, one expired into the dead letters.
 */
async function scrapeAfterCalls(): Promise<Exposition> {
  server = await startHeldTaskServer();
  const registry = new Registry();
  scratch = mkdtempSync(path.join(tmpdir(), 'vcconn-alert-outbox-'));
  let now = Date.now() - 7_200_000;
  outbox = await openOutbox(path.join(scratch, 'outbox.db'), { now: () => now, limits: { maxAgeHours: 1 } });
  await outbox.enqueue({ operation: 'sendDebugMessage', args: ['scraped', 'expires'] });
  now += 7_200_000;
  await outbox.enqueue({ operation: 'sendDebugMessage', args: ['scraped', 'waits'] });
  expect(outbox.expire()).toHaveLength(1);
  outboxWatch = watchOutbox({ registry, nodeId: 'scraped', outbox });
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
    // The outbox gauges read the file: one entry pending, one dead letter.
    expect(valueOf(scraped, 'vcconn_outbox_pending_entries', { node: 'scraped', outbox: 'outbox.db' })).toBe(1);
    expect(valueOf(scraped, 'vcconn_outbox_dead_letter_entries', { node: 'scraped', outbox: 'outbox.db' })).toBe(1);
    const problems: string[] = [];
    let checked = 0;
    for (const rule of rules) {
      const refs = seriesRefs(rule.expr);
      // The labels the annotations print ({{ $labels.outbox }}) must be on the series the alert's labels come from.
      const printed = [...Object.values(rule.annotations).join(' ').matchAll(/\$labels\.(\w+)/g)].map((match) => match[1]!);
      const needed = labelsNeeded(rule.expr, printed);
      for (const [index, ref] of refs.entries()) {
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
        for (const label of needed[index] ?? []) {
          if (!samples.every((sample) => label in sample.labels)) problems.push(`${rule.alert}: ${ref.name} lacks label ${label}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The breaker, recovery, failure-ratio, pool and the three outbox alerts: at least one selector each.
    expect(checked).toBeGreaterThanOrEqual(7);
  });
});
