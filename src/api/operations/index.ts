export { operations, operationNames, isRetrySafe, needsIdempotencyKey } from './table.js';
export type {
  OperationCatalog, OperationName, OperationArgs, OperationResult, OperationSpec, OperationsTable, WireRequest,
  AnswerRule, StatusRule, HttpMethod, TimeoutProfile, Idempotency, UpdateTaskStatusOptions, CreateOptions, DebugMessage,
} from './types.js';
