import { describe, expect, it } from 'vitest';
import { ChartViewport, MAX_ZOOM } from '../../../../visualizer/src/viewport.js';

describe('chart viewport', () => {
  it('shows the whole chart by default and after fit', () => {
    const viewport = new ChartViewport(1600, 400);
    expect(viewport.viewBox).toEqual({ x: 0, y: 0, width: 1600, height: 400 });
    expect([viewport.zoom, viewport.isFit]).toEqual([1, true]);
    viewport.zoomBy(2);
    expect(viewport.isFit).toBe(false);
    viewport.fit();
    expect(viewport.viewBox).toEqual({ x: 0, y: 0, width: 1600, height: 400 });
  });

  it('zooms around the point under the pointer, keeping it where it was', () => {
    const viewport = new ChartViewport(1600, 400);
    viewport.zoomBy(2, 0.25, 0.5);
    // The chart point at a quarter of the width (400, 200) stays at a quarter of the shown area.
    const { x, y, width, height } = viewport.viewBox;
    expect([width, height]).toEqual([800, 200]);
    expect(x + 0.25 * width).toBeCloseTo(400);
    expect(y + 0.5 * height).toBeCloseTo(200);
    expect(viewport.zoom).toBe(2);
  });

  it(`stays between the whole chart and ${MAX_ZOOM}x, and pans no further than the edges`, () => {
    const viewport = new ChartViewport(1600, 400);
    viewport.zoomBy(0.5);
    expect(viewport.viewBox).toEqual({ x: 0, y: 0, width: 1600, height: 400 });
    viewport.panBy(0.5, 0.5);
    expect(viewport.viewBox.x).toBe(0);
    viewport.zoomBy(100);
    expect(viewport.zoom).toBe(MAX_ZOOM);
    viewport.fit();
    viewport.zoomBy(2, 0, 0);
    viewport.panBy(0.5, 0);
    expect(viewport.viewBox.x).toBe(400);
    viewport.panBy(10, 10);
    expect(viewport.viewBox).toEqual({ x: 800, y: 200, width: 800, height: 200 });
    viewport.panBy(-10, -10);
    expect([viewport.viewBox.x, viewport.viewBox.y]).toEqual([0, 0]);
  });
});
