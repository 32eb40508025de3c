import { foldText, orderActors } from './actorOrder.js';
import { html } from './dom.js';
import type { VisualizerStore } from './store.js';
import { valueText } from './valueText.js';

/**
 * The sidebar: every live actor (and the latest stopped ones, dimmed) by group, children under their parent,
 * each with its current state; a parent's finished children one line per kind. Clicking an actor calls `onPick`.
 */
export class ActorList {
  private readonly values = new Map<string, HTMLElement>();

  constructor(private readonly element: HTMLElement, private readonly store: VisualizerStore, private readonly onPick: (actorId: string) => void) {}

  /** Redraws the whole list (actors came or went). */
  rebuild(): void {
    this.values.clear();
    const sections = orderActors(this.store.actors.values(), this.store.folded).map(({ group, actors }) => html('section', { class: 'actor-group', 'data-group': group }, [
      html('h2', {}, [group === '' ? 'no group' : group]),
      html('ul', {}, actors.map((listed) => {
        if ('folded' in listed) {
          const { folded, depth } = listed;
          const line = html('li', {
            class: 'actor folded', 'data-folded-name': folded.name, 'data-parent-id': folded.parentId, 'data-count': folded.count,
            title: `${folded.count} finished ${folded.name} actors of this parent; the last one ${folded.lastStatus}`,
          }, [html('span', { class: 'actor-name' }, [foldText(folded)])]);
          line.style.paddingLeft = `${1 + depth}rem`;
          return line;
        }
        const { actor, depth } = listed;
        const value = html('span', { class: 'actor-value' });
        this.values.set(actor.info.id, value);
        const item = html('li', {
          class: `actor${actor.stoppedAt === null ? '' : ' stopped'}`,
          'data-actor-id': actor.info.id,
          'data-actor-name': actor.info.name,
          title: `${actor.info.id} (${actor.info.source})`,
        }, [html('button', { type: 'button' }, [html('span', { class: 'actor-name' }, [actor.info.name]), value])]);
        // CSSOM, not a style attribute: the page's Content-Security-Policy allows no inline styles.
        item.style.paddingLeft = `${0.5 + depth}rem`;
        item.addEventListener('click', () => this.onPick(actor.info.id));
        return item;
      })),
    ]));
    const live = [...this.store.actors.values()].filter((actor) => actor.stoppedAt === null).length;
    this.element.replaceChildren(html('div', { class: 'actors-title' }, [`Actors (${live} live)`]), ...sections);
    for (const id of this.values.keys()) this.updateActor(id);
  }

  /** Updates one actor's state text. */
  updateActor(actorId: string): void {
    const element = this.values.get(actorId);
    const actor = this.store.actors.get(actorId);
    if (element === undefined || actor === undefined) return;
    element.textContent = actor.stoppedAt !== null ? (actor.state?.status ?? 'stopped') : valueText(actor.state?.value ?? null, actor.state?.status ?? '…');
  }
}
