import { z } from 'zod';
import { nullable, wireObject } from './wire.js';

/** The body of `GET api/health`: `{status: "healthy", timestamp, version?, capabilities?}`. */
export const healthAnswerSchema = wireObject({
  status: z.string(),
  timestamp: nullable(z.string()),
  version: nullable(z.string()),
  // What the server offers beyond the .NET contract (e.g. `idempotency-key`); absent from the .NET server's answer.
  capabilities: z.array(z.string()).nullish().transform((names) => names ?? []),
});

/** The body of `GET api/health`. */
export type HealthAnswer = z.output<typeof healthAnswerSchema>;
