import { z } from 'zod';
import { STATE_FORMAT, STATE_FORMAT_VERSION } from './types.js';
import type { SavedConnectionState } from './types.js';

// Every schema is z.lazy, built on first use: importing the library builds none.
const epochMs = z.lazy(() => z.number().finite().nonnegative());
const count = z.lazy(() => z.number().int().nonnegative());
const clientType = z.lazy(() => z.enum(['enhanced', 'standard']));

const breakerStateSchema = z.lazy(() => z.strictObject({
  state: z.enum(['closed', 'open', 'halfOpen', 'isolated']),
  openedAt: epochMs.nullable(),
  breakMs: z.number().finite().positive(),
  buckets: z.array(z.strictObject({ start: z.number().finite(), calls: count, failures: count })).max(10_000),
  isolations: z.array(z.strictObject({ id: z.string().max(1_000), reason: z.string().max(10_000), at: epochMs })).max(1_000).optional(),
}));

const connectionStateSchema = z.lazy(() => z.strictObject({
  client: clientType,
  link: z.enum(['healthy', 'degraded', 'recovering', 'offline']),
  circuitBreakerOpen: z.boolean(),
  lastError: z.string().max(10_000).nullable(),
  recoveryAttempts: count,
  recoveryDelayMs: z.number().finite().nonnegative(),
  offlineSince: epochMs,
}));

/** A whole state file of the current version. Strict: an unknown field means a file this library did not write. */
export const savedConnectionStateSchema: z.ZodType<SavedConnectionState> = z.lazy(() => z.strictObject({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_FORMAT_VERSION),
  savedAt: epochMs,
  connection: connectionStateSchema.nullable(),
  clients: z.strictObject({
    enhanced: z.strictObject({ breaker: breakerStateSchema.nullable() }).optional(),
    standard: z.strictObject({ breaker: breakerStateSchema.nullable() }).optional(),
  }),
}));

/** Just enough to tell "ours, another version" from "not ours". */
export const stateFileHeaderSchema = z.lazy(() => z.object({ format: z.literal(STATE_FORMAT), version: z.number() }));
