/**
 * `npm run bench:embed [-- --runs 9] [--json]`: what embedding the client costs a host (issue 20). Packs this
 * checkout (`npm pack`, which builds), installs the tarball into an empty project with `npm install --omit=dev`
 * (the registry must be reachable), and reports: the packages installed and whether any runs an install script,
 * the tarball's files, and the time `import('vcdevtool-connection')` takes, the median of fresh node processes.
 * Goals: import <= 150 ms, <= 60 packages, no install script (docs/PERFORMANCE.md, "Embedding cost").
 */
import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { installIntoProject, installedPackages, packagesWithInstallScripts, packTarball, tarballFiles } from './embed/packedProject.js';

const run = promisify(execFile);

const GOALS = { importMs: 150, packages: 60 } as const;

interface ImportSample { wallMs: number; cpuMs: number }

// Inside a fresh process: the import alone (wall and CPU time of this process), not node's own start-up.
const PROBE = `
const t0 = performance.now(); const c0 = process.cpuUsage();
await import(process.argv[1]);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
`;

async function importSample(project: string, specifier: string): Promise<ImportSample> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, specifier], { cwd: project });
  return JSON.parse(stdout.trim()) as ImportSample;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function parseArgs(argv: readonly string[]): { runs: number; json: boolean } {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 9;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${argv[runsAt + 1]}`);
  return { runs, json: argv.includes('--json') };
}

async function main(): Promise<void> {
  const { runs, json } = parseArgs(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log('packing (npm pack builds first) ...');
  const tarball = await packTarball();
  const files = await tarballFiles(tarball);
  log(`installing ${tarball} with --omit=dev ...`);
  const installStart = performance.now();
  const project = await installIntoProject(tarball);
  const installSeconds = (performance.now() - installStart) / 1000;
  try {
    // The library's dependency tree: every package installed but the library itself.
    const packages = [...installedPackages(project).keys()].map((path) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => name !== 'vcdevtool-connection');
    const installScripts = packagesWithInstallScripts(project);
    log(`timing ${runs} imports ...`);
    const samples: ImportSample[] = [];
    // One warm-up: the first process pays for the disk cache.
    await importSample(project, 'vcdevtool-connection');
    for (let i = 0; i < runs; i += 1) samples.push(await importSample(project, 'vcdevtool-connection'));
    const baseline: ImportSample[] = [];
    for (let i = 0; i < runs; i += 1) baseline.push(await importSample(project, 'node:os'));
    const result = {
      tarball: { files: files.length, bytes: statSync(tarball).size, sourceMaps: files.filter((file) => file.endsWith('.map')).length,
        visualizerSources: files.filter((file) => file.startsWith('visualizer/src/')).length, license: files.includes('LICENSE') },
      install: { seconds: Number(installSeconds.toFixed(1)), packages: packages.length, installScripts, names: packages.sort() },
      import: {
        runs,
        medianWallMs: Number(median(samples.map((s) => s.wallMs)).toFixed(1)),
        medianCpuMs: Number(median(samples.map((s) => s.cpuMs)).toFixed(1)),
        minWallMs: Number(Math.min(...samples.map((s) => s.wallMs)).toFixed(1)),
        baselineMedianWallMs: Number(median(baseline.map((s) => s.wallMs)).toFixed(1)),
      },
      goals: GOALS,
    };
    const met = {
      importMs: result.import.medianWallMs <= GOALS.importMs,
      packages: result.install.packages <= GOALS.packages,
      noInstallScript: installScripts.length === 0,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...result, met })}\n`);
    } else {
      process.stdout.write([
        `tarball: ${result.tarball.files} files, ${(result.tarball.bytes / 1024).toFixed(0)} KiB, ${result.tarball.sourceMaps} source maps, ${result.tarball.visualizerSources} visualizer sources, LICENSE ${result.tarball.license ? 'yes' : 'no'}`,
        `install --omit=dev: the library and ${result.install.packages} packages it depends on (goal <= ${GOALS.packages}) in ${result.install.seconds} s; install scripts: ${installScripts.length === 0 ? 'none' : installScripts.join(', ')}`,
        `import('vcdevtool-connection'): median ${result.import.medianWallMs} ms wall (goal <= ${GOALS.importMs}), ${result.import.medianCpuMs} ms CPU, min ${result.import.minWallMs} ms, over ${runs} fresh processes (import('node:os'): ${result.import.baselineMedianWallMs} ms)`,
        `packages: ${result.install.names.join(' ')}`,
        '',
      ].join('\n'));
    }
    if (!met.importMs || !met.packages || !met.noInstallScript) process.exitCode = 1;
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(dirname(tarball), { recursive: true, force: true });
  }
}

await main();
