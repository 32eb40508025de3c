import type winston from 'winston';
import type { DotnetLogLevel } from '../config/logLevels.js';
import { dotnetLevelRank, winstonLevelOf, type RecordLevel } from './levels.js';

/** Metadata of one record: any fields, or an Error (logged as `{ error }`). Never modified by the logger. */
export type LogMeta = Readonly<Record<string, unknown>> | Error;

/** The logger a component holds: one category, levels checked before any work is done. */
export interface CategoryLogger {
  /** The category, e.g. `VCDevTool.Client.Services.EnhancedApiClient`. */
  readonly category: string;
  /** The minimum level resolved from `Logging.LogLevel` for this category. */
  readonly level: DotnetLogLevel;
  /** True when a record at `level` would be written; use it to skip building costly metadata. */
  isEnabled(level: DotnetLogLevel): boolean;
  trace(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
  critical(message: string, meta?: LogMeta): void;
}

/** A {@link CategoryLogger} writing to a winston logger whose formats redact every record. */
export class WinstonCategoryLogger implements CategoryLogger {
  private readonly threshold: number;

  constructor(
    readonly category: string,
    readonly level: DotnetLogLevel,
    private readonly sink: winston.Logger,
  ) {
    this.threshold = dotnetLevelRank[level];
  }

  isEnabled(level: DotnetLogLevel): boolean {
    return level !== 'None' && dotnetLevelRank[level] >= this.threshold;
  }

  trace(message: string, meta?: LogMeta): void {
    this.write('Trace', message, meta);
  }

  debug(message: string, meta?: LogMeta): void {
    this.write('Debug', message, meta);
  }

  info(message: string, meta?: LogMeta): void {
    this.write('Information', message, meta);
  }

  warn(message: string, meta?: LogMeta): void {
    this.write('Warning', message, meta);
  }

  error(message: string, meta?: LogMeta): void {
    this.write('Error', message, meta);
  }

  critical(message: string, meta?: LogMeta): void {
    this.write('Critical', message, meta);
  }

  private write(level: RecordLevel, message: string, meta: LogMeta | undefined): void {
    if (dotnetLevelRank[level] < this.threshold) return;
    const fields = meta instanceof Error ? { error: meta } : meta;
    // A fresh record: winston adds its bookkeeping to the object it is given, and it must not be the caller's.
    this.sink.log({ ...fields, level: winstonLevelOf[level], message, category: this.category });
  }
}
