import http from 'node:http';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultHealthDependencies, registerHealthCommand } from '../../../src/cli/health.js';
import type { HealthDependencies } from '../../../src/cli/health.js';
import { DemoNode } from '../../../src/demo/demoNode.js';
import { startMetricsServer } from '../../../src/demo/metricsServer.js';
import type { MetricsServer } from '../../../src/demo/metricsServer.js';
import { DEMO_NODE_SETTINGS } from '../../../src/demo/nodeSettings.js';
import { vcconnWith } from '../cli/support.js';
import { startHeldTaskServer } from '../manager/support/heldTaskServer.js';
import type { HeldTaskServer } from '../manager/support/heldTaskServer.js';
import { parseExposition, valueOf } from '../../unit/metrics/support/exposition.js';

let server: HeldTaskServer | undefined;
let metrics: MetricsServer | undefined;
let node: DemoNode | undefined;

afterEach(async () => {
  await node?.shutdown(0);
  await metrics?.close();
  await server?.close();
  node = undefined;
  metrics = undefined;
  server = undefined;
});

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    }).on('error', reject);
  });
}

describe('the demo /metrics endpoint', () => {
  it('serves a demo node registry as Prometheus text on loopback, labelled with the node id; 404 elsewhere', async () => {
    server = await startHeldTaskServer();
    const registry = new Registry();
    metrics = await startMetricsServer(registry);
    expect(metrics.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    node = new DemoNode({ id: 'node-7', baseUrl: server.url, settings: DEMO_NODE_SETTINGS, registry });
    await node.manager.client.getTasks();

    const scraped = await get(metrics.url);
    expect(scraped.status).toBe(200);
    expect(scraped.type).toContain('text/plain');
    const parsed = parseExposition(scraped.body);
    expect(valueOf(parsed, 'vcconn_calls_total', { node: 'node-7', client: 'enhanced', operation: 'getTasks', outcome: 'success' })).toBe(1);
    expect(valueOf(parsed, 'vcconn_link_state', { node: 'node-7', state: 'healthy' })).toBe(1);
    expect((await get(metrics.url.replace('/metrics', '/other'))).status).toBe(404);
  });
});

describe('vcconn health --metrics', () => {
  it('prints the probes metrics after the health lines, as parseable Prometheus text', async () => {
    server = await startHeldTaskServer();
    const dependencies: HealthDependencies = {
      ...defaultHealthDependencies, sleep: vi.fn(() => Promise.resolve(true)), onInterrupt: () => () => undefined,
    };
    const run = await vcconnWith((program, io) => registerHealthCommand(program, io, dependencies), 'health', server.url, '-n', '2', '--metrics');
    expect(run.code).toBe(0);
    // The header lines (what is probed, what Circuit means) come first, then a line per probe, then the metrics.
    const lines = run.stdout.split('\n');
    const probeLines = lines.filter((line) => line.startsWith('['));
    expect(probeLines).toHaveLength(2);
    for (const line of probeLines) expect(line).toMatch(/Healthy: true/);
    const afterProbes = lines.slice(lines.lastIndexOf(probeLines[1] ?? '') + 1);
    const parsed = parseExposition(afterProbes.join('\n'));
    expect(valueOf(parsed, 'vcconn_health_check_duration_seconds_count', { node: 'vcconn-health', client: 'enhanced', outcome: 'healthy' })).toBe(2);
    expect(valueOf(parsed, 'vcconn_breaker_state', { node: 'vcconn-health', state: 'closed' })).toBe(1);
  });

  it('without --metrics prints only the health lines', async () => {
    server = await startHeldTaskServer();
    const dependencies: HealthDependencies = { ...defaultHealthDependencies, onInterrupt: () => () => undefined };
    const run = await vcconnWith((program, io) => registerHealthCommand(program, io, dependencies), 'health', server.url, '-n', '1');
    expect(run.stdout).not.toContain('vcconn_');
  });
});
