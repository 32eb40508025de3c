/** The fault kinds in the order the table lists them. */
export const FAULT_ORDER: readonly string[] = [
  'connection refused', 'server restart', 'blackhole', 'reset mid-response', 'slow body', '5xx burst', '429 Retry-After', 'flapping',
  'lost answers, .NET mode',
];
