/** Wire shapes of the VCDevTool API as this server writes them (camelCase; enums as numbers or names). */

/** `BatchTask` on the wire. */
export interface BatchTaskDto {
  id: number;
  name: string;
  type: number | string;
  status: number | string;
  assignedNodeId: string | null;
  /** A JSON array of node ids, as a string (the real server stores it that way). */
  assignedNodeIds: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  parameters: string | null;
  resultMessage: string | null;
  /** Base64 of an 8-byte big-endian counter, like SQL Server's `rowversion`. */
  rowVersion: string;
}

/** `ComputerNode` on the wire. */
export interface ComputerNodeDto {
  id: string;
  name: string;
  ipAddress: string;
  isAvailable: boolean;
  lastHeartbeat: string;
  hardwareFingerprint: string;
}

/** `FileLock` on the wire. */
export interface FileLockDto {
  id: number;
  filePath: string;
  lockingNodeId: string;
  acquiredAt: string;
  lastUpdatedAt: string;
}

/** `TaskFolderProgress` on the wire. */
export interface TaskFolderProgressDto {
  id: number;
  taskId: number;
  folderPath: string;
  folderName: string;
  status: number | string;
  assignedNodeId: string | null;
  assignedNodeName: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  errorMessage: string | null;
  progress: number;
  outputPath: string | null;
}

/** A message a node sent to `POST api/debug`, as `GET api/debug` lists it. */
export interface DebugMessageDto {
  id: number;
  source: string;
  message: string;
  nodeId: string | null;
  timestamp: string | null;
  receivedAt: string;
}
