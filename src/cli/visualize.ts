import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { InspectorOptions, RunningInspector, XState4LinkStatus } from '../inspect/index.js';
import { parseXState4Url } from '../inspect/xstate4Link.js';
import type { CliIo } from './io.js';
import { parsePort } from './optionParsers.js';

/** The line `vcconn visualize` prints once it listens; tests and scripts wait for it. */
export const VISUALIZER_LINE_PATTERN = /visualizer on (http:\/\/\S+)/;

interface VisualizeFlags {
  port: number;
  host: string;
  xstate4: string[];
}

/** Collects each `--xstate4` address, checked now so a typo is a usage error, not a retry loop. */
function collectXState4Url(text: string, previous: string[]): string[] {
  try {
    parseXState4Url(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return [...previous, text];
}

function statusLine(status: XState4LinkStatus): string {
  return status.kind === 'connected'
    ? `xstate4: connected to ${status.url}\n`
    : `xstate4: ${status.url} is not answering (${status.reason}); trying again in ${(status.retryInMs / 1000).toFixed(1)} s\n`;
}

/** How `visualize` starts the relay and waits for a stop signal; tests replace both. */
export interface VisualizeDependencies {
  start(options: InspectorOptions): Promise<RunningInspector>;
  onStopSignal(handler: (signal: NodeJS.Signals) => void): void;
}

const defaultDependencies: VisualizeDependencies = {
  start: async (options) => (await import('../inspect/index.js')).startInspector(options),
  onStopSignal: (handler) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, handler);
  },
};

/**
 * Adds `vcconn visualize`: the inspection relay and visualizer page alone, until SIGINT or SIGTERM. Apps send it
 * their actors with `@statelyai/inspect`'s `createWebSocketInspector({ url: '<printed inspect URL>' })`; with
 * `--xstate4 ws://host:port` it also connects to XState v4 apps that run `@xstate/inspect`'s server mode.
 */
export function registerVisualizeCommand(program: Command, io: CliIo, dependencies: VisualizeDependencies = defaultDependencies): void {
  program
    .command('visualize')
    .description('serve the live statechart visualizer; apps connect with @statelyai/inspect createWebSocketInspector, or it connects to XState v4 apps (--xstate4)')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(4321).argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--xstate4 <url>', "also show an XState v4 app: the ws:// address of its @xstate/inspect server (inspect({ server })); repeatable", collectXState4Url, [])
    .action(async (flags: VisualizeFlags) => {
      const inspector = await dependencies.start({ port: flags.port, host: flags.host });
      io.stdout(`vcconn visualizer on ${inspector.url}\n`);
      io.stdout(`inspection clients: createWebSocketInspector({ url: '${inspector.inspectUrl}' })\n`);
      for (const url of flags.xstate4) inspector.connectXState4(url, { onStatus: (status) => io.stdout(statusLine(status)) });
      dependencies.onStopSignal((signal) => {
        io.stderr(`${signal}: closing the visualizer\n`);
        inspector.close().then(
          () => io.stderr('visualizer stopped\n'),
          (error: unknown) => {
            io.stderr(`visualizer did not stop cleanly: ${String(error)}\n`);
            process.exitCode = 1;
          },
        );
      });
    });
}
