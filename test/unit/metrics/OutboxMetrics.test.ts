import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { ConnectionMetrics } from '../../../src/metrics/ConnectionMetrics.js';
import { OUTBOX_METRIC_NAMES, OutboxMetrics } from '../../../src/metrics/OutboxMetrics.js';
import type { OutboxFigures } from '../../../src/metrics/OutboxMetrics.js';
import { watchOutbox } from '../../../src/metrics/watchOutbox.js';
import { TypedEmitter } from '../../../src/util/TypedEmitter.js';
import { parseExposition, samplesOf, valueOf } from './support/exposition.js';

interface Events {
  queued: { entry: { operation: string } };
  delivered: { entry: { operation: string }; kind: string };
  deadLettered: { deadLetter: { entry: { operation: string }; reason: string } };
}

/** A stand-in for an Outbox: a file name and figures the test sets. */
function fakeOutbox(file: string, figures: OutboxFigures = { pending: 0, deadLetters: 0, oldestEntryAgeSeconds: 0 }) {
  const outbox = { file, figures, closed: false, stats: (): OutboxFigures => {
    if (outbox.closed) throw new Error('closed');
    return outbox.figures;
  } };
  return outbox;
}

const scrape = async (registry: Registry) => parseExposition(await registry.metrics());

describe('OutboxMetrics', () => {
  it('registers exactly its six metrics once per registry, beside ConnectionMetrics', async () => {
    const registry = new Registry();
    ConnectionMetrics.of(registry);
    expect(OutboxMetrics.of(registry)).toBe(OutboxMetrics.of(registry));
    const families = (await scrape(registry)).families;
    for (const name of OUTBOX_METRIC_NAMES) expect(families.has(name), name).toBe(true);
    expect([...families.values()].filter((family) => family.name.startsWith('vcconn_outbox_')).map((family) => [family.name, family.type]).sort()).toEqual([
      ['vcconn_outbox_dead_letter_entries', 'gauge'],
      ['vcconn_outbox_dead_lettered_total', 'counter'],
      ['vcconn_outbox_delivered_total', 'counter'],
      ['vcconn_outbox_oldest_entry_age_seconds', 'gauge'],
      ['vcconn_outbox_pending_entries', 'gauge'],
      ['vcconn_outbox_queued_total', 'counter'],
    ]);
  });

  it('refuses a registry holding an outbox metric of another origin, naming it', () => {
    const registry = new Registry();
    new Counter({ name: 'vcconn_outbox_queued_total', help: 'someone else\'s', registers: [registry] });
    expect(() => OutboxMetrics.of(registry)).toThrow(InvalidArgumentError);
    expect(() => OutboxMetrics.of(registry)).toThrow(/vcconn_outbox_queued_total is already registered/);
  });
});

describe('watchOutbox', () => {
  it('reads the gauges from stats() at each scrape, labelled {node, outbox = the file basename}', async () => {
    const registry = new Registry();
    const outbox = fakeOutbox('/var/lib/worker/outbox.db', { pending: 3, deadLetters: 1, oldestEntryAgeSeconds: 42.5 });
    const watch = watchOutbox({ registry, nodeId: 'w1', outbox });
    const labels = { node: 'w1', outbox: 'outbox.db' };
    let parsed = await scrape(registry);
    expect(valueOf(parsed, 'vcconn_outbox_pending_entries', labels)).toBe(3);
    expect(valueOf(parsed, 'vcconn_outbox_dead_letter_entries', labels)).toBe(1);
    expect(valueOf(parsed, 'vcconn_outbox_oldest_entry_age_seconds', labels)).toBe(42.5);
    outbox.figures = { pending: 0, deadLetters: 0, oldestEntryAgeSeconds: 0 };
    parsed = await scrape(registry);
    expect(valueOf(parsed, 'vcconn_outbox_pending_entries', labels)).toBe(0);
    await watch.dispose();
    expect(samplesOf(await scrape(registry), 'vcconn_outbox_pending_entries')).toEqual([]);
  });

  it('counts queued, delivered (by kind) and dead-lettered (by reason) per operation from the events', async () => {
    const registry = new Registry();
    const events = new TypedEmitter<Events>(() => undefined);
    const watch = watchOutbox({ registry, nodeId: 'w1', outbox: fakeOutbox('a.db'), events });
    const entry = { operation: 'updateTaskStatus' };
    events.emit('queued', { entry });
    events.emit('queued', { entry });
    events.emit('queued', { entry: { operation: 'createTask' } });
    events.emit('delivered', { entry, kind: 'sent' });
    events.emit('delivered', { entry, kind: 'alreadyApplied' });
    events.emit('deadLettered', { deadLetter: { entry: { operation: 'createTask' }, reason: 'rejected' } });
    const parsed = await scrape(registry);
    const base = { node: 'w1', outbox: 'a.db' };
    expect(valueOf(parsed, 'vcconn_outbox_queued_total', { ...base, operation: 'updateTaskStatus' })).toBe(2);
    expect(valueOf(parsed, 'vcconn_outbox_queued_total', { ...base, operation: 'createTask' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_outbox_delivered_total', { ...base, operation: 'updateTaskStatus', kind: 'sent' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_outbox_delivered_total', { ...base, operation: 'updateTaskStatus', kind: 'alreadyApplied' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_outbox_dead_lettered_total', { ...base, operation: 'createTask', reason: 'rejected' })).toBe(1);
    await watch.dispose();
    // Disposed: no more counting, and the outbox's series are gone.
    events.emit('queued', { entry });
    const after = await scrape(registry);
    expect(samplesOf(after, 'vcconn_outbox_queued_total')).toEqual([]);
    expect(samplesOf(after, 'vcconn_outbox_delivered_total')).toEqual([]);
  });

  it('keeps other outboxes\' series when one is disposed, and refuses the same node and basename twice', async () => {
    const registry = new Registry();
    const events = new TypedEmitter<Events>(() => undefined);
    const first = watchOutbox({ registry, nodeId: 'w1', outbox: fakeOutbox('/a/outbox.db'), events });
    expect(() => watchOutbox({ registry, nodeId: 'w1', outbox: fakeOutbox('/b/outbox.db') })).toThrow(/node "w1" already shows an outbox named "outbox.db"/);
    const second = watchOutbox({ registry, nodeId: 'w2', outbox: fakeOutbox('/b/outbox.db', { pending: 7, deadLetters: 0, oldestEntryAgeSeconds: 1 }), events });
    events.emit('queued', { entry: { operation: 'createTask' } });
    await first.dispose();
    const parsed = await scrape(registry);
    expect(samplesOf(parsed, 'vcconn_outbox_pending_entries').map((sample) => sample.labels.node)).toEqual(['w2']);
    expect(samplesOf(parsed, 'vcconn_outbox_queued_total').map((sample) => sample.labels.node)).toEqual(['w2']);
    // The name is free again.
    await (watchOutbox({ registry, nodeId: 'w1', outbox: fakeOutbox('/b/outbox.db') })).dispose();
    await second.dispose();
  });

  it('leaves out an outbox whose stats() throw (closed under the watch) without failing the scrape', async () => {
    const registry = new Registry();
    const closed = fakeOutbox('closed.db', { pending: 5, deadLetters: 0, oldestEntryAgeSeconds: 0 });
    const open = fakeOutbox('open.db', { pending: 2, deadLetters: 0, oldestEntryAgeSeconds: 0 });
    const watches = [watchOutbox({ registry, nodeId: 'n', outbox: closed }), watchOutbox({ registry, nodeId: 'n', outbox: open })];
    closed.closed = true;
    const parsed = await scrape(registry);
    expect(samplesOf(parsed, 'vcconn_outbox_pending_entries').map((sample) => [sample.labels.outbox, sample.value])).toEqual([['open.db', 2]]);
    await Promise.all(watches.map((watch) => watch.dispose()));
  });

  it('rejects an empty nodeId with a typed error naming it', () => {
    expect(() => watchOutbox({ registry: new Registry(), nodeId: ' ', outbox: fakeOutbox('a.db') })).toThrow(InvalidArgumentError);
    expect(() => watchOutbox({ registry: new Registry(), nodeId: ' ', outbox: fakeOutbox('a.db') })).toThrow(/nodeId/);
  });
});
