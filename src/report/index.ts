/**
 * The report: `buildReportData` turns a history and models into plain tables; `writeSite`
 * turns those tables into a self-contained static site (HTML with inline SVG charts, CSV and
 * JSON downloads). Every public symbol of the folder is named here.
 */
export { buildReportData } from './build-data.js';
export { resolveReportOptions, type ReportOptions, type ReportModels, type ResolvedReportOptions } from './options.js';
export { writeSite, renderSite, tableCsv, tableJson, tableSlugs, GENERATED_MARK, type SiteOptions } from './site.js';
export { renderPlot, linkedomDocument, type DocumentFactory } from './plot.js';
export { escapeHtml, html, trusted, SafeHtml } from './html.js';
export { slugify, uniqueSlugs } from './slug.js';
export { PAGE_IDS, type ReportData, type ReportTable, type ReportColumn, type ReportMeta, type ReportModelInfo, type PageId, type Cell, type ColumnFormat, type ValidationInput } from './types.js';
export * as reportCharts from './charts.js';
