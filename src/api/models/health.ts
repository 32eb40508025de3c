import type { z } from 'zod';
import { nullable, wireObject, wireString } from './wire.js';

/** The body of `GET api/health`: `{status: "healthy", timestamp, version?}`. */
export const healthAnswerSchema = wireObject({
  status: wireString,
  timestamp: nullable(wireString),
  version: nullable(wireString),
});

/** The body of `GET api/health`. */
export type HealthAnswer = z.output<typeof healthAnswerSchema>;
