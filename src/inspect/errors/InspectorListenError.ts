import { VcconnError } from '../../errors/VcconnError.js';
import { hasCode } from '../../errors/hasCode.js';

/** The inspection relay could not listen on its address (port in use, address not available, no permission). */
export class InspectorListenError extends VcconnError {
  readonly code = 'ERR_INSPECTOR_LISTEN';
  readonly host: string;
  readonly port: number;
  /** The system's error code, e.g. `EADDRINUSE`, when it gave one. */
  readonly systemCode: string | undefined;

  constructor(host: string, port: number, cause: unknown) {
    const systemCode = (cause as { code?: unknown } | null)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`The visualizer relay cannot listen on ${host}:${port}: ${reason}`, { cause });
    this.host = host;
    this.port = port;
    this.systemCode = typeof systemCode === 'string' ? systemCode : undefined;
  }
}

/** True when `value` is an {@link InspectorListenError}. */
export function isInspectorListenError(value: unknown): value is InspectorListenError {
  return value instanceof InspectorListenError || hasCode(value, 'ERR_INSPECTOR_LISTEN');
}
