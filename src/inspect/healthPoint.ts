import { redactString } from '../util/redact/redactString.js';
import type { HealthPoint } from './protocol.js';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The health check that a `HEALTH.OK` / `HEALTH.FAILED` event reports (the health monitor sends one to its
 * parent, the manager's connection actor, after each check), or null for any other event. Its time is the
 * result's `at` (the runtime's clock), else `receivedAt`.
 */
export function healthPointOf(actorId: string, event: unknown, receivedAt: number): HealthPoint | null {
  const type = field(event, 'type');
  if (type !== 'HEALTH.OK' && type !== 'HEALTH.FAILED') return null;
  const result = field(event, 'result');
  const responseTimeMs = field(result, 'responseTimeMs');
  if (typeof responseTimeMs !== 'number' || !Number.isFinite(responseTimeMs)) return null;
  const at = field(result, 'at') ?? field(event, 'at');
  const error = field(result, 'lastError');
  return {
    actorId,
    at: typeof at === 'number' && Number.isFinite(at) ? at : receivedAt,
    ok: type === 'HEALTH.OK',
    responseTimeMs,
    error: typeof error === 'string' && error !== '' ? redactString(error) : null,
  };
}
