import type { RandomSource } from '../random.js';

/** `ordered`: failover, the most preferred available endpoint takes every call. `balanced`: least outstanding calls per weight. */
export type EndpointSelectionMode = 'ordered' | 'balanced';

/** One server endpoint: where it is and how much it is preferred, as an SRV record says it. */
export interface EndpointSpec {
  /** Base URL; the endpoint's identity. */
  readonly url: string;
  /** Lower is preferred; a higher group is used only when no endpoint of a lower one is available. */
  readonly priority: number;
  /** Relative share of the calls within its priority group (balanced mode); 0: only when the group has no weighted endpoint. */
  readonly weight: number;
}

/** What the selection knows of one endpoint. */
export interface EndpointStatus extends EndpointSpec {
  /** Its breaker rejects calls (open or isolated). Half-open counts as not open: probes must reach it. */
  readonly breakerOpen: boolean;
  /** Its health monitor's last verdict. */
  readonly healthy: boolean;
  /** Calls started on it and not yet ended. */
  readonly outstanding: number;
  /** After recovering it takes calls again only from this time on, unless nothing else is available; null: not held down. */
  readonly heldDownUntil: number | null;
}

/** Why an endpoint cannot take a call. */
export type UnavailableReason = 'breakerOpen' | 'unhealthy';

/** Where the next call goes, or why it cannot go anywhere. */
export type EndpointChoice =
  | {
    readonly kind: 'endpoint';
    readonly url: string;
    /** True when every available endpoint is still held down after recovering, and this one is taken anyway. */
    readonly heldDown: boolean;
  }
  | {
    /** No endpoint is available: the caller fails fast (BrokenCircuitError naming them). */
    readonly kind: 'none';
    readonly unavailable: ReadonlyArray<{ readonly url: string; readonly reason: UnavailableReason }>;
  };

/** What {@link selectEndpoint} reads. */
export interface SelectionView {
  readonly mode: EndpointSelectionMode;
  /** The latest time known (events' `at`, timers). */
  readonly now: number;
  /** In list order: the order breaks ties of priority in ordered mode. */
  readonly endpoints: readonly EndpointStatus[];
}

/** Input of the endpoint-selection machine. */
export interface EndpointSelectionInput {
  /** At least one; every endpoint starts healthy with its breaker closed. */
  readonly endpoints: readonly EndpointSpec[];
  readonly mode: EndpointSelectionMode;
  /** `FailbackHoldDownSeconds` in ms: how long a recovered endpoint waits before it takes calls again. */
  readonly holdDownMs: number;
  /** Epoch ms of the caller's clock when the selection starts. */
  readonly at: number;
  /** Breaks ties in balanced mode. Default `Math.random`; pass `seededRandom(n)` to replay. */
  readonly random?: RandomSource;
}

/** The endpoint-selection machine's context. */
export interface EndpointSelectionContext extends SelectionView {
  readonly holdDownMs: number;
  readonly random: RandomSource;
  /** Where the next call goes: recomputed by {@link selectEndpoint} after every event. */
  readonly choice: EndpointChoice;
}

/** Events the endpoint-selection machine accepts; events naming an unknown URL are ignored. */
export type EndpointSelectionEvent =
  /** The endpoint's breaker opened (or was isolated): skip it. */
  | { readonly type: 'ENDPOINT.BREAKER_OPENED'; readonly url: string; readonly at: number }
  /** The endpoint's breaker admits calls again (half-open or closed). */
  | { readonly type: 'ENDPOINT.BREAKER_CLOSED'; readonly url: string; readonly at: number }
  /** The endpoint's health check passed. */
  | { readonly type: 'ENDPOINT.HEALTHY'; readonly url: string; readonly at: number }
  /** The endpoint's health check failed. */
  | { readonly type: 'ENDPOINT.UNHEALTHY'; readonly url: string; readonly at: number }
  /** A call was sent to the endpoint (balanced mode counts them). */
  | { readonly type: 'CALL.STARTED'; readonly url: string; readonly at: number }
  /** A call on the endpoint ended, however it ended. */
  | { readonly type: 'CALL.ENDED'; readonly url: string; readonly at: number }
  /** Discovery's list: known endpoints keep their status, new ones start available, missing ones are dropped. Empty lists are ignored. */
  | { readonly type: 'ENDPOINTS.DISCOVERED'; readonly endpoints: readonly EndpointSpec[]; readonly at: number };

/** Events the machine emits (`actor.on('endpoint.switched', ...)`). */
export type EndpointSelectionEmitted =
  /** Ordered mode: calls now go to `to` instead of `from` (null: none available). */
  { readonly type: 'endpoint.switched'; readonly from: string | null; readonly to: string | null; readonly at: number };
