import type { z } from 'zod';
import { lazySchema, zod } from '../../util/zodModule.js';
import { isoDateTime, nullable, wireBoolean, wireObject, wireString } from './wire.js';

/** A worker node as the server sends it. */
export const computerNodeSchema = lazySchema(() => wireObject({
  id: wireString,
  name: wireString,
  ipAddress: wireString,
  isAvailable: wireBoolean,
  lastHeartbeat: isoDateTime,
  hardwareFingerprint: nullable(wireString),
}));

/** A worker node as the server sends it. */
export type ComputerNode = z.output<typeof computerNodeSchema>;

/** What `registerNode` and `updateNode` send. */
export interface ComputerNodeInput {
  id: string;
  name: string;
  ipAddress: string;
  isAvailable?: boolean;
  lastHeartbeat?: string;
  hardwareFingerprint?: string | null;
}

/** Reads a {@link ComputerNodeInput} from a caller. */
export const computerNodeInputSchema = lazySchema(() => zod().object({
  id: zod().string().min(1),
  name: zod().string(),
  ipAddress: zod().string(),
  isAvailable: zod().boolean().optional(),
  lastHeartbeat: isoDateTime.optional(),
  hardwareFingerprint: zod().string().nullish(),
}));
