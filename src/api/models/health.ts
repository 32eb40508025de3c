import { z } from 'zod';
import { nullable, wireObject } from './wire.js';

/** The body of `GET api/health`: `{status: "healthy", timestamp, version?}`. */
export const healthAnswerSchema = wireObject({
  status: z.string(),
  timestamp: nullable(z.string()),
  version: nullable(z.string()),
});

/** The body of `GET api/health`. */
export type HealthAnswer = z.output<typeof healthAnswerSchema>;
