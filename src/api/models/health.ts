import type { z } from 'zod';
import { lazySchema } from '../../util/zodModule.js';
import { nullable, wireList, wireObject, wireString, withDefault } from './wire.js';

// Shared by every answer that lists none: it is never written to.
const noCapabilities: string[] = [];

/** The body of `GET api/health`: `{status: "healthy", timestamp, version?, capabilities?}`. */
export const healthAnswerSchema = lazySchema(() => wireObject({
  status: wireString,
  timestamp: nullable(wireString),
  version: nullable(wireString),
  // What the server offers beyond the .NET contract (e.g. `idempotency-key`); absent from the .NET server's answer.
  capabilities: withDefault(wireList(wireString), noCapabilities),
}));

/** The body of `GET api/health`. */
export type HealthAnswer = z.output<typeof healthAnswerSchema>;
