import type { z } from 'zod';
import { lazySchema, zod } from '../util/zodModule.js';
import { STATE_FORMAT, STATE_FORMAT_VERSION } from './types.js';
import type { SavedConnectionState } from './types.js';

// Every schema is z.lazy, built on first use: importing the library builds none.
const epochMs = lazySchema(() => zod().number().finite().nonnegative());
const count = lazySchema(() => zod().number().int().nonnegative());
const clientType = lazySchema(() => zod().enum(['enhanced', 'standard']));

const breakerStateSchema = lazySchema(() => zod().strictObject({
  state: zod().enum(['closed', 'open', 'halfOpen', 'isolated']),
  openedAt: epochMs.nullable(),
  breakMs: zod().number().finite().positive(),
  buckets: zod().array(zod().strictObject({ start: zod().number().finite(), calls: count, failures: count })).max(10_000),
  isolations: zod().array(zod().strictObject({ id: zod().string().max(1_000), reason: zod().string().max(10_000), at: epochMs })).max(1_000).optional(),
}));

const connectionStateSchema = lazySchema(() => zod().strictObject({
  client: clientType,
  link: zod().enum(['healthy', 'degraded', 'recovering', 'offline']),
  circuitBreakerOpen: zod().boolean(),
  lastError: zod().string().max(10_000).nullable(),
  recoveryAttempts: count,
  recoveryDelayMs: zod().number().finite().nonnegative(),
  offlineSince: epochMs,
}));

/** A whole state file of the current version. Strict: an unknown field means a file this library did not write. */
export const savedConnectionStateSchema: z.ZodType<SavedConnectionState> = lazySchema(() => zod().strictObject({
  format: zod().literal(STATE_FORMAT),
  version: zod().literal(STATE_FORMAT_VERSION),
  savedAt: epochMs,
  connection: connectionStateSchema.nullable(),
  clients: zod().strictObject({
    enhanced: zod().strictObject({ breaker: breakerStateSchema.nullable() }).optional(),
    standard: zod().strictObject({ breaker: breakerStateSchema.nullable() }).optional(),
  }),
}));

/** Just enough to tell "ours, another version" from "not ours". */
export const stateFileHeaderSchema = lazySchema(() => zod().object({ format: zod().literal(STATE_FORMAT), version: zod().number() }));
