import type { InspectionEvent, Snapshot } from 'xstate';

interface MachineLikeSnapshot {
  readonly status: string;
  readonly value: unknown;
  readonly context: Record<string, unknown>;
  readonly machine: { readonly id: string };
}

/** The latest known state of one actor. */
export interface WatchedActor {
  readonly machine: string;
  value: string;
  status: string;
}

function asMachineSnapshot(snapshot: Snapshot<unknown>): MachineLikeSnapshot | undefined {
  const candidate = snapshot as Partial<MachineLikeSnapshot>;
  return candidate.machine !== undefined && typeof candidate.machine.id === 'string' ? (candidate as MachineLikeSnapshot) : undefined;
}

/**
 * An inspection observer (pass `watch.inspect` as the client's `inspect`) that keeps what the tests check about
 * the client's machine actors: which started, where each is now, and every backoff a retry actor entered.
 */
export class ActorWatch {
  /** By session id, in order of the first snapshot. */
  readonly actors = new Map<string, WatchedActor>();
  /** The delay of every `backingOff` a retry actor entered, in order. */
  readonly backoffs: number[] = [];

  readonly inspect = (event: InspectionEvent): void => {
    if (event.type !== '@xstate.snapshot') return;
    const snapshot = asMachineSnapshot(event.snapshot);
    if (snapshot === undefined) return;
    const value = String(snapshot.value);
    const known = this.actors.get(event.actorRef.sessionId);
    if (snapshot.machine.id === 'retry' && value === 'backingOff' && known?.value !== 'backingOff') {
      this.backoffs.push(Number(snapshot.context.delayMs));
    }
    if (known === undefined) this.actors.set(event.actorRef.sessionId, { machine: snapshot.machine.id, value, status: snapshot.status });
    else Object.assign(known, { value, status: snapshot.status });
  };

  /** Actors of `machine` ('retry', 'circuitBreaker') seen so far. */
  of(machine: string): WatchedActor[] {
    return [...this.actors.values()].filter((actor) => actor.machine === machine);
  }
}
