import type { z } from 'zod';
import { lazySchema } from '../../util/zodModule.js';
import { intId, isoDateTime, wireObject, wireString } from './wire.js';

/** A file lock held by a node. */
export const fileLockSchema = lazySchema(() => wireObject({
  id: intId,
  filePath: wireString,
  lockingNodeId: wireString,
  acquiredAt: isoDateTime,
  lastUpdatedAt: isoDateTime,
}));

/** A file lock held by a node. */
export type FileLock = z.output<typeof fileLockSchema>;
