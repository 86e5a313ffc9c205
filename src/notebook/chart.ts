/**
 * Charts in a notebook: Observable Plot options rendered to inline SVG on the server side by
 * the report's renderer (`report/plot.ts`, linkedom standing in for the browser's DOM), with ids
 * numbered per chart so that charts in one notebook page never share one.
 */
import type * as Plot from '@observablehq/plot';
import { linkedomDocument, renderPlot } from '../report/plot.js';
import { notebookDisplay } from './display.js';

let charts = 0;

/** The chart's markup (an `<svg>`, or a `<figure>` with a legend). */
export function chartMarkup(options: Plot.PlotOptions): string {
  charts += 1;
  return renderPlot(options, linkedomDocument(), `nb-chart-${charts}`);
}

/**
 * Draw Plot options as an inline SVG chart.
 *
 * @example
 * chart({ marks: [Plot.barX(toArquero(fit).objects(), { x: 'points', y: 'label' })] })
 */
export function chart(options: Plot.PlotOptions): void {
  notebookDisplay().html(chartMarkup(options));
}
