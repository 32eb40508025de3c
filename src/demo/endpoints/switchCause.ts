import type { EventObject, InspectionEvent } from 'xstate';
import { endpointSelectionMachine } from '../../../machines/endpointSelection.machine.js';

/** Why a node's endpoint selection moved: the event its selection machine was taking when it switched. */
export type SwitchCause =
  /** `url`'s breaker opened (its calls failed), or it admits calls again (half-open or closed). */
  | { readonly kind: 'breakerOpened' | 'breakerAdmits'; readonly url: string }
  /** `url`'s health check failed, or passed. */
  | { readonly kind: 'unhealthy' | 'healthy'; readonly url: string }
  /** A recovered server's hold-down ran out (the selection's `holdDown` delay). */
  | { readonly kind: 'holdDownPassed' }
  /** Discovery's list changed, or an event the story does not name. */
  | { readonly kind: 'other' };

/** The cause an event sent to the selection machine stands for. */
export function causeOf(event: EventObject): SwitchCause {
  const url = 'url' in event && typeof event.url === 'string' ? event.url : undefined;
  if (url !== undefined) {
    if (event.type === 'ENDPOINT.BREAKER_OPENED') return { kind: 'breakerOpened', url };
    if (event.type === 'ENDPOINT.BREAKER_CLOSED') return { kind: 'breakerAdmits', url };
    if (event.type === 'ENDPOINT.UNHEALTHY') return { kind: 'unhealthy', url };
    if (event.type === 'ENDPOINT.HEALTHY') return { kind: 'healthy', url };
  }
  // XState names a delayed event `xstate.after.<delay>.<state id>`; the selection has one delay, the hold-down.
  if (event.type.startsWith('xstate.after.')) return { kind: 'holdDownPassed' };
  return { kind: 'other' };
}

/**
 * Remembers the last event relayed to a node's selection actors, from the node's inspection events. XState
 * inspects an event before the actor takes it, and the selection emits `endpoint.switched` while taking it, so
 * when the node hears of a switch, {@link SelectionCauses.last} is the event that caused it. Call counts
 * (`CALL.STARTED` / `CALL.ENDED`) are skipped: they never move an ordered selection.
 */
export class SelectionCauses {
  private latest: SwitchCause = { kind: 'other' };

  /** The inspection observer to give the node's connection. */
  readonly observe = (event: InspectionEvent): void => {
    if (event.type !== '@xstate.event' || (event.actorRef as { src?: unknown }).src !== endpointSelectionMachine) return;
    if (event.event.type.startsWith('CALL.')) return;
    this.latest = causeOf(event.event);
  };

  /** The cause of the switch being reported now. */
  last(): SwitchCause {
    return this.latest;
  }
}
