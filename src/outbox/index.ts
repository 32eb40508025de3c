export { outboxOperationNames } from './types.js';
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
