import type { ChartLayout, TransitionPath } from './layout.js';
import { CHART_METRICS } from './layout.js';
import { html, svg } from './dom.js';
import { ChartViewport } from './viewport.js';

const ZOOM_STEP = 1.5;
/** Wheel movement (px) that zooms by {@link ZOOM_STEP}. */
const WHEEL_PER_STEP = 300;

function pathData(path: TransitionPath): string {
  return path.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
}

/**
 * One drawn statechart (SVG) and the means to light it: {@link ChartView.update} marks the active states and
 * the transitions just taken by toggling classes on the elements it keeps by id, so a state change costs a few
 * class changes, never a redraw. Arrowheads are the page's shared markers (index.html), picked by CSS.
 *
 * The chart is fitted to its card (the SVG is as wide as the card, never wider than the chart's own size) and
 * zoomed and panned on demand by changing its viewBox: the buttons (+, −, fit), Ctrl or ⌘ with the wheel at
 * the pointer, and, once zoomed in, dragging or the wheel to pan. {@link ChartView.frame} holds both.
 */
export class ChartView {
  readonly element: SVGSVGElement;
  /** The chart with its zoom controls: what a card shows. */
  readonly frame: HTMLElement;
  private readonly viewport: ChartViewport;
  private readonly fitButton: HTMLButtonElement;
  private readonly states = new Map<string, SVGGElement>();
  private readonly transitions = new Map<string, Element[]>();
  private active = new Set<string>();
  private taken: readonly string[] = [];

  constructor(layout: ChartLayout) {
    const { lineHeight, titleHeight, padding } = CHART_METRICS;
    const boxes = layout.boxes.map((box) => {
      const lines = box.lines.map((line, index) => {
        const text = svg('text', { x: box.x + padding, y: box.y + titleHeight + index * lineHeight + 10, class: 'state-line' }, [line.text]);
        if (line.transitionId !== null) {
          text.dataset.transitionId = line.transitionId;
          this.keep(line.transitionId, text);
        }
        return text;
      });
      const group = svg('g', { class: `state kind-${box.kind}${box.region ? ' region' : ''}${box.depth === 0 ? ' machine' : ''}`, 'data-state-id': box.id }, [
        svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: box.region ? 2 : 8 }),
        svg('text', { x: box.x + padding, y: box.y + 16, class: 'state-title' }, [box.key]),
        ...lines,
      ]);
      this.states.set(box.id, group);
      return group;
    });
    const paths = layout.paths.map((path) => {
      const initial = path.transitionId.startsWith('initial:');
      const group = svg('g', { class: initial ? 'transition initial' : 'transition', 'data-transition-id': path.transitionId }, [
        svg('path', { d: pathData(path) }),
        ...(path.label === null ? [] : [
          svg('rect', { x: path.label.x - 1, y: path.label.y - 1, width: path.label.width + 2, height: path.label.height + 2, class: 'label-bg', rx: 3 }),
          svg('text', { x: path.label.x + 2, y: path.label.y + path.label.height - 3, class: 'transition-label' }, [path.label.text]),
        ]),
      ]);
      this.keep(path.transitionId, group);
      return group;
    });
    const dots = layout.dots.map((dot) => svg('circle', { cx: dot.x, cy: dot.y, r: 4, class: 'initial-dot' }));
    this.viewport = new ChartViewport(Math.ceil(layout.width), Math.ceil(layout.height));
    this.element = svg('svg', {
      viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
      class: 'chart',
      role: 'img',
      'data-zoom': '1.00',
    }, [...boxes, ...paths, ...dots]);
    const control = (label: string, title: string, name: string, action: () => void): HTMLButtonElement => {
      const button = html('button', { type: 'button', class: `chart-control chart-${name}`, title, 'aria-label': title }, [label]);
      button.addEventListener('click', () => {
        action();
        this.applyView();
      });
      return button;
    };
    this.fitButton = control('fit', 'Fit the whole chart to the card', 'fit', () => this.viewport.fit());
    this.frame = html('div', { class: 'chart-frame' }, [
      this.element,
      html('div', { class: 'chart-controls' }, [
        control('−', 'Zoom out', 'zoom-out', () => this.viewport.zoomBy(1 / ZOOM_STEP)),
        control('+', 'Zoom in (or Ctrl + wheel over the chart; drag to pan)', 'zoom-in', () => this.viewport.zoomBy(ZOOM_STEP)),
        this.fitButton,
      ]),
    ]);
    this.listen();
    this.applyView();
  }

  /** Wheel and drag: zoom at the pointer with Ctrl/⌘ + wheel; once zoomed in, pan by dragging or wheeling. */
  private listen(): void {
    const chart = this.element;
    chart.addEventListener('wheel', (event) => {
      const zoom = event.ctrlKey || event.metaKey;
      // A fitted chart leaves the plain wheel to the page, which scrolls as usual.
      if (!zoom && this.viewport.isFit) return;
      event.preventDefault();
      const box = chart.getBoundingClientRect();
      if (zoom) {
        const fx = box.width > 0 ? (event.clientX - box.left) / box.width : 0.5;
        const fy = box.height > 0 ? (event.clientY - box.top) / box.height : 0.5;
        this.viewport.zoomBy(ZOOM_STEP ** (-event.deltaY / WHEEL_PER_STEP), fx, fy);
      } else if (box.width > 0 && box.height > 0) {
        this.viewport.panBy(event.deltaX / box.width, event.deltaY / box.height);
      }
      this.applyView();
    }, { passive: false });
    let last: { x: number; y: number } | null = null;
    chart.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || this.viewport.isFit) return;
      last = { x: event.clientX, y: event.clientY };
      chart.setPointerCapture(event.pointerId);
      chart.classList.add('dragging');
    });
    chart.addEventListener('pointermove', (event) => {
      if (last === null) return;
      const box = chart.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) this.viewport.panBy(-(event.clientX - last.x) / box.width, -(event.clientY - last.y) / box.height);
      last = { x: event.clientX, y: event.clientY };
      this.applyView();
    });
    const release = (event: PointerEvent): void => {
      if (last === null) return;
      last = null;
      if (chart.hasPointerCapture(event.pointerId)) chart.releasePointerCapture(event.pointerId);
      chart.classList.remove('dragging');
    };
    chart.addEventListener('pointerup', release);
    chart.addEventListener('pointercancel', release);
  }

  private applyView(): void {
    const { x, y, width, height } = this.viewport.viewBox;
    this.element.setAttribute('viewBox', `${x.toFixed(1)} ${y.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}`);
    this.element.dataset.zoom = this.viewport.zoom.toFixed(2);
    this.element.classList.toggle('zoomed', !this.viewport.isFit);
    this.fitButton.disabled = this.viewport.isFit;
  }

  /** Lights `active` states and marks `taken` transitions; unlights the rest. */
  update(active: ReadonlySet<string>, taken: readonly string[]): void {
    for (const id of this.active) if (!active.has(id)) this.states.get(id)?.classList.remove('active');
    for (const id of active) this.states.get(id)?.classList.add('active');
    this.active = new Set(active);
    for (const id of this.taken) for (const element of this.transitions.get(id) ?? []) element.classList.remove('taken');
    for (const id of taken) for (const element of this.transitions.get(id) ?? []) element.classList.add('taken');
    this.taken = taken;
  }

  private keep(transitionId: string, element: Element): void {
    const list = this.transitions.get(transitionId) ?? [];
    list.push(element);
    this.transitions.set(transitionId, list);
  }
}
