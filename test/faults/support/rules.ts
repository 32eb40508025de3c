import type { FaultAction, FaultRule, ProxiedRequest } from './faultProxy.js';

/** True for the health probe, which some faults leave alone (a server whose API fails while it still answers health). */
export function isHealth(request: ProxiedRequest): boolean {
  return request.path.startsWith('/api/health');
}

/** `action` on every API request; the health probe passes. */
export function onApi(action: FaultAction): FaultRule {
  return (request) => (isHealth(request) ? { kind: 'pass' } : action);
}

/** True for a task status write (claim, final status, hand-back). */
export function isStatusWrite(request: ProxiedRequest): boolean {
  return request.method === 'PUT' && /\/api\/tasks\/\d+\/status$/.test(request.path);
}
