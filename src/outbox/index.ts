export { outboxOperationNames } from './types.js';
export { openOutbox } from './openOutbox.js';
export { OfflineClient } from './OfflineClient.js';
export type { OfflineClientLog, OfflineClientOptions, OutboxLogic } from './OfflineClient.js';
export type {
  DeadLetter,
  DeadLetterReason,
  DeadLetteredEvent,
  DeliveredEvent,
  DeliveryKind,
  OfflineClientEvents,
  OfflineConnection,
  OfflineStatusEvent,
  OfflineWriter,
  OpenOutboxOptions,
  Outbox,
  OutboxEntry,
  OutboxEntryState,
  OutboxInspector,
  OutboxOperation,
  OutboxOperationName,
  OutboxResult,
  OutboxStats,
  QueuedEvent,
  WriteOutcome,
} from './types.js';
export type { OutboxOptions } from '../config/types.js';
