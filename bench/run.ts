/**
 * `npm run bench [-- --quick] [--json] [--only throughput,failFast,recovery,decode,herd,memory,outbox,endpoints]`: the performance
 * harness (see docs/PERFORMANCE.md). Progress goes to stderr; the tables to stdout, and with `--json` one JSON
 * object as the last stdout line.
 */
import { Command, Option } from 'commander';
import { runBenchChild } from './childProcess.js';
import { fullConfig, quickConfig } from './config.js';
import type { BenchConfig } from './config.js';
import { renderDecodeTable } from './decode/measure.js';
import type { DecodeResult } from './decode/measure.js';
import { runEndpoints } from './endpoints.js';
import { runFailFast } from './failFast.js';
import type { HerdRunResult, HerdScenario } from './herd/herdSim.js';
import { runRecovery } from './recovery/recovery.js';
import type { RecoveryResult } from './recovery/recovery.js';
import { tasksAnswer } from './server/answers.js';
import { ServerProcess } from './server/serverProcess.js';
import { headline, machineInfo } from './summary.js';
import type { BenchResults, MemoryResult } from './summary.js';
import type { OutboxBenchResult } from './outbox/result.js';
import { renderTables } from './table.js';
import { runThroughput } from './throughput/throughput.js';

const sectionNames = ['throughput', 'failFast', 'recovery', 'decode', 'herd', 'memory', 'outbox', 'endpoints'] as const;
type Section = (typeof sectionNames)[number];

const program = new Command('bench')
  .description('Throughput, fail-fast, herd, recovery, decode and memory of the connection library')
  .option('--quick', 'short rounds, the whole run in three to four minutes on 2 cores', false)
  .option('--json', 'print the results as one JSON object on the last stdout line', false)
  .addOption(new Option('--only <sections>', `comma-separated sections (${sectionNames.join(', ')})`).argParser(parseSections))
  .parse();
const options = program.opts<{ quick: boolean; json: boolean; only?: Section[] }>();

function parseSections(value: string): Section[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(sectionNames as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${sectionNames.join(', ')}`);
  return names as Section[];
}

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const config: BenchConfig = options.quick ? quickConfig : fullConfig;
  const wants = (section: Section) => options.only === undefined || options.only.includes(section);
  const startedAt = performance.now();
  const machine = machineInfo();
  const results: BenchResults = {};
  let decode: DecodeResult | undefined;
  const server = await ServerProcess.start();
  progress(`server listening on ${server.url} (pid apart); mode ${options.quick ? 'quick' : 'full'}`);
  // A section that fails is reported under `errors`; the others still run and are reported.
  const errors: Partial<Record<Section, string>> = {};
  const section = async <T>(name: Section, run: () => Promise<T>): Promise<T | undefined> => {
    if (!wants(name)) return undefined;
    try {
      return await run();
    } catch (error) {
      errors[name] = error instanceof Error ? error.message : String(error);
      progress(`${name} failed: ${errors[name]}`);
      return undefined;
    }
  };
  try {
    // Timed sections first and one at a time: nothing else of ours runs while they measure.
    const bySize = await section('throughput', () => runThroughput({
      baseUrl: server.url, answerSizes: config.answerSizes, concurrencies: config.concurrencies,
      rounds: config.rounds, runMs: config.runMs, warmupMs: config.warmupMs,
    }, progress));
    if (bySize !== undefined) {
      // `throughput` and the headline `enhancedVsRawAxios` keep meaning what they meant before sizes: 3 tasks.
      results.throughput = bySize['3'];
      results.throughputBySize = bySize;
      results.throughputAnswerBytes = Object.fromEntries(config.answerSizes.map((size) => [String(size), tasksAnswer(size).byteLength]));
    }
    results.failFast = await section('failFast', () => runFailFast(server.url, config.failFastRounds, config.failFastRunMs));
    if (results.failFast !== undefined) progress(`fail-fast: ${JSON.stringify(results.failFast)}`);
    results.endpoints = await section('endpoints', () => runEndpoints(server.url, config.failFastRounds + 2, config.failFastRunMs * 2));
    if (results.endpoints !== undefined) progress(`endpoints: ${JSON.stringify(results.endpoints)}`);
    results.recovery = await section('recovery', () => recoveries(server, config));
    decode = await section('decode', () => decodeRun(options.quick));
    results.outbox = await section('outbox', () => outboxRun(config));
    // The herd runs on a simulated clock and the memory section counts bytes: neither depends on CPU time, so
    // they share the cores, the herd's variants split over two processes.
    [results.herd, results.memory] = await Promise.all([
      section('herd', () => herdRuns(config)),
      section('memory', () => memoryRuns(server.url, config)),
    ]);
  } finally {
    await server.close();
  }
  const runtimeSec = Math.round((performance.now() - startedAt) / 100) / 10;
  const tables = [renderTables(results), decode === undefined ? '' : renderDecodeTable(decode)].filter((table) => table !== '');
  process.stdout.write(`${tables.join('\n\n')}\n\nmachine: ${JSON.stringify(machine)}; runtime ${runtimeSec} s\n`);
  const load = Math.max(machine.loadAverage1m, machineInfo().loadAverage1m);
  if (load > machine.cores / 2) {
    process.stdout.write(`WARNING: load average ${load} on ${machine.cores} cores: throughput, latency and fail-fast figures are not reliable\n`);
  }
  for (const [name, message] of Object.entries(errors)) process.stdout.write(`FAILED ${name}: ${message}\n`);
  if (Object.keys(errors).length > 0) process.exitCode = 1;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      mode: options.quick ? 'quick' : 'full', machine: { ...machine, loadAverage1mAtEnd: machineInfo().loadAverage1m }, runtimeSec,
      ...headline(results), ...results, decode, errors,
    })}\n`);
  }
}

async function recoveries(server: ServerProcess, config: BenchConfig): Promise<RecoveryResult[]> {
  const runs: RecoveryResult[] = [];
  const short = config.recoveryShortBreakSec;
  for (let i = 0; i < config.recoveryRepeats; i += 1) {
    runs.push(await runRecovery(server, {
      name: `break ${short} s`,
      connection: { circuitBreakerBreakDurationSeconds: short, degradedHealthCheckIntervalSeconds: short },
      downMs: config.recoveryDownMs,
      timeoutMs: 60_000,
    }));
    progress(`recovery: ${JSON.stringify(runs[runs.length - 1])}`);
  }
  if (config.recoveryDefaultBreak) {
    runs.push(await runRecovery(server, { name: 'defaults (break 30 s)', connection: {}, downMs: config.recoveryDownMs, timeoutMs: 180_000 }));
    progress(`recovery: ${JSON.stringify(runs[runs.length - 1])}`);
  }
  return runs;
}

/** The decode micro-benchmark in a process of its own, so no other section's compiled code or heap weighs on it. */
async function decodeRun(quick: boolean): Promise<DecodeResult> {
  const lines = await runBenchChild('./decode.ts', ['--json', '--quiet', ...(quick ? ['--quick'] : [])]);
  const result = lines[lines.length - 1] as DecodeResult | undefined;
  if (result === undefined) throw new Error('decode printed nothing');
  progress(`decode: ${result.sizes.map((size) => `${size.tasks} tasks ${size.decodeOverParse.toFixed(2)}x JSON.parse`).join(', ')}`);
  return result;
}

/** The outbox section in a process of its own: it starts its own reference server (SQLite file) on loopback. */
async function outboxRun(config: BenchConfig): Promise<OutboxBenchResult> {
  const lines = await runBenchChild('./outbox/main.ts', [String(config.outboxEntries)]);
  const result = lines[lines.length - 1] as OutboxBenchResult | undefined;
  if (result === undefined) throw new Error('the outbox bench printed nothing');
  progress(`outbox: ${JSON.stringify(result)}`);
  return result;
}

async function herdRuns(config: BenchConfig): Promise<HerdRunResult[]> {
  const scenario: HerdScenario = {
    clients: config.herdClients, periodMs: config.herdPeriodMs, steadySec: config.herdSteadySec,
    outageSec: config.herdOutageSec, afterSec: config.herdAfterSec, seed: 20_260_115,
  };
  const halves = [config.herdVariants.filter((_, i) => i % 2 === 0), config.herdVariants.filter((_, i) => i % 2 === 1)];
  const outputs = await Promise.all(halves.filter((half) => half.length > 0)
    .map((half) => runBenchChild('./herd/main.ts', [JSON.stringify(scenario), ...half])));
  const runs = outputs.flat() as HerdRunResult[];
  progress(`herd: ${runs.map((run) => `${run.variant} peak/steady ${run.peakOverSteady.toFixed(2)} (${run.wallMs} ms)`).join(', ')}`);
  return config.herdVariants.map((name) => runs.find((run) => run.variant === name)).filter((run) => run !== undefined);
}

async function memoryRuns(baseUrl: string, config: BenchConfig): Promise<MemoryResult[]> {
  const runs: MemoryResult[] = [];
  for (const count of config.memoryCounts) {
    const [run] = await runBenchChild('./memory/main.ts', [baseUrl, String(count)], ['--expose-gc']);
    runs.push(run as MemoryResult);
    progress(`memory: ${JSON.stringify(run)}`);
  }
  return runs;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
