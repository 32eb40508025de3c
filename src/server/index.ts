/**
 * The reference VCDevTool task server: `vcdevtool-connection/server`.
 * better-sqlite3 is loaded only when {@link startServer} runs.
 */
export { startServer } from './startServer.js';
export type { RunningServer } from './startServer.js';
export { resolveServerOptions } from './options.js';
export type { ResolvedServerOptions, ServerOptions } from './options.js';
export type { ServerLogger } from './logger.js';
export type { ErrorStyle } from './http/errorStyle.js';
export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from './http/idempotencyHeaders.js';
export {
  TASK_FOLDER_STATUS_NAMES, TASK_STATUS_NAMES, TASK_TYPE_NAMES, TaskFolderStatus, TaskStatus,
} from './domain/enums.js';
export type { EnumOutput } from './domain/enums.js';
export type {
  BatchTaskDto, ComputerNodeDto, DebugMessageDto, FileLockDto, TaskFolderProgressDto,
} from './domain/models.js';
export { SqliteDriverMissingError, isSqliteDriverMissingError } from './errors/SqliteDriverMissingError.js';
export { ServerOptionsError, isServerOptionsError } from './errors/ServerOptionsError.js';
export { packageVersion } from './packageVersion.js';
