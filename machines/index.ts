/**
 * vcdevtool-connection/machines: the pure XState machines, their strategies and settings mappers.
 * No I/O here: src/ provides the actors (`attempt`, `probe`, `prepareClient`, `recover`) with `.provide()`.
 */
export type { CallFailure, ClientType, FailureKind, JitterMode } from './types.js';

export { circuitBreakerMachine } from './circuitBreaker.machine.js';
export type { BreakerContext, BreakerEmitted, BreakerEvent, BreakerInput, BreakerIsolation, BreakerSettings, BreakerState, BreakerStateName } from './breaker/types.js';
export { breakerStateOf, initialBreakerContext } from './breaker/restore.js';
export { acquirePermit, checkPermit, isSuccessIgnored } from './breaker/permit.js';
export type { BreakerActorLike, BreakerSnapshotLike, Permit } from './breaker/permit.js';
export { createWindow, recordCall, restoreBuckets, windowTotals } from './breaker/window.js';
export type { OutcomeWindow, WindowBucket, WindowTotals } from './breaker/window.js';
export { isTripped, successesCount } from './breaker/tripRule.js';

export { retryMachine } from './retry.machine.js';
export type { AttemptInput, AttemptOutcome, RetryContext, RetryFailureReason, RetryInput, RetryOutput, RetryPolicy } from './retry/types.js';
export { RetryBudget } from './retryBudget.js';
export type { RetryBudgetSettings } from './retryBudget.js';

export { healthMonitorMachine } from './healthMonitor.machine.js';
export type {
  HealthMonitorContext,
  HealthMonitorEmitted,
  HealthMonitorEvent,
  HealthMonitorInput,
  HealthMonitorSettings,
  HealthProbeResult,
  HealthReport,
  ProbeInput,
} from './health/types.js';

export { connectionMachine } from './connection.machine.js';
export { statusOf } from './connection/setup.js';
export { connectionStateOf, initialConnectionContext } from './connection/restore.js';
export type {
  ConnectionContext,
  ConnectionEmitted,
  ConnectionEvent,
  ConnectionInput,
  ConnectionParentEvent,
  ConnectionSettings,
  ConnectionState,
  ConnectionStatus,
  LinkState,
  PrepareClientInput,
  PreparedClient,
  RecoverInput,
  RecoveryOutcome,
} from './connection/types.js';

export * from './backoff/index.js';
export { seededRandom } from './random.js';
export type { RandomSource } from './random.js';

export {
  BREAKER_WINDOW_BUCKETS,
  breakerSettingsFrom,
  connectionSettingsFrom,
  healthMonitorSettingsFrom,
  operationTimeoutMs,
  retryBudgetSettingsFrom,
  retryPolicyFrom,
} from './settings.js';
export type { ApiSettingsLike, ConnectionOptionsLike, TimeoutProfile } from './settings.js';
export { InvalidMachineSettingsError, isInvalidMachineSettingsError } from './settingsError.js';

export { endpointSelectionMachine } from './endpointSelection.machine.js';
export { isAvailable, isHeldDown, selectEndpoint } from './endpoints/selectEndpoint.js';
export type {
  EndpointChoice,
  EndpointSelectionContext,
  EndpointSelectionEmitted,
  EndpointSelectionEvent,
  EndpointSelectionInput,
  EndpointSelectionMode,
  EndpointSpec,
  EndpointStatus,
  SelectionView,
  UnavailableReason,
} from './endpoints/types.js';
export { outboxMachine } from './outbox.machine.js';
export type {
  DrainInput,
  DrainResult,
  OutboxMachineContext,
  OutboxMachineEmitted,
  OutboxMachineEvent,
  OutboxMachineInput,
  OutboxMachineSettings,
} from './outbox/types.js';
