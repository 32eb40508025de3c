export { operations, operationNames, apiOperationNames, isRetrySafe, needsIdempotencyKey, stampArgs } from './table.js';
export type {
  OperationCatalog, OperationName, OperationArgs, OperationResult, OperationSpec, OperationsTable, WireRequest,
  AnswerRule, StatusRule, HttpMethod, TimeoutProfile, Idempotency, UpdateTaskStatusOptions, CreateOptions, KeyOptions, DebugMessage,
  ApiCatalog, ApiMethod, ApiMethods, ApiOperationName,
} from './types.js';
