import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../bench/embed/packedProject.js';

const run = promisify(execFile);

/**
 * The tsconfig of a consumer that checks everything: `strict`, `skipLibCheck: false` (so the package's .d.ts and
 * every declaration they pull in are checked), Node's ESM resolution, and only @types/node (from this checkout)
 * as ambient types: no better-sqlite3, fastify or ws types.
 */
export function writeConsumerTsconfig(project: string, include: readonly string[]): void {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext',
      strict: true, skipLibCheck: false, esModuleInterop: true,
      types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')],
      outDir: 'out', rootDir: '.', noEmitOnError: false,
    },
    include,
  };
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/** Runs this checkout's tsc on the consumer project; resolves to its diagnostics (empty when clean). */
export async function typeCheck(project: string): Promise<string> {
  try {
    await run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(project, 'tsconfig.json'), '--pretty', 'false'], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    // tsc prints its diagnostics on stdout; a tsc that did not run at all says why on stderr.
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout}${stderr}`.trim() || message;
  }
}

/** The outcome of a node process: its exit code and output. */
export interface NodeRun { code: number; stdout: string; stderr: string }

/** Runs `node <args>` in `cwd` (at most `timeoutMs`); never rejects on a non-zero exit. */
export async function runNode(args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<NodeRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...args], { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout = '', stderr = '' } = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof code === 'number' ? code : 1, stdout, stderr };
  }
}
