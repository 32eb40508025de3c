import type { DotnetLogLevel } from '../config/logLevels.js';

/** Severity order of the .NET levels; a record is written when its rank is at least the category's. */
export const dotnetLevelRank: Readonly<Record<DotnetLogLevel, number>> = {
  Trace: 0, Debug: 1, Information: 2, Warning: 3, Error: 4, Critical: 5, None: 6,
};

/** A .NET level that a record can have (`None` is only a threshold). */
export type RecordLevel = Exclude<DotnetLogLevel, 'None'>;

/**
 * The winston (npm) level each .NET level is written at. winston has no level above `error` nor below
 * `silly`, so Critical shares `error` and Trace takes `silly`.
 */
export const winstonLevelOf: Readonly<Record<RecordLevel, string>> = {
  Trace: 'silly', Debug: 'debug', Information: 'info', Warning: 'warn', Error: 'error', Critical: 'error',
};
