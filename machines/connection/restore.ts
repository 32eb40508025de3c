import type { ConnectionContext, ConnectionInput, ConnectionState, ConnectionStatus, LinkState } from './types.js';

/** The link a saved state resumes as under the current settings. */
function resumedLink(saved: ConnectionState, input: ConnectionInput): LinkState {
  // A recovery does not outlive its process: a new one starts, but only where recovery is automatic.
  if (saved.link === 'recovering' && !input.enableAutoRecovery) return 'degraded';
  if (saved.link === 'healthy' && saved.circuitBreakerOpen) return 'degraded';
  return saved.link;
}

/**
 * The connection's first context: fresh (the settings' client, healthy), or resumed from `input.restored` with the
 * input's (current) settings: the saved client type, and the link the link region's `resuming` state moves to.
 * The offline wait is clamped to the current `[recoveryDelayMs, maxRecoveryDelayMs]`; an `offlineSince` in the
 * future (the wall clock went back) counts as now. The host (`input.host`) is never part of a saved state.
 */
export function initialConnectionContext(input: ConnectionInput): ConnectionContext {
  const settings = {
    initialClient: input.initialClient,
    enableAutoRecovery: input.enableAutoRecovery,
    recoveryDelayMs: input.recoveryDelayMs,
    maxRecoveryDelayMs: input.maxRecoveryDelayMs,
    health: input.health,
  };
  const saved = input.restored;
  const link = saved === undefined ? 'healthy' : resumedLink(saved, input);
  const client = saved?.client ?? input.initialClient;
  const savedDelay = saved !== undefined && Number.isFinite(saved.recoveryDelayMs) ? saved.recoveryDelayMs : input.recoveryDelayMs;
  const status: ConnectionStatus = { client, link: 'healthy', isHealthy: true, circuitBreakerOpen: false, lastError: null };
  return {
    settings,
    host: input.host,
    client,
    link: 'healthy',
    candidate: null,
    now: input.at,
    circuitBreakerOpen: saved?.circuitBreakerOpen ?? false,
    lastError: saved?.lastError ?? null,
    lastHealth: null,
    status,
    recoveryAttempts: saved?.recoveryAttempts ?? 0,
    recoveryDelayMs: Math.min(Math.max(savedDelay, input.recoveryDelayMs), Math.max(input.maxRecoveryDelayMs, input.recoveryDelayMs)),
    offlineSince: Math.min(saved?.offlineSince ?? input.at, input.at),
    resumeLink: link === 'healthy' ? null : link,
  };
}

/** The state to save from a connection's context: never its settings, never its `host`. */
export function connectionStateOf(context: ConnectionContext): ConnectionState {
  return {
    client: context.client,
    link: context.link,
    circuitBreakerOpen: context.circuitBreakerOpen,
    lastError: context.lastError,
    recoveryAttempts: context.recoveryAttempts,
    recoveryDelayMs: context.recoveryDelayMs,
    offlineSince: context.offlineSince,
  };
}
