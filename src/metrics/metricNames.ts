/** Every metric name this library registers. */
export const METRIC_NAMES = [
  'vcconn_calls_total', 'vcconn_call_duration_seconds', 'vcconn_attempts_total', 'vcconn_retries_total',
  'vcconn_failures_total', 'vcconn_breaker_state', 'vcconn_endpoint_breaker_state', 'vcconn_breaker_transitions_total', 'vcconn_link_state',
  'vcconn_current_client', 'vcconn_client_switches_total', 'vcconn_client_recreations_total', 'vcconn_recoveries_total',
  'vcconn_health_check_duration_seconds', 'vcconn_pool_waiting_requests', 'vcconn_pool_wait_seconds',
] as const;
