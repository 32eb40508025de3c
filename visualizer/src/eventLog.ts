import type { LoggedEvent } from '../../src/inspect/protocol.js';
import { clockTime, html } from './dom.js';
import type { LogFilter } from './logFilter.js';
import { NO_FILTER, logMatcher, newestMatching } from './logFilter.js';
import type { VisualizerStore } from './store.js';

const ROWS = 200;

/**
 * The event log: the newest events first, filtered by actor or group, by event type, and with or without
 * XState's internal events. Keeps at most 200 rows in the page; older matches stay in the store.
 */
export class EventLog {
  readonly element: HTMLElement;
  private filter: LogFilter = NO_FILTER;
  private readonly scope: HTMLSelectElement;
  private readonly type: HTMLInputElement;
  private readonly internal: HTMLInputElement;
  private readonly body: HTMLTableSectionElement;
  private readonly count: HTMLElement;
  private matches: (event: LoggedEvent) => boolean;

  constructor(private readonly store: VisualizerStore) {
    this.scope = html('select', { id: 'log-scope', 'aria-label': 'Actor' }, [html('option', { value: '' }, ['all actors'])]);
    this.type = html('input', { id: 'log-type', type: 'search', placeholder: 'event type', 'aria-label': 'Event type' });
    this.internal = html('input', { id: 'log-internal', type: 'checkbox' });
    this.count = html('span', { class: 'log-count' });
    this.body = html('tbody');
    this.matches = logMatcher(this.filter, (id) => store.actors.get(id)?.info);
    const onChange = (): void => this.setFilter({ scope: this.scope.value, type: this.type.value, hideInternal: this.internal.checked });
    this.scope.addEventListener('change', onChange);
    this.type.addEventListener('input', onChange);
    this.internal.addEventListener('change', onChange);
    this.element = html('div', { class: 'log-inner' }, [
      html('div', { class: 'log-filters' }, [
        html('strong', {}, ['Events']), this.scope, this.type,
        html('label', {}, [this.internal, ' hide xstate.*']), this.count,
      ]),
      html('div', { class: 'log-scroll' }, [
        html('table', { class: 'log-table' }, [
          html('thead', {}, [html('tr', {}, ['time', 'actor', 'event', 'from', 'data'].map((name) => html('th', {}, [name])))]),
          this.body,
        ]),
      ]),
    ]);
  }

  /** Shows only `scope`'s events (`actor:<id>`, `group:<label>`, or `''` for all). */
  setScope(scope: string): void {
    this.scope.value = scope;
    this.setFilter({ ...this.filter, scope: this.scope.value });
  }

  setFilter(filter: LogFilter): void {
    this.filter = filter;
    this.matches = logMatcher(filter, (id) => this.store.actors.get(id)?.info);
    this.body.replaceChildren(...newestMatching(this.store.events, this.matches, ROWS).map((event) => this.row(event)));
    this.updateCount();
  }

  /** Adds what arrived (oldest first) at the top. */
  append(events: readonly LoggedEvent[]): void {
    const fresh = newestMatching(events, this.matches, ROWS);
    if (fresh.length > 0) {
      this.body.prepend(...fresh.map((event) => this.row(event)));
      while (this.body.childElementCount > ROWS) this.body.lastElementChild?.remove();
    }
    this.updateCount();
  }

  /** Rebuilds the actor choices (actors came or went). */
  refreshScopes(): void {
    const current = this.scope.value;
    const groups = new Set<string>();
    const actors: HTMLOptionElement[] = [];
    for (const actor of this.store.actors.values()) {
      if (actor.info.group !== null) groups.add(actor.info.group);
      if (actor.stoppedAt === null) actors.push(html('option', { value: `actor:${actor.info.id}` }, [`${this.store.label(actor.info.id)} (${actor.info.id})`]));
    }
    const options = [
      html('option', { value: '' }, ['all actors']),
      ...[...groups].sort().map((group) => html('option', { value: `group:${group}` }, [`group ${group}`])),
      ...actors,
    ];
    if (current !== '' && !options.some((option) => option.value === current)) options.push(html('option', { value: current }, [`${current} (gone)`]));
    this.scope.replaceChildren(...options);
    this.scope.value = current;
  }

  private updateCount(): void {
    this.count.textContent = `${this.body.childElementCount} shown · ${this.store.totals.events.toLocaleString('en')} received`;
  }

  private row(event: LoggedEvent): HTMLTableRowElement {
    return html('tr', { 'data-event-type': event.type, 'data-actor-id': event.actorId }, [
      html('td', { class: 'time' }, [clockTime(event.at)]),
      html('td', {}, [this.store.label(event.actorId)]),
      html('td', { class: 'type' }, [event.type]),
      html('td', {}, [event.sourceId === null ? '' : this.store.label(event.sourceId)]),
      html('td', { class: 'summary', title: event.summary }, [event.summary]),
    ]);
  }
}
