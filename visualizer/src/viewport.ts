/** The part of a chart on show, in chart coordinates (an SVG viewBox). */
export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How far in one may zoom, as a multiple of the whole chart fitted to its card. */
export const MAX_ZOOM = 8;

/**
 * Zoom and pan of one chart, as the viewBox of an SVG that keeps its size on the page (the whole chart,
 * fitted to its card, by default). Zooming keeps the point under the pointer (or the centre) where it is;
 * panning stops at the chart's edges; zoom stays between 1 (the whole chart) and {@link MAX_ZOOM}. Pure.
 */
export class ChartViewport {
  private view: ViewBox;

  constructor(private readonly chartWidth: number, private readonly chartHeight: number) {
    this.view = { x: 0, y: 0, width: chartWidth, height: chartHeight };
  }

  get viewBox(): ViewBox {
    return this.view;
  }

  /** 1 for the whole chart, 2 when half its width is on show. */
  get zoom(): number {
    return this.chartWidth / this.view.width;
  }

  get isFit(): boolean {
    return this.view.width >= this.chartWidth;
  }

  /** The whole chart again. */
  fit(): void {
    this.view = { x: 0, y: 0, width: this.chartWidth, height: this.chartHeight };
  }

  /**
   * Zooms by `factor` (above 1 in, below 1 out) around the point at `(fx, fy)`, fractions of the shown area from
   * its top left (0.5, 0.5 is the centre).
   */
  zoomBy(factor: number, fx = 0.5, fy = 0.5): void {
    const zoom = Math.min(MAX_ZOOM, Math.max(1, this.zoom * factor));
    const width = this.chartWidth / zoom;
    const height = this.chartHeight / zoom;
    const px = this.view.x + fx * this.view.width;
    const py = this.view.y + fy * this.view.height;
    this.view = this.clamped({ x: px - fx * width, y: py - fy * height, width, height });
  }

  /** Moves the shown area by `(dx, dy)` fractions of its own size (0.5 = half of what is on show). */
  panBy(dx: number, dy: number): void {
    this.view = this.clamped({ ...this.view, x: this.view.x + dx * this.view.width, y: this.view.y + dy * this.view.height });
  }

  private clamped(view: ViewBox): ViewBox {
    return {
      ...view,
      x: Math.min(Math.max(0, view.x), this.chartWidth - view.width),
      y: Math.min(Math.max(0, view.y), this.chartHeight - view.height),
    };
  }
}
