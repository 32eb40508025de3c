import type { BreakerSettings } from '../../machines/breaker/types.js';
import type { RetryPolicy } from '../../machines/retry/types.js';
import type { RetryBudgetSettings } from '../../machines/retryBudget.js';
import {
  breakerSettingsFrom, operationTimeoutMs, retryBudgetSettingsFrom, retryPolicyFrom,
} from '../../machines/settings.js';
import type { TimeoutProfile } from '../../machines/settings.js';
import { parseConnectionOptions } from '../config/parseConnectionOptions.js';
import type { ConfigWarning, ConnectionOptions } from '../config/types.js';

/** Everything the Enhanced client reads from `ConnectionOptions`, converted once at construction. */
export interface EnhancedSettings {
  readonly connection: ConnectionOptions;
  readonly breaker: BreakerSettings;
  readonly retryPolicy: RetryPolicy;
  readonly retryBudget: RetryBudgetSettings;
  /** Deadline of a call (retries included) by timeout profile, ms. */
  readonly deadlineMs: Readonly<Record<TimeoutProfile, number>>;
}

/**
 * Validates `partial` (missing keys take their defaults) and derives the machines' settings from it.
 * @throws {@link ConfigError} naming every bad key and value.
 * @throws {@link InvalidMachineSettingsError} for a value the config schema allows but a machine cannot use.
 */
export function enhancedSettingsFrom(
  partial: Partial<ConnectionOptions> = {}, onWarning?: (warning: ConfigWarning) => void,
): EnhancedSettings {
  const connection = parseConnectionOptions(partial, onWarning === undefined ? {} : { onWarning });
  return {
    connection,
    breaker: breakerSettingsFrom(connection),
    retryPolicy: retryPolicyFrom(connection),
    retryBudget: retryBudgetSettingsFrom(connection),
    deadlineMs: {
      health: operationTimeoutMs(connection, 'health'),
      default: operationTimeoutMs(connection, 'default'),
      task: operationTimeoutMs(connection, 'task'),
      file: operationTimeoutMs(connection, 'file'),
    },
  };
}
