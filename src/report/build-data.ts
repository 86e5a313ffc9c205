/**
 * `buildReportData`: everything the report shows, as plain tables. History → one frame and its
 * train/test split → each model scored once → the tables of every page. Pure: the same inputs
 * give the same tables (the only randomness, the rule hit-rate sample, is seeded).
 */
import { basename, resolve } from 'node:path';
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { LeadcalError } from '../errors.js';
import { compareAucs } from '../compare/auc-comparison.js';
import { checkFitReport } from '../fit/fit-report-file.js';
import { formatRate } from './format.js';
import { resolveReportOptions, type ReportModels, type ReportOptions } from './options.js';
import { modelNames, positivesOf, scoreModel, splitFrame, take, type ScoredModel, type Split } from './scored.js';
import { fitPredictive, predictPredictive } from '../fit/predictive.js';
import { frameRows } from '../frame/sub-frame.js';
import { curveTables, evaluate, type Compared, type Evaluated, liftGainsTable, metricsTable, pairedTestsTable, reliabilityTable, scoreBandTable, scoreProbabilityTable } from './tables-calibration.js';
import { funnelTables } from './tables-funnel.js';
import { binningTable, fitRulesTable, hitRateTable, modelDiffTable, rulesTable } from './tables-model.js';
import { qualityTables } from './tables-quality.js';
import { stabilityTables } from './tables-stability.js';
import { thresholdTables } from './tables-thresholds.js';
import { backtestTable } from './tables-backtest.js';
import type { ReportData, ReportTable } from './types.js';

/** AUC in words; below 0.5 the model is wrong for the data, and above 0.95 it is suspect (a leak until shown otherwise). */
export function aucHeadline(auc: number, interval: string): string {
  const detail = `a converting snapshot outscores a non-converting one ${formatRate(auc)} of the time (AUC ${auc.toFixed(3)}${interval})`;
  if (auc < 0.5) return `The score ranks leads worse than chance — the model is wrong for this data: ${detail}. Check the fit report's warnings and the data-quality page.`;
  if (auc > 0.95) return `The score ranks leads almost perfectly — too good to be true for lead scoring, so check for a leak first (see the data-quality page): ${detail}.`;
  const words = auc >= 0.8 ? 'very well' : auc >= 0.7 ? 'well' : auc >= 0.6 ? 'modestly' : 'barely better than chance';
  return `The score ranks leads ${words}: ${detail}.`;
}

/** The predictive baseline on the evaluation snapshots, fitted on the training ones. */
function predictiveBaseline(history: History, split: Split, primary: Evaluated): Compared {
  const model = fitPredictive(history, frameRows(split.frame, split.train));
  const p = predictPredictive(model, history, frameRows(split.frame, split.test));
  return { scored: { name: 'predictive baseline', role: 'baseline', probabilitySource: 'the logistic regression itself (fitted on the training snapshots)' }, labels: primary.labels, scores: p, probabilities: p, positives: primary.positives };
}

/**
 * Build the report's tables from a history and the models to present.
 *
 * @throws {LeadcalError} `option_invalid` for bad options or an empty frame
 * @example
 * const data = buildReportData(history, { model: starter, compare: [fitted] }, { testFromMs: Date.UTC(2025, 9, 1) });
 * data.tables.find((t) => t.id === 'score-bands')?.finding
 * // => 'Leads scoring 80+ convert 4.1× as often as the rest (12% vs 2.9%)'
 */
export function buildReportData(history: History, models: ReportModels, options: ReportOptions = {}): ReportData {
  const o = resolveReportOptions(options);
  if (typeof models !== 'object' || models === null || typeof models.model !== 'object' || models.model === null) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'models.model', message: 'models.model must be a scoring model', hint: 'e.g. { model: readModel("datasets/models/starter.yaml") }' });
  }
  const split = splitFrame(history, o);
  if (split.frame.count === 0) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--horizon', message: 'the frame has no snapshots: no lead has an observed outcome window', hint: 'use a shorter --horizon, another schedule, or a longer history' });
  if (split.test.length === 0) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--test-from', message: 'no snapshot falls at or after --test-from', hint: 'choose an earlier --test-from' });
  const list = [models.model, ...(models.compare ?? [])];
  const names = modelNames(models.previous ? [...list, models.previous] : list);
  const scored: ScoredModel[] = list.map((m, k) => scoreModel(history, split, m, names[k]!, k === 0 ? 'primary' : 'compare'));
  const previous = models.previous ? scoreModel(history, split, models.previous, names[list.length]!, 'previous') : undefined;
  const primary = scored[0]!;
  const evaluated = scored.map((s) => evaluate(s, split));
  const e0 = evaluated[0]!;

  const tables: ReportTable[] = [];
  const bands = scoreBandTable(e0);
  const thresholds = thresholdTables(e0, split, o);
  // the predictive baseline (opt-in): fitted on the training snapshots, measured on the same test ones
  const compared: Compared[] = o.predictive ? [...evaluated, predictiveBaseline(history, split, e0)] : evaluated;
  const aucs = compareAucs(e0.labels, compared.map((e) => e.scores));
  const metrics = metricsTable(compared, aucs);
  const reliability = reliabilityTable(e0);
  const funnel = funnelTables(history, split.frame.options.target);
  tables.push(bands, thresholds.summary, funnel[0]!);
  tables.push(rulesTable(primary.model, primary.name), hitRateTable(primary, split, o.hitRateSample, o.seed));
  if (models.fitReport !== undefined) {
    const fitReport = checkFitReport(models.fitReport);
    tables.push(fitRulesTable(fitReport));
    if (fitReport.binning?.length) tables.push(binningTable(fitReport));
  }
  if (previous) tables.push(modelDiffTable(previous.model, primary.model, previous.name, primary.name));
  tables.push(...thresholds.sweeps);
  tables.push(reliability, scoreProbabilityTable(e0), liftGainsTable(e0), ...curveTables(compared));
  tables.push(metrics, pairedTestsTable(compared, aucs));
  tables.push(funnel[1]!, funnel[2]!);
  tables.push(...stabilityTables(history, split, primary, previous));
  if (o.backtest) tables.push(backtestTable(o.backtest));
  tables.push(...qualityTables(history, split.frame, o.validation));

  // headlines for leadership, made from the tables
  const headlines: string[] = [];
  const m0 = metrics.rows[0]!;
  // leaks first: a headline AUC built on an attribute written after the outcome means nothing
  const leaks = tables.find((t) => t.id === 'leaks');
  if (leaks?.rows.length && leaks.finding) headlines.push(`Warning: ${leaks.finding}.`);
  if (typeof m0.auc === 'number') headlines.push(aucHeadline(m0.auc, typeof m0.aucLow === 'number' && typeof m0.aucHigh === 'number' ? `, 95% CI ${m0.aucLow.toFixed(3)}–${m0.aucHigh.toFixed(3)}` : ''));
  if (bands.finding) headlines.push(`${bands.finding}.`);
  if (reliability.rows.length && reliability.finding) headlines.push(`${reliability.finding}.`);
  if (thresholds.summary.finding) headlines.push(`${thresholds.summary.finding}.`);
  if (funnel[0]!.finding) headlines.push(`${funnel[0]!.finding}.`);

  let first = Infinity;
  for (const t of history.leads.createdMs) if (t < first) first = t;
  const trainLabels = take(split.frame.label, split.train);
  return {
    format: 'leadcal-report',
    version: 1,
    meta: {
      title: o.title,
      history: basename(resolve(history.dir || '.')),
      leads: history.leads.count,
      events: history.events.count,
      outcomes: history.outcomes.count,
      periodStart: Number.isFinite(first) ? formatTimestamp(first) : null,
      periodEnd: Number.isFinite(history.untilMs) ? formatTimestamp(history.untilMs) : null,
      target: split.frame.options.target,
      horizonDays: split.frame.options.horizonDays,
      schedule: split.frame.options.schedule,
      snapshots: split.frame.count,
      positives: split.frame.positives,
      evaluation: { snapshots: e0.labels.length, positives: e0.positives, description: split.description },
      training: { snapshots: split.train.length, positives: positivesOf(trainLabels) },
      testFrom: o.testFromMs === undefined ? null : formatTimestamp(o.testFromMs),
      swept: thresholds.swept,
      seed: o.seed,
      valuePerConversion: o.valuePerConversion ?? null,
      costPerTouch: o.costPerTouch ?? null,
      capacity: o.capacity ?? null,
      models: [...scored, ...(previous ? [previous] : [])].map((s) => ({ name: s.name, role: s.role, description: s.model.description ?? '', threshold: s.model.threshold, probabilities: s.probabilitySource })),
      headlines,
      validation: { errors: o.validation?.errors ?? 0, warnings: o.validation?.warnings ?? 0, files: o.validation?.files ?? [] },
    },
    tables,
  };
}
