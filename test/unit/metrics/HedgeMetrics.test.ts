import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { HedgeOptions } from '../../../src/endpoints/ReadHedging.js';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { ConnectionMetrics } from '../../../src/metrics/ConnectionMetrics.js';
import { countHedges } from '../../../src/metrics/countHedges.js';
import { HedgeMetrics } from '../../../src/metrics/HedgeMetrics.js';
import { HEDGE_METRIC_NAMES } from '../../../src/metrics/hedgeMetricNames.js';
import { parseExposition } from './support/exposition.js';

describe('HedgeMetrics', () => {
  it('registers vcconn_hedged_requests_total once per registry, beside ConnectionMetrics', async () => {
    const registry = new Registry();
    ConnectionMetrics.of(registry);
    expect(HedgeMetrics.of(registry)).toBe(HedgeMetrics.of(registry));
    const families = parseExposition(await registry.metrics()).families;
    for (const name of HEDGE_METRIC_NAMES) expect(families.get(name)?.type, name).toBe('counter');
  });

  it('counts each hedged read by node, operation and outcome, as a MultiEndpointClient reports it', async () => {
    const registry = new Registry();
    const onHedge = countHedges('worker-1', registry);
    // The client's option takes it as it is: the outcomes agree (type-checked here).
    const options: HedgeOptions = { enabled: true, onHedge };
    options.onHedge?.({ operation: 'getTasks', outcome: 'hedge_won', primary: 'http://a', delayMs: 10 });
    options.onHedge?.({ operation: 'getTasks', outcome: 'hedge_won', primary: 'http://a', delayMs: 10 });
    options.onHedge?.({ operation: 'getTaskById', outcome: 'no_endpoint', primary: 'http://a', delayMs: 10 });
    const text = await registry.metrics();
    expect(text).toContain('vcconn_hedged_requests_total{node="worker-1",operation="getTasks",outcome="hedge_won"} 2');
    expect(text).toContain('vcconn_hedged_requests_total{node="worker-1",operation="getTaskById",outcome="no_endpoint"} 1');
    expect(text).not.toContain('primary="');
  });

  it('refuses a registry whose vcconn_hedged_requests_total comes from elsewhere', () => {
    const registry = new Registry();
    new Counter({ name: 'vcconn_hedged_requests_total', help: 'not ours', registers: [registry] });
    expect(() => HedgeMetrics.of(registry)).toThrow(InvalidArgumentError);
  });
});
