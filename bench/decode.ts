/**
 * `npx tsx bench/decode.ts [--quick] [--json] [--quiet] [--sizes 3,100,1000]`: per-answer cost of reading a
 * `GET api/tasks` answer, JSON.parse alone against decodeAnswer and against the zod-only path, with the ratios.
 * The table goes to stdout; `--json` adds one JSON object as the last stdout line, `--quiet` leaves the table
 * out (the bench harness's `decode` section runs it so and reads that line).
 */
import { Command, Option } from 'commander';
import { fullDecodeConfig, measureDecode, quickDecodeConfig, renderDecodeTable } from './decode/measure.js';
import { machineInfo } from './summary.js';

const program = new Command('bench-decode')
  .description('Cost of decoding and validating GET api/tasks answers')
  .option('--quick', 'fewer, shorter rounds', false)
  .option('--json', 'print the results as one JSON object on the last stdout line', false)
  .option('--quiet', 'no table, no progress (with --json: the JSON line only)', false)
  .addOption(new Option('--sizes <counts>', 'comma-separated tasks per answer').argParser(parseSizes))
  .parse();
const options = program.opts<{ quick: boolean; json: boolean; quiet: boolean; sizes?: number[] }>();

function parseSizes(value: string): number[] {
  const sizes = value.split(',').map((text) => Number(text.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 0)) throw new Error(`--sizes: expected whole numbers, got ${value}`);
  return sizes;
}

const config = { ...(options.quick ? quickDecodeConfig : fullDecodeConfig), ...(options.sizes ? { sizes: options.sizes } : {}) };
const machine = machineInfo();
const result = measureDecode(config, options.quiet ? undefined : (line) => process.stderr.write(`[bench] ${line}\n`));
const machineAtEnd = { ...machine, loadAverage1mAtEnd: machineInfo().loadAverage1m };
if (!options.quiet) {
  process.stdout.write(`${renderDecodeTable(result)}\n\nmachine: ${JSON.stringify(machineAtEnd)}\n`);
  const load = Math.max(machine.loadAverage1m, machineAtEnd.loadAverage1mAtEnd);
  if (load > machine.cores / 2) process.stdout.write(`WARNING: load average ${load} on ${machine.cores} cores: figures are noisy\n`);
}
if (options.json) process.stdout.write(`${JSON.stringify({ mode: options.quick ? 'quick' : 'full', machine: machineAtEnd, ...result })}\n`);
