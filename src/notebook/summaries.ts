/**
 * Summaries a notebook shows in one call: a model (its size, threshold, segments and rule
 * table), a fit (frame sizes, convergence, train/test/cross-validated metrics), a comparison of
 * scorers (AUC with DeLong intervals, lift, capture) and a report's headlines. Each reads the
 * library's own result objects and tables; nothing is recomputed here.
 */
import type { Comparison } from '../compare/compare.js';
import type { FitResult } from '../fit/fit-model.js';
import { ruleTable, ruleTableMarkdown } from '../model/rule-table.js';
import type { ScoringModel } from '../model/schema.js';
import type { ReportData } from '../report/types.js';
import { notebookDisplay } from './display.js';
import { num, pct } from './format.js';
import { table } from './table.js';

const count = (x: number): string => x.toLocaleString('en-US');

/**
 * A model in words and its rule table (the first `rules` rows, default 12).
 *
 * @example
 * modelSummary(fit.model) // model "fitted": 9 attribute rules, 6 behaviour rules, …
 */
export function modelSummary(model: ScoringModel, options: { rules?: number } = {}): void {
  const rows = ruleTable(model);
  const shown = rows.slice(0, options.rules ?? 12);
  const segments = model.segments.length ? `; segment thresholds: ${model.segments.map((s) => `${s.name} ${s.threshold}`).join(', ')}` : '';
  const calibration = model.calibration ? `; probabilities: stored ${String((model.calibration as { kind?: unknown }).kind ?? '')} mapping` : '';
  console.log(`model "${model.name}": ${model.fit.length} attribute rules, ${model.behavior.length} behaviour rules, base points ${model.basePoints}, MQL threshold ${model.threshold}${segments}${calibration}`);
  notebookDisplay().markdown(ruleTableMarkdown(shown) + (shown.length < rows.length ? `\n\n(first ${shown.length} of ${rows.length} rule-table rows)` : ''));
}

/**
 * A fit: what it was trained and tested on, whether it converged, and its metrics (train, test
 * period, cross-validation) as a table.
 *
 * @example
 * fitSummary(fitScoringModel(history, { testFromMs, folds: 5 }))
 */
export function fitSummary(fit: FitResult): void {
  const r = fit.report;
  const m = r.metrics;
  console.log(`trained on ${count(r.frame.snapshots)} snapshots (${count(r.frame.positives)} positive)${r.test ? `; tested on ${count(r.test.snapshots)} (${count(r.test.positives)} positive)` : ''}${r.holdout ? ` — ${r.holdout.description}` : ''}`);
  console.log(`converged: ${r.converged} after ${r.iterations} iterations; scale: ${r.scale.description}; base points ${r.basePoints}`);
  const rows: object[] = [{ where: 'train', snapshots: m.train.snapshots, AUC: num(m.train.auc), Brier: num(m.train.brier), ECE: num(m.train.ece) }];
  if (m.test) rows.push({ where: 'test', snapshots: m.test.snapshots, AUC: num(m.test.auc), Brier: num(m.test.brier), ECE: num(m.test.ece) });
  if (m.folds) rows.push({ where: `${m.folds.auc.length}-fold cross-validation`, snapshots: m.train.snapshots, AUC: `${num(m.folds.mean)} ± ${num(m.folds.sd)}`, Brier: '', ECE: '' });
  table(rows);
  console.log(`AUC before rounding points ${num(m.train.aucBeforeRounding)}; rounding cost ${num(m.train.roundingCost, 4)}`);
}

/**
 * Scorers side by side on the same test snapshots: AUC with its DeLong 95% interval, the paired
 * test against the first scorer, average precision, Brier, lift and capture.
 *
 * @example
 * comparisonSummary(compareScorers(history, models, frame, { predictive: 'gbm' }))
 */
export function comparisonSummary(comparison: Comparison): void {
  const first = comparison.scorers[0]?.name ?? 'the first';
  console.log(`test period: ${count(comparison.test.snapshots)} snapshots, ${count(comparison.test.positives)} conversions (${comparison.description}); MQL volume of ${first}: ${count(comparison.mqlVolume)}`);
  table(comparison.scorers.map((s) => ({
    scorer: s.name,
    kind: s.kind,
    'AUC (95% CI)': `${num(s.auc)} (${num(s.aucLower)}–${num(s.aucUpper)})`,
    [`vs ${first} (p)`]: s.versusFirst ? `${s.versusFirst.difference >= 0 ? '+' : ''}${num(s.versusFirst.difference)} (p = ${s.versusFirst.pValue.toPrecision(2)})` : '',
    'avg precision': num(s.averagePrecision),
    Brier: num(s.brier, 4),
    'top 10%: lift': s.top10.lift.toFixed(2),
    'top 10%: captured': pct(s.top10.captured),
    'captured at MQL volume': pct(s.capturedAtMqlVolume),
  })));
}

/**
 * A report's headlines and its tables per page (what `writeSite` will publish).
 *
 * @example
 * reportSummary(buildReportData(history, { model }))
 */
export function reportSummary(data: ReportData): void {
  const pages = new Map<string, number>();
  for (const t of data.tables) pages.set(t.page, (pages.get(t.page) ?? 0) + 1);
  const lines = [
    `**${data.meta.title}** — ${count(data.meta.leads)} leads; target ${data.meta.target} within ${data.meta.horizonDays} days; ${data.meta.evaluation.description}`,
    '',
    ...data.meta.headlines.map((h) => `- ${h}`),
    '',
    `Tables per page: ${[...pages].map(([page, n]) => `${page} ${n}`).join(', ')}`,
  ];
  notebookDisplay().markdown(lines.join('\n'));
}
