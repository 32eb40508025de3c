import { booleanKey, enumKey, integerKey, nullableNumberKey, numberKey, patternListKey, proxyUrlKey } from './keySpec.js';

const SECOND_BOUNDS = { min: 0, minExclusive: true, max: 86_400 } as const;

/**
 * The `Connection` section: the seed's keys (same names, same defaults, the seed's recommended ranges),
 * then the keys this design adds.
 */
export const connectionKeys = {
  defaultTimeoutSeconds: numberKey('DefaultTimeoutSeconds', { min: 0, minExclusive: true, max: 3_600 }, {
    defaultValue: 30, recommended: [15, 60],
    description: 'Timeout of one attempt of any call, and the deadline of calls in the default profile (nodes, debug messages).',
  }),
  healthCheckTimeoutSeconds: numberKey('HealthCheckTimeoutSeconds', { min: 0, minExclusive: true, max: 300 }, {
    defaultValue: 5, recommended: [3, 10],
    description: 'Deadline of a health check (GET api/health) and of a heartbeat; must be shorter than the health-check interval.',
  }),
  taskOperationTimeoutSeconds: numberKey('TaskOperationTimeoutSeconds', SECOND_BOUNDS, {
    defaultValue: 60, recommended: [30, 300],
    description: 'Deadline of a task or task-folder call, retries included.',
  }),
  fileOperationTimeoutSeconds: numberKey('FileOperationTimeoutSeconds', SECOND_BOUNDS, {
    defaultValue: 120, recommended: [60, 600],
    description: 'Deadline of a file-lock call, retries included.',
  }),
  maxRetryAttempts: integerKey('MaxRetryAttempts', { min: 0, max: 100 }, {
    defaultValue: 3, recommended: [1, 5],
    description: 'Retries after the first attempt of a call that failed transiently; 0 disables retries.',
  }),
  baseRetryDelayMs: integerKey('BaseRetryDelayMs', { min: 0, max: 600_000 }, {
    defaultValue: 1_000, recommended: [500, 2_000],
    description: 'First retry delay; later delays grow exponentially from it.',
  }),
  maxRetryDelayMs: integerKey('MaxRetryDelayMs', { min: 0, max: 3_600_000 }, {
    defaultValue: 30_000, recommended: [10_000, 60_000],
    description: 'Cap of any single retry delay; must be at least BaseRetryDelayMs.',
  }),
  circuitBreakerFailureThreshold: integerKey('CircuitBreakerFailureThreshold', { min: 1, max: 10_000 }, {
    defaultValue: 5, recommended: [3, 10],
    description: 'Transient failures within the sampling window that open the circuit.',
  }),
  circuitBreakerSamplingDurationSeconds: numberKey('CircuitBreakerSamplingDurationSeconds', SECOND_BOUNDS, {
    defaultValue: 60,
    description: 'Length of the sliding window in which the breaker counts calls and failures.',
  }),
  circuitBreakerMinimumThroughput: integerKey('CircuitBreakerMinimumThroughput', { min: 1, max: 10_000 }, {
    defaultValue: 3,
    description: 'Calls the window must hold before the breaker may open at all.',
  }),
  circuitBreakerBreakDurationSeconds: numberKey('CircuitBreakerBreakDurationSeconds', SECOND_BOUNDS, {
    defaultValue: 30, recommended: [15, 120],
    description: 'How long the circuit stays open before it lets a probe call through (half-open).',
  }),
  connectionPoolSize: integerKey('ConnectionPoolSize', { min: 1, max: 1_000 }, {
    defaultValue: 10, recommended: [5, 20],
    description: 'Most sockets open to the server at once (keep-alive pool).',
  }),
  connectionPoolTimeoutMs: integerKey('ConnectionPoolTimeoutMs', { min: 1, max: 600_000 }, {
    defaultValue: 5_000,
    description: 'Longest wait for a free socket before the call fails as a pool timeout.',
  }),
  enableConnectionPooling: booleanKey('EnableConnectionPooling', {
    defaultValue: true,
    description: 'Reuse sockets (keep-alive); false opens a new connection per call.',
  }),
  enableCircuitBreaker: booleanKey('EnableCircuitBreaker', {
    defaultValue: true,
    description: 'False means the breaker never opens.',
  }),
  enableJitter: booleanKey('EnableJitter', {
    defaultValue: true,
    description: 'Randomise retry delays (see JitterMode); false gives plain exponential delays.',
  }),
  jitterMode: enumKey('JitterMode', ['none', 'full', 'equal', 'decorrelated'], {
    defaultValue: 'decorrelated',
    description: 'Jitter formula when EnableJitter is true; decorrelated is Polly V2\'s.',
  }),
  circuitBreakerHalfOpenProbes: integerKey('CircuitBreakerHalfOpenProbes', { min: 1, max: 1_000 }, {
    defaultValue: 1,
    description: 'Probe calls let through while half-open; the others are refused at once.',
  }),
  circuitBreakerFailureRatio: nullableNumberKey('CircuitBreakerFailureRatio', { min: 0, minExclusive: true, max: 1 }, {
    defaultValue: null,
    description: 'When set, the circuit also needs this share of failed calls in the window to open.',
  }),
  circuitBreakerMaxBreakDurationSeconds: numberKey('CircuitBreakerMaxBreakDurationSeconds', SECOND_BOUNDS, {
    defaultValue: 300,
    description: 'Cap of the break, which grows after each failed probe; when not set it is 300 or CircuitBreakerBreakDurationSeconds, whichever is larger.',
  }),
  retryBudgetMaxTokens: numberKey('RetryBudgetMaxTokens', { min: 0, minExclusive: true, max: 1_000 }, {
    defaultValue: 10,
    description: 'Size of the retry token bucket (gRPC retry throttling): a failure takes a token; retries run while more than half are left.',
  }),
  retryBudgetTokenRatio: numberKey('RetryBudgetTokenRatio', { min: 0, minExclusive: true, max: 1_000 }, {
    defaultValue: 0.1,
    description: 'Tokens a successful call gives back to the retry budget.',
  }),
  retryAfterMaxSeconds: numberKey('RetryAfterMaxSeconds', { min: 0, max: 86_400 }, {
    defaultValue: 60,
    description: 'Cap on a server\'s Retry-After, for retry delays and for holding the circuit open.',
  }),
  maxResponseBytes: integerKey('MaxResponseBytes', { min: 1, max: 1_073_741_824 }, {
    defaultValue: 10_485_760,
    description: 'Largest response body accepted; a bigger one is an invalid response.',
  }),
  degradedHealthCheckIntervalSeconds: numberKey('DegradedHealthCheckIntervalSeconds', { min: 0, minExclusive: true, max: 3_600 }, {
    defaultValue: 5,
    description: 'Health-check interval while the link is degraded, recovering or offline.',
  }),
  idempotencyKeySupport: enumKey('IdempotencyKeySupport', ['auto', 'always', 'never'], {
    defaultValue: 'auto',
    description: 'Whether the server honours Idempotency-Key, so a create whose answer was lost may be sent again: auto once a health answer from the server advertised it (the .NET server\'s does not); without it such a call is repeated only when its request provably never left.',
  }),
  proxyUrl: proxyUrlKey('ProxyUrl', {
    defaultValue: null,
    description: 'Forward proxy for every call (https through a CONNECT tunnel); wins over HTTP_PROXY and HTTPS_PROXY.',
  }),
  proxyBypassList: patternListKey('ProxyBypassList', {
    defaultValue: null,
    description: 'Hosts reached without the proxy, as in NO_PROXY (host and its subdomains, .domain, host:port, IP, *); wins over NO_PROXY.',
  }),
} as const;
