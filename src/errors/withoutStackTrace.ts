/**
 * Runs `make` (an error constructor call) with stack capture off, and restores the host's limit.
 *
 * Why: capturing a stack costs 2-3 µs on a small server vCPU, more than the rest of a circuit-breaker refusal,
 * and an open breaker can refuse hundreds of thousands of calls a second. A refusal is flow control whose stack
 * would only say where the call was made, so it is built without one unless the caller asks for it.
 * Where the runtime forbids changing `Error.stackTraceLimit` (frozen intrinsics), the error keeps its stack.
 */
export function withoutStackTrace<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    return make();
  }
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
