import type { ActorInfo, LoggedEvent } from '../../src/inspect/protocol.js';

/** What the event log shows. */
export interface LogFilter {
  /** `''` for every actor, `actor:<id>` for one, `group:<label>` for a group's actors. */
  readonly scope: string;
  /** Case-insensitive part of the event type; `''` for any. */
  readonly type: string;
  /** Hide XState's own events (`xstate.init`, timers' `xstate.after.*`, `xstate.done.*`, ...). */
  readonly hideInternal: boolean;
}

export const NO_FILTER: LogFilter = { scope: '', type: '', hideInternal: false };

/** A predicate for the filter; `actorOf` finds an event's actor (undefined once it is forgotten). */
export function logMatcher(filter: LogFilter, actorOf: (actorId: string) => ActorInfo | undefined): (event: LoggedEvent) => boolean {
  const type = filter.type.trim().toLowerCase();
  const scopeActor = filter.scope.startsWith('actor:') ? filter.scope.slice('actor:'.length) : null;
  const scopeGroup = filter.scope.startsWith('group:') ? filter.scope.slice('group:'.length) : null;
  return (event) => {
    if (filter.hideInternal && event.type.startsWith('xstate.')) return false;
    if (type !== '' && !event.type.toLowerCase().includes(type)) return false;
    if (scopeActor !== null && event.actorId !== scopeActor) return false;
    if (scopeGroup !== null && actorOf(event.actorId)?.group !== scopeGroup) return false;
    return true;
  };
}

/** The newest `limit` events that match, newest first. */
export function newestMatching(events: readonly LoggedEvent[], matches: (event: LoggedEvent) => boolean, limit: number): LoggedEvent[] {
  const found: LoggedEvent[] = [];
  for (let index = events.length - 1; index >= 0 && found.length < limit; index -= 1) {
    const event = events[index];
    if (event !== undefined && matches(event)) found.push(event);
  }
  return found;
}
