/**
 * One variant alone under load, for a CPU profile of its hot path:
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts enhanced 64 10000 1000`
 * (variant, concurrency, duration ms, tasks in the answer). Prints the calls per second it reached.
 */
import { Command } from 'commander';
import { sizedBaseUrl } from './server/routes.js';
import { ServerProcess } from './server/serverProcess.js';
import { measure } from './throughput/measure.js';
import { createVariant, variantNames } from './throughput/variants.js';
import type { VariantName } from './throughput/variants.js';

const program = new Command('bench-profile')
  .argument('<variant>', variantNames.join(' | '))
  .argument('[concurrency]', 'calls in flight', '64')
  .argument('[durationMs]', 'how long to run', '10000')
  .argument('[tasks]', 'tasks in the GET api/tasks answer', '3')
  .parse();
const [name, concurrencyText, durationText, tasksText] = program.args as [string, string | undefined, string | undefined, string | undefined];
if (!(variantNames as readonly string[]).includes(name)) throw new Error(`unknown variant "${name}"; known: ${variantNames.join(', ')}`);

const server = await ServerProcess.start();
const variant = createVariant(name as VariantName, sizedBaseUrl(server.url, Number(tasksText ?? '3')));
try {
  const cpuBefore = process.cpuUsage();
  const durationMs = Number(durationText ?? '10000');
  const sample = await measure(variant, Number(concurrencyText ?? '64'), durationMs);
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time per call of this (client) process: unlike calls/s it hardly moves with the load other processes put
  // on the machine, so it compares variants on a busy machine too.
  const cpuPerCallUs = (cpu.user + cpu.system) / Math.max(1, sample.calls);
  process.stdout.write(`${name}: ${Math.round(sample.opsPerSec)} calls/s, p50 ${sample.p50Ms.toFixed(3)} ms, p99 ${sample.p99Ms.toFixed(3)} ms, errors ${sample.errors}, client CPU ${Math.round(cpuPerCallUs)} µs/call\n`);
} finally {
  await variant.dispose();
  await server.close();
}
