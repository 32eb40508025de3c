import type { ActorInfo } from '../../src/inspect/protocol.js';

/** A place on the page where one machine actor's chart is drawn. */
export interface CardSlot {
  readonly id: number;
  readonly group: string;
  readonly definitionId: string;
  actorId: string;
}

/**
 * Decides which actor each chart card shows, so the page stays readable and cheap however many actors come
 * and go: one card per live machine actor, and an actor whose card-mate of the same group and machine has
 * stopped takes that card over (a call's retry loop after the previous one; a client swapped for a new one).
 * At most `maxCards` cards; past that, an actor is shown only when asked for ({@link CardAssigner.show}).
 */
export class CardAssigner {
  private readonly slots: CardSlot[] = [];
  private nextId = 1;

  constructor(private readonly maxCards = 24) {}

  get cards(): readonly CardSlot[] {
    return this.slots;
  }

  /** The card now showing `actorId`, if any. */
  cardOf(actorId: string): CardSlot | undefined {
    return this.slots.find((slot) => slot.actorId === actorId);
  }

  /**
   * Gives a newly registered machine actor a card: a stopped card-mate's, else a new one while there is room.
   * Returns the card, or undefined (not a machine, or no room).
   */
  place(actor: ActorInfo, isLive: (actorId: string) => boolean): CardSlot | undefined {
    if (actor.definitionId === null) return undefined;
    const existing = this.cardOf(actor.id);
    if (existing !== undefined) return existing;
    const group = actor.group ?? '';
    const reusable = this.slots.find((slot) => slot.group === group && slot.definitionId === actor.definitionId && !isLive(slot.actorId));
    if (reusable !== undefined) {
      reusable.actorId = actor.id;
      return reusable;
    }
    if (this.slots.length >= this.maxCards) return undefined;
    const slot: CardSlot = { id: this.nextId++, group, definitionId: actor.definitionId, actorId: actor.id };
    this.slots.push(slot);
    return slot;
  }

  /**
   * Shows `actor` now (the user picked it): its own card, else the card of a card-mate (same group and machine),
   * else a new card, else the first card of a stopped actor. Undefined when it is not a machine or no card fits.
   */
  show(actor: ActorInfo, isLive: (actorId: string) => boolean): CardSlot | undefined {
    const placed = this.place(actor, isLive);
    if (placed !== undefined || actor.definitionId === null) return placed;
    const group = actor.group ?? '';
    const slot = this.slots.find((candidate) => candidate.group === group && candidate.definitionId === actor.definitionId)
      ?? this.slots.find((candidate) => !isLive(candidate.actorId));
    if (slot === undefined) return undefined;
    const taken: CardSlot = { id: slot.id, group, definitionId: actor.definitionId, actorId: actor.id };
    this.slots.splice(this.slots.indexOf(slot), 1, taken);
    return taken;
  }

  /** Forgets every card (the page started over). */
  clear(): void {
    this.slots.length = 0;
  }
}
