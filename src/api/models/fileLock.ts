import { z } from 'zod';
import { intId, isoDateTime, wireObject } from './wire.js';

/** A file lock held by a node. */
export const fileLockSchema = wireObject({
  id: intId,
  filePath: z.string(),
  lockingNodeId: z.string(),
  acquiredAt: isoDateTime,
  lastUpdatedAt: isoDateTime,
});

/** A file lock held by a node. */
export type FileLock = z.output<typeof fileLockSchema>;
