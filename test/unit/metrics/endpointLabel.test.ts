import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInstrumentation } from '../../../src/metrics/ConnectionInstrumentation.js';
import { createInstrumentation } from '../../../src/metrics/createInstrumentation.js';
import { parseExposition, valueOf } from './support/exposition.js';

let instrumentation: ConnectionInstrumentation | undefined;
afterEach(async () => {
  await instrumentation?.dispose();
  instrumentation = undefined;
});

describe('the endpoint label', () => {
  it('is each client\'s base URL, one series per endpoint of a node, with the password redacted', async () => {
    const registry = new Registry();
    instrumentation = createInstrumentation({ metrics: { registry }, nodeId: 'n1' });
    if (instrumentation === undefined) throw new Error('expected an instrumentation');
    const first = instrumentation.observe({ type: 'enhanced', baseUrl: 'http://worker:s3cret-pw@vc1.test:5289', breakerState: () => 'closed' });
    const second = instrumentation.observe({ type: 'enhanced', baseUrl: 'http://vc2.test:5289', breakerState: () => 'closed' });
    for (const observer of [first, second, second]) {
      const call = observer.callStarted('getTasks');
      call.attempt(1, 0, { ok: true });
      call.succeeded();
    }
    first.healthChecked({ isHealthy: true, responseTimeMs: 3 });
    const text = await registry.metrics();
    expect(text).not.toContain('s3cret-pw');
    const parsed = parseExposition(text);
    const labels = { node: 'n1', client: 'enhanced', operation: 'getTasks', outcome: 'success' };
    const [redacted] = parsed.samples.filter((sample) => sample.name === 'vcconn_calls_total' && sample.labels.endpoint?.includes('vc1.test') === true).map((sample) => sample.labels.endpoint);
    expect(redacted).toMatch(/^http:\/\/.*vc1\.test:5289/);
    expect(valueOf(parsed, 'vcconn_calls_total', { ...labels, endpoint: redacted ?? '' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_calls_total', { ...labels, endpoint: 'http://vc2.test:5289' })).toBe(2);
    expect(valueOf(parsed, 'vcconn_health_check_duration_seconds_count', { node: 'n1', endpoint: redacted ?? '' })).toBe(1);
  });
});
