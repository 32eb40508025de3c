import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartDefinition, ChartNode, ChartTransition } from '../../src/inspect/protocol.js';

/** Lays a graph out (elkjs' `ELK.layout`, in a worker on the page, in-process in tests). */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Text width in px for the chart's font; the page measures with a canvas, tests estimate. */
export type MeasureText = (text: string) => number;

/** A line inside a state box: a transition that only runs actions, or an invoked actor. */
export interface BoxLine {
  readonly text: string;
  readonly transitionId: string | null;
}

/** A state drawn as a box, in chart coordinates. */
export interface StateBox {
  readonly id: string;
  readonly key: string;
  readonly kind: ChartNode['kind'];
  /** True for a region of a parallel state (drawn dashed). */
  readonly region: boolean;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly BoxLine[];
}

/** A transition drawn as an arrow, in chart coordinates. */
export interface TransitionPath {
  /** The chart transition's id, or `initial:<state id>` for the arrow into an initial state. */
  readonly transitionId: string;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }>;
  readonly label: { readonly text: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number } | null;
}

/** Where everything of a chart goes. Boxes are ordered parents first, so drawing in order nests them. */
export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly StateBox[];
  readonly paths: readonly TransitionPath[];
  /** Initial-state dots. */
  readonly dots: ReadonlyArray<{ readonly x: number; readonly y: number }>;
}

/** Sizes of the drawing, px. */
export const CHART_METRICS = { lineHeight: 15, titleHeight: 24, padding: 10, labelHeight: 14, dot: 8, minWidth: 56 } as const;

const INITIAL_SUFFIX = '::initial';

function transitionText(transition: ChartTransition): string {
  return transition.guard === null ? transition.label : `${transition.label} [${transition.guard}]`;
}

/** Lines shown inside a state: its invoked actors, then its transitions that only run actions. */
export function boxLines(node: ChartNode): BoxLine[] {
  return [
    ...node.invokes.map((id) => ({ text: `invoke ${id}`, transitionId: null })),
    ...node.transitions.filter((transition) => transition.targets.length === 0).map((transition) => ({ text: transitionText(transition), transitionId: transition.id })),
  ];
}

function linesWidth(lines: readonly BoxLine[], measure: MeasureText): number {
  return lines.reduce((widest, line) => Math.max(widest, measure(line.text)), 0);
}

function elkNode(node: ChartNode, parentKind: ChartNode['kind'] | null, measure: MeasureText, edges: ElkExtendedEdge[]): ElkNode {
  const { lineHeight, titleHeight, padding, labelHeight, dot, minWidth } = CHART_METRICS;
  const lines = boxLines(node);
  const titleWidth = measure(node.key) + 2 * padding;
  for (const transition of node.transitions) {
    transition.targets.forEach((target, index) => {
      const label: ElkLabel = { text: transitionText(transition), width: measure(transitionText(transition)) + 4, height: labelHeight };
      edges.push({ id: `${transition.id}@${index}`, sources: [node.id], targets: [target], labels: [label] });
    });
  }
  if (node.children.length === 0) {
    return {
      id: node.id,
      width: Math.max(minWidth, titleWidth, linesWidth(lines, measure) + 2 * padding),
      height: titleHeight + lines.length * lineHeight + (lines.length > 0 ? padding / 2 : 0),
    };
  }
  const children = node.children.map((child) => elkNode(child, node.kind, measure, edges));
  if (node.initial !== null) {
    children.push({ id: node.id + INITIAL_SUFFIX, width: dot, height: dot });
    edges.push({ id: `initial:${node.id}`, sources: [node.id + INITIAL_SUFFIX], targets: [node.initial] });
  }
  const top = titleHeight + lines.length * lineHeight + padding;
  return {
    id: node.id,
    children,
    layoutOptions: {
      'elk.padding': `[top=${top},left=${padding},bottom=${padding},right=${padding}]`,
      'elk.nodeSize.minimum': `(${Math.max(titleWidth, linesWidth(lines, measure) + 2 * padding)}, ${top + padding})`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      ...(node.kind === 'parallel' ? { 'elk.spacing.nodeNode': '16' } : {}),
    },
    ...(parentKind === 'parallel' ? { labels: [] } : {}),
  };
}

/**
 * The elkjs graph of a chart: a node per state (compound and parallel states hold their children), an edge per
 * transition target with its label, a small node and edge for each initial state. Edges live at the top with
 * `INCLUDE_CHILDREN`, so transitions between levels are routed too; coordinates come back absolute.
 */
export function elkGraphOf(chart: ChartDefinition, measure: MeasureText): ElkNode {
  const edges: ElkExtendedEdge[] = [];
  const root = elkNode(chart.root, null, measure, edges);
  return {
    id: '::graph',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '14',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.padding': '[top=4,left=4,bottom=4,right=4]',
    },
    children: [root],
    edges,
  };
}

function collectBoxes(node: ChartNode, placed: ReadonlyMap<string, ElkNode>, depth: number, region: boolean, into: StateBox[]): void {
  const box = placed.get(node.id);
  if (box !== undefined) {
    into.push({
      id: node.id, key: node.key, kind: node.kind, region, depth,
      x: box.x ?? 0, y: box.y ?? 0, width: box.width ?? 0, height: box.height ?? 0, lines: boxLines(node),
    });
  }
  for (const child of node.children) collectBoxes(child, placed, depth + 1, node.kind === 'parallel', into);
}

function indexNodes(node: ElkNode, into: Map<string, ElkNode>): void {
  into.set(node.id, node);
  for (const child of node.children ?? []) indexNodes(child, into);
}

/** Reads elkjs' result back into boxes, arrows and dots. */
export function chartLayoutOf(chart: ChartDefinition, laidOut: ElkNode): ChartLayout {
  const placed = new Map<string, ElkNode>();
  indexNodes(laidOut, placed);
  const boxes: StateBox[] = [];
  collectBoxes(chart.root, placed, 0, false, boxes);
  const dots = [...placed.values()].filter((node) => node.id.endsWith(INITIAL_SUFFIX))
    .map((node) => ({ x: (node.x ?? 0) + (node.width ?? 0) / 2, y: (node.y ?? 0) + (node.height ?? 0) / 2 }));
  const paths: TransitionPath[] = [];
  for (const edge of laidOut.edges ?? []) {
    const section = edge.sections?.[0];
    if (section === undefined) continue;
    const label = edge.labels?.[0];
    paths.push({
      transitionId: edge.id.startsWith('initial:') ? edge.id : edge.id.slice(0, edge.id.lastIndexOf('@')),
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
      label: label?.text === undefined ? null
        : { text: label.text, x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 },
    });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, boxes, paths, dots };
}

/** Lays a chart out with `engine`. */
export async function layoutChart(chart: ChartDefinition, engine: LayoutEngine, measure: MeasureText): Promise<ChartLayout> {
  return chartLayoutOf(chart, await engine.layout(elkGraphOf(chart, measure)));
}
