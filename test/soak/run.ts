/**
 * `npm run soak -- --minutes 10 [--json]`: steady load on the reference server through flapping faults; exits 1
 * when RSS grew more than 5 % after warm-up, a call failed with an untyped error, or a rejection went unhandled.
 * Not part of CI: it takes minutes and its figures depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { Command, InvalidArgumentError } from 'commander';
import { formatReport } from './report.js';
import { runSoak } from './soak.js';

function positive(label: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${label} must be a positive number, got "${text}"`);
    return value;
  };
}

const program = new Command('soak')
  .description('Steady load on the reference server with flapping faults; checks RSS growth, handles and request outcomes.')
  .option('--minutes <n>', 'length of the run', positive('--minutes'), 10)
  .option('--managers <n>', 'ConnectionManagers (two callers each) besides one bare Enhanced and one Standard client', positive('--managers'), 3)
  .option('--flap-seconds <n>', 'seconds per flapping step', positive('--flap-seconds'), 4)
  .option('--sample-seconds <n>', 'seconds between memory samples', positive('--sample-seconds'), 5)
  .option('--json', 'print the result as JSON', false)
  .parse();

const options = program.opts<{ minutes: number; managers: number; flapSeconds: number; sampleSeconds: number; json: boolean }>();

// RSS is only comparable after a forced collection: re-run this very command under --expose-gc (the tsx loader
// flags come along in execArgv).
if (typeof globalThis.gc !== 'function' && process.env.VCCONN_SOAK_CHILD === undefined) {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, VCCONN_SOAK_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const result = await runSoak({
  minutes: options.minutes,
  managers: Math.round(options.managers),
  flapSeconds: options.flapSeconds,
  sampleSeconds: options.sampleSeconds,
  progress: options.json ? () => undefined : (line) => console.log(line),
});
const passed = result.memory.ok && result.untypedFailures === 0 && result.unhandled.length === 0;
console.log(options.json ? JSON.stringify({ passed, ...result }, null, 2) : formatReport(result, passed));
process.exit(passed ? 0 : 1);
