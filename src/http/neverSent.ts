import http from 'node:http';

/** Failures of a name lookup: no connection was opened, so nothing was sent. */
const LOOKUP_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/**
 * Node names the system call that failed: `getaddrinfo` is the lookup, `connect` the TCP handshake. An error in
 * either (ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ENETDOWN, ETIMEDOUT, even ECONNRESET during the handshake)
 * comes before any connection existed to carry a byte.
 */
const PRE_CONNECTION_SYSCALLS: ReadonlySet<string> = new Set(['getaddrinfo', 'connect']);

/** The parts of a request's socket read here; `_bytesDispatched` is Node's own count, not in its typings. */
interface SocketState {
  readonly encrypted?: unknown;
  readonly secureConnecting?: unknown;
  readonly _bytesDispatched?: unknown;
}

/**
 * True when the request, as the failed attempt left it, provably sent nothing: it never got a socket (it waited
 * in the pool), its plain socket never handed a byte to the kernel (Node's `_bytesDispatched` is 0: it was still
 * connecting), or its TLS socket never finished the handshake (`secureConnecting`: Node holds the request's
 * bytes until `secureConnect`, so a handshake or certificate failure sent none of them). Anything else, a
 * socket that wrote and then broke included, is not proof: the server may have read the request.
 * `bytesWritten` cannot decide it, since it also counts what is still buffered.
 */
export function requestNeverSent(request: unknown): boolean {
  if (!(request instanceof http.ClientRequest)) return false;
  const socket = request.socket as SocketState | null;
  if (socket === null) return true;
  if (socket.encrypted === true) return socket.secureConnecting === true;
  // A Node without this private count gives no proof: treated as possibly sent.
  return socket._bytesDispatched === 0;
}

/**
 * True when the error an attempt ended with proves its request never reached the server: a lookup failure, an
 * error of the TCP handshake (on the error or, for an axios error, on the system error it wraps as its cause), or
 * an axios request that sent nothing (see {@link requestNeverSent}). False when unsure, which makes a
 * non-idempotent call's outcome unknown rather than risk applying it twice.
 */
// The axios configs of requests that failed while still waiting for a pool slot: the http adapter never saw them.
// Kept by config because axios may replace the adapter's error (an abort becomes its own CanceledError, which
// carries the same config).
const unsentConfigs = new WeakSet<object>();

/** Records that the request of this axios config failed before it was handed to the http adapter. */
export function markNeverSent(config: object): void {
  unsentConfigs.add(config);
}

export function provesNeverSent(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const config: unknown = (error as Error & { config?: unknown }).config;
  if (typeof config === 'object' && config !== null && unsentConfigs.has(config)) return true;
  if (failedBeforeConnecting(error) || failedBeforeConnecting(error.cause)) return true;
  const request: unknown = (error as Error & { request?: unknown }).request;
  return request !== undefined && requestNeverSent(request);
}

function failedBeforeConnecting(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as Error & { code?: unknown; syscall?: unknown };
  return (typeof code === 'string' && LOOKUP_CODES.has(code)) || (typeof syscall === 'string' && PRE_CONNECTION_SYSCALLS.has(syscall));
}
