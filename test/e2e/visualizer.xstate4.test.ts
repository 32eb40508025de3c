import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISUALIZER_LINE_PATTERN } from '../../src/cli/visualize.js';
import { launchBrowser } from './support/browser.js';
import type { TestBrowser } from './support/browser.js';
import { waitForActiveState, waitForChart, waitForTrail } from './support/page.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const APP_DIR = fileURLToPath(new URL('../fixtures/xstate4-app/', import.meta.url));
const INSTALL = 'npm ci --prefix test/fixtures/xstate4-app';

/** A child process and everything it printed so far; `waitFor` resolves once its output matches. */
interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  output(): string;
  waitFor(pattern: RegExp, what: string): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function start(command: string, args: readonly string[], cwd?: string): Child {
  const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const wake of waiting) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    resolve(code);
    for (const wake of waiting) wake();
  }));
  return {
    process: child,
    output: () => text,
    exited,
    waitFor: (pattern, what) => new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text);
        if (match !== null) {
          waiting.delete(check);
          resolve(match);
        } else if (child.exitCode !== null) {
          waiting.delete(check);
          reject(new Error(`${command} exited (${child.exitCode}) before ${what}:\n${text}`));
        }
      };
      waiting.add(check);
      check();
    }),
  };
}

let browser: TestBrowser;
let app: Child;
let visualize: Child;

beforeAll(async () => {
  if (!existsSync(`${APP_DIR}node_modules/@xstate/inspect`) || !existsSync(`${APP_DIR}node_modules/xstate`)) {
    throw new Error(`The XState v4 fixture app is not installed (it is its own package: @xstate/inspect needs xstate@4 beside it). Run: ${INSTALL}`);
  }
  browser = await launchBrowser();
  app = start(process.execPath, ['app.js'], APP_DIR);
});

afterAll(async () => {
  visualize?.process.kill('SIGTERM');
  app?.process.stdin.end();
  await Promise.all([visualize?.exited, app?.exited]);
  await browser?.close();
});

describe('vcconn visualize --xstate4: an XState v4 app with @xstate/inspect server mode', () => {
  it("shows the app's machines, lit as they change, like any other app's", async () => {
    const appUrl = (await app.waitFor(/inspect server on (ws:\/\/\S+)/, 'its server listened'))[1] ?? '';
    visualize = start(process.execPath, ['--import', 'tsx', CLI, 'visualize', '--port', '0', '--xstate4', appUrl]);
    const url = (await visualize.waitFor(VISUALIZER_LINE_PATTERN, 'the visualizer listened'))[1] ?? '';
    await visualize.waitFor(/xstate4: connected to ws:\/\//, 'it connected to the app');

    const page = await browser.newPage();
    await page.goto(url);
    const job = await waitForChart(page, 'job');
    const light = await waitForChart(page, 'light');
    const card = page.locator(`.card[data-actor-id="${job}"]`);
    expect(await card.getAttribute('data-group')).toBe(`xstate4 ${new URL(appUrl).host}`);
    await waitForActiveState(page, job, 'job.idle');
    // The v4 chart as XState 4 defines it: nested, final states, a guard, a timer.
    for (const state of ['job.running.downloading', 'job.running.done', 'job.failed', 'job.finished']) {
      expect(await card.locator(`g.state[data-state-id="${state}"]`).count()).toBe(1);
    }
    expect(await card.locator('text.transition-label', { hasText: 'after 60000 ms' }).count()).toBe(1);

    app.process.stdin.write('send job START\n');
    await waitForActiveState(page, job, 'job.running.downloading');
    expect(await card.locator('g.transition.taken text.transition-label').textContent()).toBe('START');
    app.process.stdin.write('send job FAIL\nsend job RETRY\nsend light TOGGLE\n');
    await waitForTrail(page, 'job', ['idle', 'running\\.downloading', 'failed', 'running\\.downloading']);
    await waitForActiveState(page, light, 'light.power.on');
    await waitForActiveState(page, light, 'light.colour.white');
    expect(await page.locator('.log-table tbody tr[data-event-type="RETRY"]').count()).toBe(1);

    // The app goes: its machines are shown stopped and the relay says it will try again.
    app.process.stdin.end();
    await page.locator(`.card[data-actor-id="${job}"].stopped`).waitFor();
    await visualize.waitFor(/xstate4: ws:\/\/\S+ is not answering/, 'it noticed the app left');
    await page.screenshot({ path: 'test-results/visualizer-xstate4.png' });
    expect(browser.offLoopback).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
