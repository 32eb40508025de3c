import { Option } from 'commander';
import type { Command } from 'commander';
import type { InspectorOptions, RunningInspector } from '../inspect/index.js';
import type { CliIo } from './io.js';
import { parsePort } from './optionParsers.js';

/** The line `vcconn visualize` prints once it listens; tests and scripts wait for it. */
export const VISUALIZER_LINE_PATTERN = /visualizer on (http:\/\/\S+)/;

interface VisualizeFlags {
  port: number;
  host: string;
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
 * their actors with `@statelyai/inspect`'s `createWebSocketInspector({ url: '<printed inspect URL>' })`.
 */
export function registerVisualizeCommand(program: Command, io: CliIo, dependencies: VisualizeDependencies = defaultDependencies): void {
  program
    .command('visualize')
    .description('serve the live statechart visualizer; apps connect with @statelyai/inspect createWebSocketInspector')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(4321).argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: VisualizeFlags) => {
      const inspector = await dependencies.start({ port: flags.port, host: flags.host });
      io.stdout(`vcconn visualizer on ${inspector.url}\n`);
      io.stdout(`inspection clients: createWebSocketInspector({ url: '${inspector.inspectUrl}' })\n`);
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
