import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import { VISUALIZER_LINE_PATTERN, registerVisualizeCommand } from '../../../src/cli/visualize.js';
import { startInspector } from '../../../src/inspect/index.js';

function program(onStop: (handler: (signal: NodeJS.Signals) => void) => void): { command: Command; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) };
  const command = new Command('vcconn').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerVisualizeCommand(command, io, { start: startInspector, onStopSignal: onStop });
  return { command, out, err };
}

describe('vcconn visualize', () => {
  it('serves the visualizer on the port asked for, prints its URL and the inspect URL, and closes on a stop signal', async () => {
    let stop: ((signal: NodeJS.Signals) => void) | undefined;
    const { command, out, err } = program((handler) => {
      stop = handler;
    });
    const code = await runCli(['node', 'vcconn', 'visualize', '--port', '0'], { stdout: () => undefined, stderr: () => undefined }, command);
    expect(code).toBe(ExitCode.ok);
    const url = VISUALIZER_LINE_PATTERN.exec(out.join(''))?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(out.join('')).toContain(`createWebSocketInspector({ url: '${(url ?? '').replace('http', 'ws')}inspect' })`);
    expect((await fetch(url ?? '')).status).toBe(200);
    stop?.('SIGTERM');
    await expect.poll(() => err.join('')).toContain('visualizer stopped');
    await expect(fetch(url ?? '')).rejects.toThrow();
  });

  it('refuses a port out of range with the usage exit code', async () => {
    const { command, err } = program(() => undefined);
    const code = await runCli(['node', 'vcconn', 'visualize', '--port', '99999'], { stdout: () => undefined, stderr: (text) => err.push(text) }, command);
    expect(code).toBe(ExitCode.usage);
    expect(err.join('')).toMatch(/port/i);
  });
});
