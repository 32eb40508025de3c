import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The package as a user gets it: `npm pack` of this checkout (its `prepack` builds dist/ and the visualizer page),
 * installed into an empty project. Shared by `npm run bench:embed` and the packed-consumer test.
 */

const run = promisify(execFile);

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs npm with `args` in `cwd`; rejects with its output on a non-zero exit. */
export async function npm(args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run('npm', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** `npm pack` into a fresh temporary folder; resolves to the tarball's path. */
export async function packTarball(): Promise<string> {
  const destination = mkdtempSync(join(tmpdir(), 'vcconn-pack-'));
  await npm(['pack', '--pack-destination', destination], repoRoot);
  const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${destination}`);
  return join(destination, tarball);
}

/** The files a tarball holds (paths inside `package/`). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line !== '').map((line) => line.replace(/^package\//, ''));
}

/** An empty ESM project in a temporary folder, with the tarball (and `extra` packages) installed without dev dependencies. */
export async function installIntoProject(tarball: string, extra: readonly string[] = []): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'vcconn-consumer-'));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'vcconn-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  await npm(['install', '--omit=dev', '--no-audit', '--no-fund', tarball, ...extra], project);
  return project;
}

interface HiddenLockEntry { version?: string; hasInstallScript?: boolean; dev?: boolean }

/** The packages installed in `project` (from npm's hidden lockfile), by path, e.g. `node_modules/axios`. */
export function installedPackages(project: string): Map<string, HiddenLockEntry> {
  const file = join(project, 'node_modules', '.package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, HiddenLockEntry> };
  return new Map(Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/')));
}

/**
 * Installed packages that run something at install: an install, preinstall or postinstall script, or a
 * binding.gyp (npm then runs `node-gyp rebuild` by itself).
 */
export function packagesWithInstallScripts(project: string): string[] {
  const found: string[] = [];
  for (const [path, entry] of installedPackages(project)) {
    const dir = join(project, path);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const scripts = manifest.scripts ?? {};
    if (entry.hasInstallScript === true || ['preinstall', 'install', 'postinstall'].some((name) => name in scripts) || existsSync(join(dir, 'binding.gyp'))) {
      found.push(path.replace(/^.*node_modules\//, ''));
    }
  }
  return found;
}

/** Writes `files` (relative path -> text) into `dir`, creating folders. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
}
