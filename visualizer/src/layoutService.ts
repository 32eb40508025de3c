import ELK from 'elkjs/lib/elk-api.js';
import type { ChartDefinition } from '../../src/inspect/protocol.js';
import type { ChartLayout, MeasureText } from './layout.js';
import { layoutChart } from './layout.js';

/** The chart font (keep in step with visualizer.css `.chart text`). */
const CHART_FONT = '12px ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace';

function canvasMeasure(): MeasureText {
  const context = document.createElement('canvas').getContext('2d');
  if (context === null) return (text) => text.length * 7.3;
  context.font = CHART_FONT;
  return (text) => Math.ceil(context.measureText(text).width);
}

/**
 * Lays charts out with elkjs in a Web Worker (the relay serves the worker at /elk-worker.js), once per
 * definition: the main thread only draws, so a big chart never stalls the live updates.
 */
export class LayoutService {
  private readonly elk = new ELK({ workerUrl: '/elk-worker.js' });
  private readonly measure = canvasMeasure();
  private readonly layouts = new Map<string, Promise<ChartLayout>>();

  layout(definitionId: string, chart: ChartDefinition): Promise<ChartLayout> {
    let layout = this.layouts.get(definitionId);
    if (layout === undefined) {
      layout = layoutChart(chart, this.elk, this.measure);
      this.layouts.set(definitionId, layout);
    }
    return layout;
  }
}
