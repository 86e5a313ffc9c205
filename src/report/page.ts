/**
 * Page building blocks: the layout (navigation, footer), a finding section (chart beside its
 * accessible table, with CSV and JSON downloads) and the HTML table itself. Everything from
 * data goes through `html` and is escaped.
 */
import type * as Plot from '@observablehq/plot';
import { formatCell } from './format.js';
import { html, joinHtml, trusted, type SafeHtml } from './html.js';
import { renderPlot } from './plot.js';
import type { Cell, PageId, ReportColumn, ReportData, ReportTable } from './types.js';

export const PAGES: { id: PageId; file: string; title: string }[] = [
  { id: 'overview', file: 'index.html', title: 'Overview' },
  { id: 'model', file: 'model.html', title: 'Model' },
  { id: 'thresholds', file: 'thresholds.html', title: 'Thresholds' },
  { id: 'calibration', file: 'calibration.html', title: 'Calibration' },
  { id: 'comparison', file: 'comparison.html', title: 'Comparison' },
  { id: 'funnel', file: 'funnel.html', title: 'Funnel' },
  { id: 'stability', file: 'stability.html', title: 'Stability' },
  { id: 'backtest', file: 'backtest.html', title: 'Backtest' },
  { id: 'data-quality', file: 'data-quality.html', title: 'Data quality' },
];

/** Pages shown only when the report holds tables for them (a backtest, when one was given). */
const OPTIONAL_PAGES: ReadonlySet<PageId> = new Set(['backtest']);

/** The pages of a report: every page, but an optional one only when it has tables. */
export function sitePages(data: ReportData): typeof PAGES {
  return PAGES.filter((p) => !OPTIONAL_PAGES.has(p.id) || data.tables.some((t) => t.page === p.id));
}

/** What a page needs besides the data: file names of tables and the document charts draw into. */
export interface PageContext {
  data: ReportData;
  /** Table id → file-name slug (data/<slug>.csv, data/<slug>.json). */
  slugOf: Map<string, string>;
  document: Document;
}

const NUMERIC = new Set(['integer', 'number', 'percent', 'auc', 'pvalue', 'days', 'points', 'ratio']);

export function tableHtml(table: ReportTable, rows: Record<string, Cell>[] = table.rows, rowClass?: (row: Record<string, Cell>) => string): SafeHtml {
  const numeric = (c: ReportColumn): boolean => NUMERIC.has(c.format ?? 'text');
  return html`<table>
${table.title ? html`<caption>${table.title}${rows.length < table.rows.length ? ` (${rows.length} of ${table.rows.length} rows; the downloads have all)` : ''}</caption>
` : ''}<thead><tr>${table.columns.map((c) => html`<th scope="col"${numeric(c) ? trusted(' class="num"') : ''}>${c.label}</th>`)}</tr></thead>
<tbody>
${rows.length === 0 ? html`<tr><td colspan="${table.columns.length}">No rows.</td></tr>` : joinHtml(rows.map((r) => {
    const cls = rowClass?.(r);
    return html`<tr${cls ? html` class="${cls}"` : ''}>${table.columns.map((c) => {
      const text = formatCell(r[c.key] ?? null, c.format);
      return html`<td${numeric(c) ? trusted(' class="num"') : text.length > 40 ? trusted(' class="long"') : ''}>${text}</td>`;
    })}</tr>`;
  }))}
</tbody>
</table>`;
}

export interface SectionOptions {
  chart?: Plot.PlotOptions | null;
  /** Rows shown on the page (default all). */
  rows?: Record<string, Cell>[];
  rowClass?: (row: Record<string, Cell>) => string;
}

/** A finding: its sentence as heading, the chart beside the table, and the downloads. */
export function section(ctx: PageContext, table: ReportTable, options: SectionOptions = {}): SafeHtml {
  const slug = ctx.slugOf.get(table.id)!;
  const chart = options.chart ? renderPlot(options.chart, ctx.document, `chart-${slug}`) : null;
  const heading = table.finding ?? table.title;
  return html`<section class="finding" id="${slug}" aria-labelledby="h-${slug}">
<h2 id="h-${slug}">${heading}</h2>
<p class="subtitle">${table.title}</p>
<div class="pair${chart && table.columns.length <= 3 ? '' : ' wide'}">
${chart ? html`<figure class="chart" role="group" aria-label="${`Chart: ${heading}`}">
${trusted(chart)}
<figcaption class="note">${table.title}. The table beside it has the same numbers.</figcaption>
</figure>` : ''}
<div class="table-wrap" role="region" aria-label="${`Table: ${table.title}`}" tabindex="0">
${tableHtml(table, options.rows ?? table.rows, options.rowClass)}
</div>
</div>
${table.note ? html`<p class="note">${table.note}</p>` : ''}
<p class="downloads">Download this table: <a href="data/${slug}.csv" download>CSV</a> · <a href="data/${slug}.json" download>JSON</a></p>
</section>`;
}

/** The whole page around its content. `generated` is the one line that changes between builds. */
export function layout(ctx: PageContext, page: PageId, content: SafeHtml, generated?: string): string {
  const meta = ctx.data.meta;
  const current = PAGES.find((p) => p.id === page)!;
  const out = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="leadcal">
<title>${current.title} · ${meta.title}</title>
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<header class="site">
<p class="brand">${meta.title}</p>
<nav aria-label="Report pages"><ul>
${joinHtml(sitePages(ctx.data).map((p) => html`<li><a href="${p.file}"${p.id === page ? trusted(' aria-current="page"') : ''}>${p.title}</a></li>`))}
</ul></nav>
</header>
<main>
${content}
</main>
<footer class="site">
<p>Built by leadcal from ${meta.history}: ${meta.leads.toLocaleString('en-US')} leads, ${meta.events.toLocaleString('en-US')} events, ${meta.outcomes.toLocaleString('en-US')} outcomes; target ${meta.target} within ${meta.horizonDays} days. All tables: <a href="report.json" download>report.json</a>.</p>
${generated === undefined ? '' : html`<p class="generated">${generated}</p>`}
</footer>
</body>
</html>
`;
  return out.text;
}
