/** Rows as the repositories return them: camelCase, times in epoch milliseconds, enums as numbers. */

/** A stored `BatchTask`. */
export interface TaskRecord {
  id: number;
  name: string;
  type: number;
  status: number;
  assignedNodeId: string | null;
  assignedNodeIds: string;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  parameters: string | null;
  resultMessage: string | null;
  rowVersion: number;
}

/** A stored `ComputerNode`. */
export interface NodeRecord {
  id: string;
  name: string;
  ipAddress: string;
  isAvailable: boolean;
  lastHeartbeat: number;
  hardwareFingerprint: string;
}

/** A stored `FileLock`. */
export interface FileLockRecord {
  id: number;
  filePath: string;
  lockingNodeId: string;
  acquiredAt: number;
  lastUpdatedAt: number;
}

/** A stored `TaskFolderProgress`. */
export interface TaskFolderRecord {
  id: number;
  taskId: number;
  folderPath: string;
  folderName: string;
  status: number;
  assignedNodeId: string | null;
  assignedNodeName: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  errorMessage: string | null;
  progress: number;
  outputPath: string | null;
}

/** A stored debug message. */
export interface DebugMessageRecord {
  id: number;
  source: string;
  message: string;
  nodeId: string | null;
  timestamp: string | null;
  receivedAt: number;
}

/** Where the server reads the time: `Date.now` unless a test injects its own. */
export type Clock = () => number;
