import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ExitCode } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import { VISUALIZER_LINE_PATTERN, registerVisualizeCommand } from '../../../src/cli/visualize.js';
import { isInvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';
import { startInspector } from '../../../src/inspect/index.js';
import type { FeedBatch, RunningInspector, XState4LinkStatus } from '../../../src/inspect/index.js';

/** Frames the real v4 fixture app sent (see test/unit/inspect/xstate4Trace.json). */
const trace = JSON.parse(readFileSync(new URL('../../unit/inspect/xstate4Trace.json', import.meta.url), 'utf8')) as string[];
const registrations = trace.filter((frame) => frame.includes('"service.register"'));

/**
 * A stand-in for an app's `@xstate/inspect` server: a WebSocket server that answers `xstate.inspecting` with
 * its services' registrations, as the real one does, and records what inspectors said.
 */
async function fakeV4App(): Promise<{ url: string; server: WebSocketServer; said: string[]; clients: () => WebSocket[] }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const said: string[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      said.push(data.toString('utf8'));
      if ((JSON.parse(data.toString('utf8')) as { type?: unknown }).type === 'xstate.inspecting') for (const frame of registrations) socket.send(frame);
    });
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, server, said, clients: () => [...server.clients] };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openFeed(inspector: RunningInspector): Promise<{ batches: FeedBatch[]; next: () => Promise<void> }> {
  const socket = new WebSocket(`${inspector.url.replace('http', 'ws')}feed`);
  const batches: FeedBatch[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data: Buffer) => {
    batches.push(JSON.parse(data.toString('utf8')) as FeedBatch);
    wake?.();
  });
  await new Promise((resolve) => socket.once('open', resolve));
  cleanups.push(() => socket.close());
  return { batches, next: () => new Promise((resolve) => (wake = resolve)) };
}

describe('connectXState4: a relay that inspects an @xstate/inspect server', () => {
  it("says xstate.inspecting, shows the app's services, and connects again with fresh ids when the app drops it", async () => {
    const app = await fakeV4App();
    cleanups.push(() => new Promise((resolve) => app.server.close(() => resolve())));
    const inspector = await startInspector({ flushIntervalMs: 5 });
    cleanups.push(() => inspector.close());
    const feed = await openFeed(inspector);
    const statuses: XState4LinkStatus[] = [];
    let statusSeen: (() => void) | undefined;
    const link = inspector.connectXState4(`${app.url}/`, { retryDelayMs: 1, onStatus: (status) => {
      statuses.push(status);
      statusSeen?.();
    } });
    expect(link.url).toBe(app.url);

    const actorIds = (): string[] => feed.batches.flatMap((batch) => batch.actors.map((actor) => actor.id));
    while (actorIds().length < 2) await feed.next();
    expect(app.said).toEqual(['{"type":"xstate.inspecting"}']);
    expect(feed.batches.flatMap((batch) => batch.actors).map((actor) => [actor.id, actor.name, actor.group, actor.source])).toEqual([
      ['v4-1:x:1', 'job', `xstate4 ${new URL(app.url).host}`, 'xstate4'],
      ['v4-1:x:2', 'light', `xstate4 ${new URL(app.url).host}`, 'xstate4'],
    ]);
    expect(statuses).toEqual([{ kind: 'connected', url: app.url }]);

    // The app drops the inspector (it restarted, say): its actors stop, and the link is back with new ids.
    for (const client of app.clients()) client.terminate();
    while (!feed.batches.some((batch) => batch.stopped.includes('v4-1:x:1'))) await feed.next();
    while (actorIds().length < 4) await feed.next();
    expect(actorIds().slice(2)).toEqual(['v4-2:x:1', 'v4-2:x:2']);
    while (statuses.length < 3) await new Promise<void>((resolve) => (statusSeen = resolve));
    expect(statuses.map((status) => status.kind)).toEqual(['connected', 'disconnected', 'connected']);

    link.close();
    link.close();
    while (!feed.batches.some((batch) => batch.stopped.includes('v4-2:x:2'))) await feed.next();
  });

  it('refuses an address that is not ws:// or wss://, and a bad group label', async () => {
    const inspector = await startInspector();
    cleanups.push(() => inspector.close());
    expect(() => inspector.connectXState4('http://127.0.0.1:8888')).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => inspector.connectXState4('127.0.0.1:8888')).toSatisfy((call: () => unknown) => {
      try {
        call();
        return false;
      } catch (error) {
        return isInvalidArgumentError(error);
      }
    });
    expect(() => inspector.connectXState4('ws://127.0.0.1:8888', { group: '' })).toThrow(/group/);
  });
});

describe('vcconn visualize --xstate4', () => {
  function program(): { command: Command; out: string[]; err: string[]; stop: () => void } {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) };
    const command = new Command('vcconn').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    let stop: ((signal: NodeJS.Signals) => void) | undefined;
    registerVisualizeCommand(command, io, { start: startInspector, onStopSignal: (handler) => (stop = handler) });
    return { command, out, err, stop: () => stop?.('SIGTERM') };
  }

  it('connects to the v4 app, prints that it did, and the page shows its machines', async () => {
    const app = await fakeV4App();
    cleanups.push(() => new Promise((resolve) => app.server.close(() => resolve())));
    const cli = program();
    const code = await runCli(['node', 'vcconn', 'visualize', '--port', '0', '--xstate4', app.url], { stdout: () => undefined, stderr: () => undefined }, cli.command);
    expect(code).toBe(ExitCode.ok);
    const url = VISUALIZER_LINE_PATTERN.exec(cli.out.join(''))?.[1] ?? '';
    cleanups.push(async () => {
      cli.stop();
      await expect.poll(() => cli.err.join('')).toContain('visualizer stopped');
    });
    await expect.poll(() => cli.out.join('')).toContain(`xstate4: connected to ${app.url}`);
    const stats = await fetch(`${url}stats`).then(async (response) => (await response.json()) as { liveActors: number });
    expect(stats.liveActors).toBe(2);
  });

  it('refuses an address that is not ws:// with the usage exit code, naming the option', async () => {
    const cli = program();
    const code = await runCli(['node', 'vcconn', 'visualize', '--port', '0', '--xstate4', 'http://127.0.0.1:8888'], { stdout: () => undefined, stderr: (text) => cli.err.push(text) }, cli.command);
    expect(code).toBe(ExitCode.usage);
    expect(cli.err.join('')).toMatch(/--xstate4.*ws:\/\/ or wss:\/\//s);
  });
});
