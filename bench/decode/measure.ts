/**
 * The decode micro-benchmark: what reading a `GET api/tasks` answer costs per answer, JSON.parse alone against
 * `decodeAnswer` and against validating with the zod schema alone. No server, no I/O: one process, one core.
 */
import { seededRandom } from '../../machines/random.js';
import { operations } from '../../src/api/operations/index.js';
import { decodeAnswer } from '../../src/http/decodeAnswer.js';
import type { RawAnswer } from '../../src/http/decodeAnswer.js';
import { median, round } from '../stats.js';

/** How long to measure. */
export interface DecodeBenchConfig {
  /** Tasks per answer. */
  readonly sizes: readonly number[];
  /** Interleaved rounds; each variant's figure is the median over them. */
  readonly rounds: number;
  /** Time one variant spends per round, ms (rounded to whole answers). */
  readonly batchMs: number;
  /** Time all variants run before any is measured, ms, per size. */
  readonly warmupMs: number;
}

export const fullDecodeConfig: DecodeBenchConfig = { sizes: [3, 100, 1000], rounds: 15, batchMs: 40, warmupMs: 1500 };
export const quickDecodeConfig: DecodeBenchConfig = { sizes: [3, 100, 1000], rounds: 5, batchMs: 20, warmupMs: 500 };

/** Per-answer cost of one answer size, CPU µs (medians), and the ratios the goal is stated in. */
export interface DecodeSizeResult {
  readonly tasks: number;
  readonly bytes: number;
  readonly jsonParseUs: number;
  /** `decodeAnswer` as the clients call it: JSON.parse, then the fast check (zod only when it says not valid). */
  readonly decodeAnswerUs: number;
  /** JSON.parse then the zod schema (today's, whose dates are read by the same recogniser as the fast check's). */
  readonly zodPathUs: number;
  readonly decodeOverParse: number;
  readonly zodOverParse: number;
  /** What validation adds on top of JSON.parse, zod's over the fast check's: the "times cheaper" figure. */
  readonly validationSpeedup: number;
}

export interface DecodeResult {
  readonly rounds: number;
  readonly sizes: readonly DecodeSizeResult[];
}

const nodes = ['render-01', 'render-02', 'render-03', 'render-04', 'gpu-07', 'gpu-08'];
const types = [1, 3, 4, 5, 6, 7];
const base = Date.parse('2026-01-15T08:00:00Z');

/** A .NET `DateTime` as System.Text.Json writes it: 7 fractional digits, `Z` for UTC kinds, nothing for Unspecified. */
function dotNetDate(ms: number, ticks: number, utc: boolean): string {
  const text = new Date(ms).toISOString().slice(0, 19);
  return `${text}.${String(ticks).padStart(7, '0')}${utc ? 'Z' : ''}`;
}

/** A task as the .NET server sends it: camelCase, every property, nulls where the row has none. */
function dotNetTask(id: number, random: () => number): Record<string, unknown> {
  const status = Math.floor(random() * 5);
  const node = nodes[Math.floor(random() * nodes.length)] as string;
  const created = base + id * 61_000;
  const utc = random() < 0.5;
  const tick = () => Math.floor(random() * 10_000_000);
  const started = status === 0 ? null : dotNetDate(created + 5_000, tick(), utc);
  const done = status >= 2 ? dotNetDate(created + 250_000, tick(), utc) : null;
  const rowVersion = Buffer.alloc(8);
  rowVersion.writeUInt32BE(id * 7919, 4);
  return {
    id,
    name: `Render batch ${id}`,
    type: types[id % types.length],
    status,
    assignedNodeId: status === 0 ? null : node,
    assignedNodeIds: status === 0 ? '[]' : JSON.stringify([node]),
    createdAt: dotNetDate(created, tick(), utc),
    startedAt: started,
    completedAt: done,
    parameters: JSON.stringify({ scene: `p${id % 13}/scene_${id}.rcproj`, frames: 24 + (id % 200), quality: 'high' }),
    resultMessage: status === 2 ? `Completed ${24 + (id % 200)} frames` : status === 3 ? 'Node lost during processing' : null,
    rowVersion: rowVersion.toString('base64'),
  };
}

/** The body of a `GET api/tasks` answer with `count` tasks, the same for a given count on every run. */
export function tasksAnswerBody(count: number): string {
  const random = seededRandom(20_260_115 + count);
  return JSON.stringify(Array.from({ length: count }, (_, i) => dotNetTask(i + 1, random)));
}

type Variant = 'jsonParse' | 'decodeAnswer' | 'zodPath';
const variants: readonly Variant[] = ['jsonParse', 'decodeAnswer', 'zodPath'];

function runner(variant: Variant, body: string): () => number {
  const spec = operations.getTasks;
  const schema = spec.answer.kind === 'json' ? spec.answer.schema : undefined;
  if (schema === undefined) throw new Error('getTasks answers JSON');
  const answer: RawAnswer = { status: 200, body, contentType: 'application/json; charset=utf-8', retryAfter: undefined };
  const now = Date.now();
  // Each returns something of the result, so no variant's work can be optimised away.
  switch (variant) {
    case 'jsonParse':
      return () => (JSON.parse(body) as unknown[]).length;
    case 'decodeAnswer':
      return () => {
        const decoded = decodeAnswer(spec, answer, now);
        if (!decoded.ok) throw decoded.error;
        return decoded.value.length;
      };
    case 'zodPath':
      return () => {
        const result = schema.safeParse(JSON.parse(body));
        if (!result.success) throw result.error;
        return result.data.length;
      };
  }
}

/** Answers per batch so one batch lasts about `batchMs`. */
function calibrate(run: () => number, batchMs: number): number {
  let n = 1;
  for (;;) {
    const startedAt = performance.now();
    for (let i = 0; i < n; i += 1) run();
    const ms = performance.now() - startedAt;
    if (ms >= batchMs / 4 || n >= 1 << 20) return Math.max(1, Math.round((n * batchMs) / Math.max(ms, 0.001)));
    n *= 2;
  }
}

/**
 * CPU µs per answer of one batch: the process's CPU time rather than the wall clock, so time the machine gives
 * to other processes is not charged to the variant running (GC helper threads are, as they are in production).
 */
function timeBatch(run: () => number, count: number): number {
  let sink = 0;
  const startedAt = process.cpuUsage();
  for (let i = 0; i < count; i += 1) sink += run();
  const used = process.cpuUsage(startedAt);
  if (sink < 0) throw new Error('unreachable');
  return (used.user + used.system) / count;
}

/** Runs every runner for about `ms` in turns, so each is optimised before any of them is measured. */
function warmUp(runs: readonly (() => number)[], ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) for (const run of runs) for (let i = 0; i < 5; i += 1) run();
}

/**
 * Measures every size: the variants take turns within a round (so a busy spell of the machine hits all of
 * them alike) and each variant's figure is its median over the rounds.
 */
export function measureDecode(config: DecodeBenchConfig, progress: (line: string) => void = () => {}): DecodeResult {
  const sizes = config.sizes.map((tasks) => {
    const body = tasksAnswerBody(tasks);
    const runs = variants.map((variant) => runner(variant, body));
    warmUp(runs, config.warmupMs);
    const counts = runs.map((run) => calibrate(run, config.batchMs));
    const samples: number[][] = variants.map(() => []);
    for (let round = 0; round < config.rounds; round += 1) {
      runs.forEach((run, i) => samples[i]?.push(timeBatch(run, counts[i] ?? 1)));
    }
    const [jsonParseUs, decodeAnswerUs, zodPathUs] = samples.map((list) => median(list)) as [number, number, number];
    const result: DecodeSizeResult = {
      tasks,
      bytes: Buffer.byteLength(body),
      jsonParseUs: round(jsonParseUs, 2),
      decodeAnswerUs: round(decodeAnswerUs, 2),
      zodPathUs: round(zodPathUs, 2),
      decodeOverParse: round(decodeAnswerUs / jsonParseUs, 3),
      zodOverParse: round(zodPathUs / jsonParseUs, 3),
      validationSpeedup: round((zodPathUs - jsonParseUs) / Math.max(decodeAnswerUs - jsonParseUs, 0.001), 2),
    };
    progress(`decode: ${JSON.stringify(result)}`);
    return result;
  });
  return { rounds: config.rounds, sizes };
}

/** The readable table of a decode run. */
export function renderDecodeTable(result: DecodeResult): string {
  const header = ['tasks', 'bytes', 'JSON.parse µs', 'decodeAnswer µs', 'zod path µs', 'decode/parse', 'zod/parse', 'validation x cheaper'];
  const rows = result.sizes.map((r) => [
    r.tasks, r.bytes, r.jsonParseUs.toFixed(2), r.decodeAnswerUs.toFixed(2), r.zodPathUs.toFixed(2),
    r.decodeOverParse.toFixed(3), r.zodOverParse.toFixed(3), r.validationSpeedup.toFixed(2),
  ].map(String));
  const cells = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const lines = cells.map((row) => row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
  return [`Decode: GET api/tasks answer, CPU µs per answer (medians of ${result.rounds} interleaved rounds)`, ...lines].join('\n');
}
