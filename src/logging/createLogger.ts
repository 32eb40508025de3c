import type winston from 'winston';
import type TransportStream from 'winston-transport';
import type { DotnetLogLevel } from '../config/logLevels.js';
import { mergeLogLevels } from '../config/mergeLogLevels.js';
import type { LoggingSettings } from '../config/types.js';
import { WinstonCategoryLogger, type CategoryLogger } from './categoryLogger.js';
import { prettyConsoleFormat } from './consoleFormat.js';
import { forwardTransport } from './forwardTransport.js';
import { winstonModule } from './winstonModule.js';
import { redactFormat } from './redactFormat.js';
import { resolveCategoryLevel } from './resolveCategoryLevel.js';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** `Logging.LogLevel` from `loadSettings`; default `{ Default: 'Information' }`. */
  readonly settings?: LoggingSettings;
  /** Category levels that win over `settings` (same matching rules), e.g. `{ 'VCDevTool.Client': 'Debug' }`. */
  readonly levelOverrides?: Readonly<Record<string, DotnetLogLevel>>;
  /**
   * The host's own winston logger (npm levels). Records are redacted first, then handed to it; it is not
   * modified. Its own level still applies after the category levels.
   */
  readonly logger?: winston.Logger;
  /** Console output: pretty lines when true, JSON lines when false. Default: whether stdout is a terminal. */
  readonly tty?: boolean;
  /**
   * Where records go instead of the console (ignored for the console when `logger` is given). Each record
   * reaches them redacted, with a `timestamp` and a JSON `info[Symbol.for('message')]`.
   */
  readonly transports?: readonly TransportStream[];
}

/** What {@link createLogger} returns: one logger per category, all sharing one redacting winston logger. */
export interface LoggerFactory {
  /** The logger of `category`; the same object for the same category. */
  forCategory(category: string): CategoryLogger;
  /** The minimum level that applies to `category`. */
  levelFor(category: string): DotnetLogLevel;
  /** The redacting winston logger behind every category (for hosts that want to add a transport). */
  readonly winston: winston.Logger;
  /** Ends the internal logger and the transports it created; a host's logger is left open. */
  close(): void;
}

/**
 * Creates the library's logger factory. Levels per category follow `Logging.LogLevel` as .NET resolves them;
 * every record, at every level and on every transport, passes the redaction format first (secrets in
 * messages, metadata at any depth, errors, axios errors); the caller's objects are never modified.
 *
 * @example
 * const logging = createLogger({ settings: loadSettings().logging });
 * const log = logging.forCategory('VCDevTool.Client.Services.EnhancedApiClient');
 * log.info('request sent', { url: 'http://user:pw@host/api/tasks' }); // url logged as http://user:[REDACTED]@host/...
 */
export function createLogger(options: CreateLoggerOptions = {}): LoggerFactory {
  const logLevel = mergeLogLevels(options.settings?.logLevel ?? { Default: 'Information' }, options.levelOverrides ?? {});
  const winston = winstonModule();
  const sink = winston.createLogger({
    level: 'silly', // the category levels filter; this logger passes what they let through
    format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: transportsFor(options),
  });
  const loggers = new Map<string, CategoryLogger>();
  const levelFor = (category: string): DotnetLogLevel => resolveCategoryLevel(logLevel, category);
  return {
    winston: sink,
    levelFor,
    forCategory(category) {
      let logger = loggers.get(category);
      if (logger === undefined) {
        logger = new WinstonCategoryLogger(category, levelFor(category), sink);
        loggers.set(category, logger);
      }
      return logger;
    },
    close() {
      sink.close();
    },
  };
}

function transportsFor(options: CreateLoggerOptions): TransportStream[] {
  const extra = options.transports ?? [];
  if (options.logger !== undefined) return [forwardTransport(options.logger), ...extra];
  if (extra.length > 0) return [...extra];
  const tty = options.tty ?? process.stdout.isTTY === true;
  return [new (winstonModule().transports.Console)(tty ? { format: prettyConsoleFormat() } : {})];
}
