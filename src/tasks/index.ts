export { TaskExecutionService } from './TaskExecutionService.js';
export type { TaskServiceState } from './TaskExecutionService.js';
export type { TaskExecutionServiceOptions } from './options.js';
export type { TaskServiceCounters, TaskServiceEventName, TaskServiceEvents } from './events.js';
export type { LinkStatus } from '../api/LinkStatus.js';
export { InferredLink } from './InferredLink.js';
export { isLinkFailure } from './linkFailure.js';
export { backoffDelay, DEFAULT_DELIVERY_BACKOFF } from './backoff.js';
export type { DeliveryBackoff } from './backoff.js';
export { systemTimers } from './TaskTimers.js';
export type { TaskTimers } from './TaskTimers.js';
export type { PendingDelivery } from './deliverResult.js';
export { claimMarker } from './claimMarker.js';
export { builtInHandlers, helloWorldHandler, testMessageHandler } from './handlers/index.js';
export type { HelloWorldOptions, TestMessageOptions } from './handlers/index.js';
export { silentTaskLogger } from './types.js';
export type {
  FinalStatus, ReportedStatus, FolderProgressReport, LockedResult, NodeIdentity, TaskContext, TaskHandler, TaskLogger, TaskOutcome,
} from './types.js';
