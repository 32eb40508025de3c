import { activeNodeIds } from '../../src/inspect/chart/activeStates.js';
import type { ChartDefinition } from '../../src/inspect/protocol.js';
import type { CardSlot } from './cards.js';
import { ChartView } from './chartView.js';
import { clockTime, html } from './dom.js';
import type { LayoutService } from './layoutService.js';
import type { ActorView } from './store.js';
import { TimelineView } from './timelineView.js';
import { valueText } from './valueText.js';

/** Machines whose actor is a manager: their cards carry the health timeline. */
const MANAGER_MACHINES = new Set(['connection']);
const CARD_PADDING_PX = 24;

/**
 * A card: one machine actor's chart, lit live, with its current state, the trail of its recent states, its
 * context, and for a manager the health and response-time timeline. The chart is laid out asynchronously
 * (worker) and lit as soon as it is drawn.
 */
export class CardView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly value: HTMLElement;
  private readonly chartBox: HTMLElement;
  private readonly trail: HTMLOListElement;
  private readonly context: HTMLElement;
  private readonly timeline = new TimelineView();
  private chart: ChartView | null = null;
  private definitionId: string | null = null;
  private actor: ActorView | null = null;

  constructor(readonly slot: CardSlot, private readonly layouts: LayoutService) {
    this.title = html('h3');
    this.value = html('span', { class: 'card-value' });
    this.chartBox = html('div', { class: 'chart-box' }, ['laying out…']);
    this.trail = html('ol', { class: 'trail', 'aria-label': 'Recent states' });
    this.context = html('pre', { class: 'context' });
    this.element = html('article', { class: 'card', 'data-card-id': slot.id }, [
      html('header', {}, [this.title, this.value]),
      this.chartBox,
      this.trail,
      html('details', {}, [html('summary', {}, ['context']), this.context]),
    ]);
  }

  /** Shows `actor` (its chart is `definition`), redrawing the chart only when the machine differs. */
  show(actor: ActorView, definitionId: string, definition: ChartDefinition): void {
    this.actor = actor;
    this.element.dataset.actorId = actor.info.id;
    this.element.dataset.actorName = actor.info.name;
    this.element.dataset.group = actor.info.group ?? '';
    this.title.textContent = `${actor.info.group === null ? '' : `${actor.info.group} / `}${actor.info.name}`;
    this.title.title = actor.info.id;
    const isManager = MANAGER_MACHINES.has(definition.machineId);
    if (isManager && !this.timeline.element.isConnected) this.trail.before(this.timeline.element);
    if (!isManager) this.timeline.element.remove();
    if (this.definitionId !== definitionId) {
      this.definitionId = definitionId;
      this.chart = null;
      this.chartBox.replaceChildren('laying out…');
      this.layouts.layout(definitionId, definition).then(
        (layout) => {
          if (this.definitionId !== definitionId) return;
          this.chart = new ChartView(layout);
          // The card asks for the chart's natural width and the chart is fitted to whatever the card gets: never
          // wider than its card (no scrolling sideways), never blown up past its own size; zoom is on demand.
          // CSSOM, since the page's CSP allows no style attributes.
          this.element.style.flexBasis = `${Math.ceil(layout.width) + CARD_PADDING_PX}px`;
          this.chart.element.style.maxWidth = `${Math.ceil(layout.width)}px`;
          this.chartBox.replaceChildren(this.chart.frame);
          if (this.actor !== null) this.update(definition, Date.now());
        },
        (error: unknown) => this.chartBox.replaceChildren(`layout failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    this.update(definition, Date.now());
  }

  /** Lights the current state, the transitions just taken, and refreshes trail, context and timeline. */
  update(definition: ChartDefinition, now: number): void {
    const actor = this.actor;
    if (actor === null) return;
    const state = actor.state;
    const status = actor.stoppedAt === null ? (state?.status ?? 'active') : (state?.status === 'active' || state === null ? 'stopped' : state.status);
    const text = valueText(state?.value ?? null, status);
    this.value.textContent = actor.stoppedAt === null ? text : `${text} (${status})`;
    this.element.dataset.state = text;
    this.element.dataset.status = status;
    this.element.classList.toggle('stopped', actor.stoppedAt !== null);
    this.chart?.update(activeNodeIds(definition.root, state?.value ?? null), state?.transitions ?? []);
    this.trail.dataset.trail = actor.trail.map((entry) => entry.text).join(' > ');
    this.trail.replaceChildren(...actor.trail.slice(-8).map((entry) => html('li', { title: `${clockTime(entry.at)} on ${entry.event}` }, [entry.text])));
    this.context.textContent = actor.context ?? '';
    if (this.timeline.element.isConnected) this.timeline.update(actor, now);
  }
}
