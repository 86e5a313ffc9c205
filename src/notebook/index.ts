/**
 * leadcal/notebook: what a notebook needs to show leadcal's results — charts from Plot options,
 * HTML tables with number formatting (rows, arquero tables, report tables), number formatters,
 * and summaries of a model, a fit, a comparison and a report. Output goes to tslab's `display`
 * in a tslab kernel (see display.ts). Every public symbol of the folder is named here.
 */
export { chart, chartMarkup } from './chart.js';
export { table, tableMarkup, asReportTable, type Displayable, type TableOptions } from './table.js';
export { pct, num, thin } from './format.js';
export { modelSummary, fitSummary, comparisonSummary, reportSummary } from './summaries.js';
export { setDisplay, notebookDisplay, type NotebookDisplay } from './display.js';
