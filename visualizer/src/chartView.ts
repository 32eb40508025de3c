import type { ChartLayout, TransitionPath } from './layout.js';
import { CHART_METRICS } from './layout.js';
import { svg } from './dom.js';

function pathData(path: TransitionPath): string {
  return path.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
}

/**
 * One drawn statechart (SVG) and the means to light it: {@link ChartView.update} marks the active states and
 * the transitions just taken by toggling classes on the elements it keeps by id, so a state change costs a few
 * class changes, never a redraw. Arrowheads are the page's shared markers (index.html), picked by CSS.
 */
export class ChartView {
  readonly element: SVGSVGElement;
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
    this.element = svg('svg', {
      viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
      width: Math.ceil(layout.width),
      class: 'chart',
      role: 'img',
    }, [...boxes, ...paths, ...dots]);
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
