import type { BatchTaskDto, ComputerNodeDto, DebugMessageDto, FileLockDto, TaskFolderProgressDto } from './models.js';
import type { EnumOutput } from './enums.js';
import { TASK_FOLDER_STATUS_NAMES, TASK_STATUS_NAMES, TASK_TYPE_NAMES, encodeEnum } from './enums.js';
import { encodeRowVersion } from '../db/rowVersion.js';
import type {
  DebugMessageRecord, FileLockRecord, NodeRecord, TaskFolderRecord, TaskRecord,
} from '../repositories/records.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Turns stored records into the wire shapes, with enums written as `enums` says. */
export class Presenter {
  constructor(private readonly enums: EnumOutput) {}

  /** A task as the real server writes it. */
  task(task: TaskRecord): BatchTaskDto {
    return {
      ...task,
      type: encodeEnum(TASK_TYPE_NAMES, task.type, this.enums),
      status: encodeEnum(TASK_STATUS_NAMES, task.status, this.enums),
      createdAt: iso(task.createdAt),
      startedAt: isoOrNull(task.startedAt),
      completedAt: isoOrNull(task.completedAt),
      rowVersion: encodeRowVersion(task.rowVersion),
    };
  }

  /** A node as the real server writes it. */
  node(node: NodeRecord): ComputerNodeDto {
    return { ...node, lastHeartbeat: iso(node.lastHeartbeat) };
  }

  /** A file lock as the real server writes it. */
  fileLock(lock: FileLockRecord): FileLockDto {
    return { ...lock, acquiredAt: iso(lock.acquiredAt), lastUpdatedAt: iso(lock.lastUpdatedAt) };
  }

  /** A task folder as the real server writes it. */
  taskFolder(folder: TaskFolderRecord): TaskFolderProgressDto {
    return {
      ...folder,
      status: encodeEnum(TASK_FOLDER_STATUS_NAMES, folder.status, this.enums),
      createdAt: iso(folder.createdAt),
      startedAt: isoOrNull(folder.startedAt),
      completedAt: isoOrNull(folder.completedAt),
    };
  }

  /** A debug message as `GET api/debug` lists it. */
  debugMessage(message: DebugMessageRecord): DebugMessageDto {
    return { ...message, receivedAt: iso(message.receivedAt) };
  }
}
