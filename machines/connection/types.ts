import type { HealthMonitorSettings, HealthProbeResult } from '../health/types.js';
import type { ClientType, HostRef } from '../types.js';

/** The link region's states. */
export type LinkState = 'healthy' | 'degraded' | 'recovering' | 'offline';

/** The connection's settings, in ms; build them with `connectionSettingsFrom(options, apiSettings)`. */
export interface ConnectionSettings {
  /** `UseEnhancedClient` ? 'enhanced' : 'standard'. */
  readonly initialClient: ClientType;
  /** `EnableAutoRecovery`: losing health starts a recovery, and offline retries it with backoff. */
  readonly enableAutoRecovery: boolean;
  /** First wait before retrying recovery while offline; doubles after each failed recovery. */
  readonly recoveryDelayMs: number;
  /** Cap of that wait. */
  readonly maxRecoveryDelayMs: number;
  /** Passed to the invoked health monitor. */
  readonly health: HealthMonitorSettings;
}

/**
 * A connection's state as saved across a process restart (state only: the settings come from the new process).
 * Times are wall-clock epoch ms.
 */
export interface ConnectionState {
  /** The client type in use. */
  readonly client: ClientType;
  readonly link: LinkState;
  /** The current client's breaker was open, half-open or isolated. */
  readonly circuitBreakerOpen: boolean;
  readonly lastError: string | null;
  readonly recoveryAttempts: number;
  /** The offline wait as it had grown; clamped to the current settings on restore. */
  readonly recoveryDelayMs: number;
  /** When the link went offline (or the last recovery failed). */
  readonly offlineSince: number;
}

/** Input of the connection machine. */
export interface ConnectionInput extends ConnectionSettings {
  /** When the connection starts: epoch ms from the caller's clock. */
  readonly at: number;
  /**
   * Resume from a saved state, with these (the current) settings applied: the client type in use, and the link
   * (degraded; recovering, which starts a new recovery when auto-recovery is on, else degraded; offline, whose
   * next recovery is re-armed from the wall-clock `offlineSince`). A healthy link with the breaker open resumes
   * degraded.
   */
  readonly restored?: ConnectionState;
  /** Handed to `prepareClient`, `recover`, the health monitor and the actions; never read by the machine. */
  readonly host?: HostRef;
}

/** What `statusChanged` reports (the seed's ConnectionStatusChanged payload). */
export interface ConnectionStatus {
  readonly client: ClientType;
  readonly link: LinkState;
  readonly isHealthy: boolean;
  readonly circuitBreakerOpen: boolean;
  readonly lastError: string | null;
}

/** Input of `prepareClient`: create a client of this type and test it (GET api/health) before it takes over. */
export interface PrepareClientInput {
  readonly client: ClientType;
  readonly reason: 'switch' | 'recreate';
  /** The connection input's `host`. */
  readonly host?: HostRef;
}

/** Output of `prepareClient`: the candidate is ready; it stays a candidate until `commitClient`. */
export interface PreparedClient {
  readonly client: ClientType;
  readonly at: number;
}

/** Input of `recover`: the current client type and the 1-based recovery attempt. */
export interface RecoverInput {
  readonly client: ClientType;
  readonly attempt: number;
  /** The connection input's `host`. */
  readonly host?: HostRef;
}

/**
 * Output of `recover` (src: recreate the same type, test it; failing that, the other type; the one that passes
 * becomes the candidate). It resolves in both cases.
 */
export type RecoveryOutcome =
  | { readonly ok: true; readonly client: ClientType; readonly at: number }
  | { readonly ok: false; readonly error: string; readonly at: number };

/** Events the connection accepts. Every one carries `at` (epoch ms). */
export type ConnectionEvent =
  | { readonly type: 'SWITCH_TO_ENHANCED'; readonly at: number }
  | { readonly type: 'SWITCH_TO_STANDARD'; readonly at: number }
  | { readonly type: 'RECREATE'; readonly at: number }
  /** Manual `tryAutoRecoverConnection`: starts a recovery, or joins the running one. */
  | { readonly type: 'RECOVER'; readonly at: number }
  | { readonly type: 'HEALTH.OK'; readonly at: number; readonly result: HealthProbeResult }
  | { readonly type: 'HEALTH.FAILED'; readonly at: number; readonly result: HealthProbeResult }
  | { readonly type: 'BREAKER.OPENED'; readonly at: number }
  | { readonly type: 'BREAKER.CLOSED'; readonly at: number }
  /** Send once after restoring a persisted snapshot: re-arms the offline timer and the health monitor's. */
  | { readonly type: 'RESTORED'; readonly at: number }
  /**
   * Probe the link at once rather than at the next interval: the machine's network addresses changed (a VPN came
   * up or went down) or a host wants a fresh reading. Forwarded to the health monitor, which ignores it mid-probe.
   */
  | { readonly type: 'CHECK_NOW'; readonly at: number }
  /** Raised by the link region when a recovery produced a client; the client region adopts it. */
  | { readonly type: 'CLIENT.ADOPT'; readonly at: number; readonly client: ClientType };

/** Events the connection emits (`actor.on('statusChanged', ...)`). */
export type ConnectionEmitted =
  | { readonly type: 'statusChanged'; readonly previous: ConnectionStatus; readonly current: ConnectionStatus; readonly timestamp: number }
  | { readonly type: 'message'; readonly text: string; readonly at: number }
  /**
   * A manual switch or recreate is over: `committed` true when the candidate passed its test and took over, false
   * when it failed (the current client stays; `error` says why).
   */
  | {
    readonly type: 'clientPrepared';
    readonly client: ClientType;
    readonly reason: 'switch' | 'recreate';
    readonly committed: boolean;
    readonly error?: string;
    readonly at: number;
  };

/** Sent to the parent when one invoked the connection machine. */
export type ConnectionParentEvent = {
  readonly type: 'CONNECTION.STATUS_CHANGED';
  readonly previous: ConnectionStatus;
  readonly current: ConnectionStatus;
  readonly timestamp: number;
};

/** The connection machine's context. */
export interface ConnectionContext {
  readonly settings: ConnectionSettings;
  /** The input's `host`, for the actions src/ provides. */
  readonly host: HostRef | undefined;
  readonly client: ClientType;
  readonly link: LinkState;
  /** The client being prepared by a manual switch or recreate; null when none is. */
  readonly candidate: ClientType | null;
  readonly now: number;
  readonly circuitBreakerOpen: boolean;
  readonly lastError: string | null;
  readonly lastHealth: HealthProbeResult | null;
  /** The status last published with `statusChanged`. */
  readonly status: ConnectionStatus;
  readonly recoveryAttempts: number;
  /** The wait before the next recovery while offline. */
  readonly recoveryDelayMs: number;
  readonly offlineSince: number;
  /** The saved link state still to move to at start (from `input.restored`); null once it has, or when fresh. */
  readonly resumeLink: Exclude<LinkState, 'healthy'> | null;
}
