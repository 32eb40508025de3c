import { z } from 'zod';
import { isoDateTime, nullable, wireBoolean, wireObject, wireString } from './wire.js';

/** A worker node as the server sends it. */
export const computerNodeSchema = z.lazy(() => wireObject({
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
export const computerNodeInputSchema = z.lazy(() => z.object({
  id: z.string().min(1),
  name: z.string(),
  ipAddress: z.string(),
  isAvailable: z.boolean().optional(),
  lastHeartbeat: isoDateTime.optional(),
  hardwareFingerprint: z.string().nullish(),
}));
