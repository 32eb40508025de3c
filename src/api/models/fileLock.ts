import { z } from 'zod';
import { intId, isoDateTime, wireObject, wireString } from './wire.js';

/** A file lock held by a node. */
export const fileLockSchema = z.lazy(() => wireObject({
  id: intId,
  filePath: wireString,
  lockingNodeId: wireString,
  acquiredAt: isoDateTime,
  lastUpdatedAt: isoDateTime,
}));

/** A file lock held by a node. */
export type FileLock = z.output<typeof fileLockSchema>;
