/**
 * The content of each page: which tables it shows, in what order, with which chart, and the
 * words around them. Reads the report data only.
 */
import * as charts from './charts.js';
import { formatDecimal, formatRate } from './format.js';
import { html, joinHtml, type SafeHtml } from './html.js';
import { section, sitePages, type PageContext } from './page.js';
import { thinIndices } from './table.js';
import type { Cell, PageId, ReportTable } from './types.js';
import { WHAT_IF_FILE, whatIfHtml } from './what-if.js';

type Row = Record<string, Cell>;

const find = (ctx: PageContext, id: string): ReportTable | undefined => ctx.data.tables.find((t) => t.id === id);
const sweeps = (ctx: PageContext): ReportTable[] => ctx.data.tables.filter((t) => t.page === 'thresholds' && t.segment !== undefined);

function maybe(ctx: PageContext, id: string, chart?: (t: ReportTable) => ReturnType<typeof charts.funnelChart>): SafeHtml {
  const t = find(ctx, id);
  return t ? section(ctx, t, { chart: chart ? chart(t) : null }) : html``;
}

/** Sweep rows worth reading on the page: about 25 evenly stepped thresholds plus the marked ones. */
function sweepRows(t: ReportTable, marked: number[]): Row[] {
  const values = t.rows.map((r) => r.threshold as number);
  if (values.length <= 30) return t.rows;
  const span = values[values.length - 1]! - values[0]!;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => span / s <= 25) ?? Math.ceil(span / 25);
  return t.rows.filter((r) => (r.threshold as number) % step === 0 || marked.includes(r.threshold as number) || r === t.rows[0] || r === t.rows[t.rows.length - 1]);
}

function curveRows(t: ReportTable): Row[] {
  const models = [...new Set(t.rows.map((r) => r.model))];
  return models.flatMap((m) => {
    const rows = t.rows.filter((r) => r.model === m);
    return thinIndices(rows.length, 21).map((k) => rows[k]!);
  });
}

function overview(ctx: PageContext): SafeHtml {
  const m = ctx.data.meta;
  const metrics = find(ctx, 'model-metrics')?.rows[0];
  const rel = find(ctx, 'reliability');
  const ece = metrics && typeof metrics.ece === 'number' ? `${formatDecimal(metrics.ece * 100, 1)} percentage points` : '—';
  const cards = [
    { label: 'Ranking quality (AUC)', value: metrics && typeof metrics.auc === 'number' ? metrics.auc.toFixed(3) : '—' },
    { label: 'Calibration error (ECE)', value: ece },
    { label: `Converted to ${m.target} within ${m.horizonDays} days`, value: m.evaluation.snapshots ? formatRate(m.evaluation.positives / m.evaluation.snapshots) : '—' },
    { label: 'Snapshots evaluated', value: m.evaluation.snapshots.toLocaleString('en-US') },
  ];
  const primary = m.models.find((x) => x.role === 'primary')!;
  return html`<h1>${m.title}</h1>
<p class="lead">How well the lead score of <strong>${primary.name}</strong> predicts reaching <strong>${m.target}</strong> within ${m.horizonDays} days, measured on ${m.evaluation.description}.</p>
<h2>In brief</h2>
<ul class="headlines">${m.headlines.map((h) => html`<li>${h}</li>`)}</ul>
<div class="cards">${cards.map((c) => html`<div class="card"><div class="value">${c.value}</div><div class="label">${c.label}</div></div>`)}</div>
${maybe(ctx, 'score-bands', charts.scoreBandsChart)}
${maybe(ctx, 'thresholds', charts.thresholdSummaryChart)}
${maybe(ctx, 'funnel', charts.funnelChart)}
<section class="finding"><h2>About this report</h2>
<dl class="meta">
<dt>History</dt><dd>${m.history}: ${m.leads.toLocaleString('en-US')} leads, ${m.events.toLocaleString('en-US')} events, ${m.outcomes.toLocaleString('en-US')} outcomes, ${m.periodStart ?? '?'} to ${m.periodEnd ?? '?'}</dd>
<dt>Snapshots</dt><dd>${m.snapshots.toLocaleString('en-US')} (${m.positives.toLocaleString('en-US')} converted); training ${m.training.snapshots.toLocaleString('en-US')}, evaluation ${m.evaluation.snapshots.toLocaleString('en-US')}</dd>
<dt>Models</dt><dd>${joinHtml(m.models.map((x) => html`${x.name} (${x.role}; default threshold ${formatDecimal(x.threshold)}; probabilities: ${x.probabilities})`), '; ')}</dd>
<dt>Validation</dt><dd>${m.validation.errors} error(s), ${m.validation.warnings} warning(s) — see <a href="data-quality.html">Data quality</a></dd>
${rel?.note ? html`<dt>Calibration</dt><dd>${rel.note}</dd>` : ''}
</dl>
<p>More: ${joinHtml(sitePages(ctx.data).slice(1).map((p) => html`<a href="${p.file}">${p.title}</a>`), ' · ')}</p>
</section>`;
}

function model(ctx: PageContext): SafeHtml {
  const primary = ctx.data.meta.models.find((x) => x.role === 'primary')!;
  return html`<h1>The model: ${primary.name}</h1>
<p class="lead">${primary.description || 'The rules, their points, and how each one behaves in the history.'}</p>
${maybe(ctx, 'rules', charts.rulesChart)}
${maybe(ctx, 'rule-hit-rates', charts.hitRatesChart)}
${maybe(ctx, 'fit-rules', charts.fitRulesChart)}
${maybe(ctx, 'binning')}
${maybe(ctx, 'model-changes', charts.modelChangesChart)}`;
}

function thresholds(ctx: PageContext): SafeHtml {
  const summary = find(ctx, 'thresholds');
  return html`<h1>Thresholds</h1>
<p class="lead">For every segment, what each MQL threshold would have passed to sales and how those leads converted. A lead passes threshold t when its score is at least t.</p>
<p class="swept">Swept ${ctx.data.meta.swept}. Thresholds are whole points. <code>leadcal sweep</code> prints the same line when it sweeps the same snapshots, tries the same whole-point thresholds and, for the same objective, recommends the same one.</p>
${maybe(ctx, 'thresholds', charts.thresholdSummaryChart)}
${joinHtml(sweeps(ctx).map((t) => {
    const row = summary?.rows.find((r) => r.segment === t.segment);
    const now = typeof row?.currentThreshold === 'number' ? row.currentThreshold : NaN;
    const rec = typeof row?.recommendedThreshold === 'number' ? row.recommendedThreshold : NaN;
    const current = t.rows.find((r) => (r.threshold as number) >= now)?.threshold;
    return joinHtml([section(ctx, t, {
      chart: charts.sweepChart(t, summary),
      rows: sweepRows(t, [current as number, rec]),
      rowClass: (r) => (r.threshold === rec ? 'mark-recommended' : r.threshold === current ? 'mark-current' : ''),
    }), whatIfHtml(t, ctx.slugOf.get(t.id)!, Number.isFinite(now) ? now : undefined)]);
  }))}
<script src="${WHAT_IF_FILE}" defer></script>`;
}

function calibration(ctx: PageContext): SafeHtml {
  const lift = find(ctx, 'lift-gains');
  const sp = find(ctx, 'score-probability');
  const roc = find(ctx, 'roc');
  const pr = find(ctx, 'precision-recall');
  return html`<h1>Calibration</h1>
<p class="lead">Do the probabilities mean what they say, and how well does the score sort converting leads to the top? Measured on ${ctx.data.meta.evaluation.description}.</p>
${maybe(ctx, 'reliability', charts.reliabilityChart)}
${sp ? section(ctx, sp, { chart: charts.scoreProbabilityChart(sp, lift) }) : ''}
${maybe(ctx, 'lift-gains', charts.gainsChart)}
${roc ? section(ctx, roc, { chart: charts.rocChart(roc), rows: curveRows(roc) }) : ''}
${pr ? section(ctx, pr, { chart: charts.precisionRecallChart(pr), rows: curveRows(pr) }) : ''}`;
}

function comparison(ctx: PageContext): SafeHtml {
  return html`<h1>Comparison</h1>
<p class="lead">The rule-based model against the other models given${ctx.data.tables.find((t) => t.id === 'model-metrics')?.rows.some((r) => r.role === 'baseline') ? ' and the predictive baseline (a logistic regression on every engineered feature: how much the point model leaves on the table)' : ''}, on the same snapshots and labels.</p>
${maybe(ctx, 'model-metrics', charts.modelMetricsChart)}
${maybe(ctx, 'paired-tests', charts.pairedTestsChart)}`;
}

function funnel(ctx: PageContext): SafeHtml {
  return html`<h1>Funnel and time to convert</h1>
<p class="lead">How many leads reach each stage, by creation quarter, and how long each step takes.</p>
${maybe(ctx, 'funnel', charts.funnelChart)}
${maybe(ctx, 'funnel-cohorts', charts.cohortChart)}
${maybe(ctx, 'time-to-convert', charts.timeToConvertChart)}`;
}

function stability(ctx: PageContext): SafeHtml {
  return html`<h1>Stability</h1>
<p class="lead">Does the score mean the same thing over time? The first half of the period against the second${ctx.data.meta.models.some((m) => m.role === 'previous') ? ', and the previous model against the current one' : ''}.</p>
${maybe(ctx, 'psi-halves', charts.psiChart)}
${maybe(ctx, 'band-drift', charts.bandDriftChart)}
${maybe(ctx, 'attribute-psi', charts.attributePsiChart)}
${maybe(ctx, 'psi-models', charts.psiChart)}
${maybe(ctx, 'mql-agreement', charts.agreementChart)}`;
}

function backtest(ctx: PageContext): SafeHtml {
  return html`<h1>Backtest</h1>
<p class="lead">How the model would have fared window after window: its ranking (AUC with its interval), its calibration, the threshold a window would have recommended, and whether the score's bands and the rules' levels kept converting in the same order.</p>
${maybe(ctx, 'backtest', charts.backtestChart)}`;
}

function dataQuality(ctx: PageContext): SafeHtml {
  return html`<h1>Data quality</h1>
<p class="lead">What validation found in the history, which attributes may be written after the outcome, which snapshot candidates were left out and why, and how complete the lead attributes are.</p>
${maybe(ctx, 'leaks')}
${maybe(ctx, 'issue-counts', charts.issueCountsChart)}
${maybe(ctx, 'left-out', charts.leftOutChart)}
${maybe(ctx, 'attributes', charts.attributesChart)}
${maybe(ctx, 'issues')}`;
}

export const PAGE_CONTENT: Record<PageId, (ctx: PageContext) => SafeHtml> = {
  overview, model, thresholds, calibration, comparison, funnel, stability, backtest, 'data-quality': dataQuality,
};
