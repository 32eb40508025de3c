import type { ActorView } from './store.js';
import { BAND_HEIGHT, timelineModel } from './timelineModel.js';
import { html, svg } from './dom.js';

const WIDTH = 360;
const HEIGHT = 64;

/** A manager's health and response-time timeline (SVG), redrawn from the actor's health points and trail. */
export class TimelineView {
  readonly element: HTMLElement;
  private readonly chart: SVGSVGElement;
  private readonly caption: HTMLElement;

  constructor() {
    this.chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'timeline-chart', preserveAspectRatio: 'none' });
    this.caption = html('div', { class: 'timeline-caption' });
    this.element = html('div', { class: 'timeline' }, [this.caption, this.chart]);
  }

  update(actor: ActorView, now: number): void {
    const model = timelineModel(actor.health, actor.trail, now, WIDTH, HEIGHT);
    const last = actor.health.at(-1);
    this.caption.textContent = last === undefined
      ? 'health: no check yet'
      : `health: ${last.ok ? 'ok' : 'failed'} · ${Math.round(last.responseTimeMs)} ms · ${actor.health.length} checks · top ${Math.round(model.maxMs)} ms`;
    this.element.dataset.checks = String(actor.health.length);
    this.chart.replaceChildren(
      ...model.bands.map((band) => svg('rect', { x: band.x, y: HEIGHT - BAND_HEIGHT, width: band.width, height: BAND_HEIGHT, class: `band band-${band.state}` }, [svg('title', {}, [band.state])])),
      svg('polyline', { points: model.line, class: 'rt-line' }),
      ...model.dots.map((dot) => svg('circle', { cx: dot.x, cy: dot.y, r: 2.5, class: dot.ok ? 'rt-ok' : 'rt-failed' }, [svg('title', {}, [dot.title])])),
    );
  }
}
