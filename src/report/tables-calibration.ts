/**
 * Discrimination and calibration tables on the evaluation snapshots: conversion by score band
 * (the overview's chart), each model's metrics and the paired DeLong tests (comparison page),
 * the reliability diagram, score → probability, lift and gains, ROC and precision–recall.
 */
import { calibrationCurve, conversionByBand, expectedCalibrationError, brierScore, liftTable, precisionRecallCurve, rocAuc, rocCurve } from '../calibration/index.js';
import { swapPair, type AucComparison } from '../compare/auc-comparison.js';
import { applyMapping } from '../model/probability.js';
import { formatDecimal, formatPValue, formatRate, formatTimes } from './format.js';
import { positivesOf, take, type ScoredModel, type Split } from './scored.js';
import { col, makeTable, num, round, thinIndices } from './table.js';
import type { Cell, ReportTable } from './types.js';

/** One model's columns on the evaluation snapshots. */
export interface Evaluated {
  scored: ScoredModel;
  labels: Uint8Array;
  scores: Float64Array;
  probabilities: Float64Array | null;
  positives: number;
}

/** What the comparison tables read: a scored model, or the predictive baseline (no points, no rules). */
export type Compared = Omit<Evaluated, 'scored'> & { scored: { name: string; role: string; probabilitySource: string } };

export function evaluate(scored: ScoredModel, split: Split): Evaluated {
  const labels = take(split.frame.label, split.test);
  return { scored, labels, scores: take(scored.table.score, split.test), probabilities: scored.probabilities && take(scored.probabilities, split.test), positives: positivesOf(labels) };
}

const twoClasses = (e: Compared, least = 1): boolean => e.positives >= least && e.labels.length - e.positives >= least;

/** Round band edges near the score quintiles: steps of 1, 5, 10 or 20 points by the score range. */
export function bandEdges(scores: Float64Array): number[] {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  if (n === 0) return [-Infinity, Infinity];
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  const range = hi - lo;
  const step = range > 150 ? 20 : range > 60 ? 10 : range > 20 ? 5 : 1;
  const inner: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const e = Math.round(sorted[Math.floor(q * (n - 1))]! / step) * step;
    if (e > lo && e <= hi && !inner.includes(e)) inner.push(e);
  }
  return [-Infinity, ...inner.sort((a, b) => a - b), Infinity];
}

function bandName(lower: number, upper: number): string {
  if (lower === -Infinity) return `< ${formatDecimal(upper)}`;
  if (upper === Infinity) return `${formatDecimal(lower)}+`;
  return `${formatDecimal(lower)} to under ${formatDecimal(upper)}`;
}

/** Conversion by score band of the primary model (overview). */
export function scoreBandTable(e: Evaluated): ReportTable {
  const columns = [col('band', 'Score band'), col('lower', 'From (incl.)', 'points'), col('upper', 'To (excl.)', 'points'), col('leads', 'Snapshots', 'integer'), col('conversions', 'Converted', 'integer'), col('rate', 'Conversion rate', 'percent'), col('lift', 'Lift vs average', 'ratio'), col('shareOfConversions', 'Share of conversions', 'percent')];
  if (e.positives === 0) return makeTable('score-bands', 'overview', 'Conversion by score band', columns, [], { finding: 'No evaluation snapshot converted: conversion by band cannot be measured' });
  const edges = bandEdges(e.scores);
  const t = conversionByBand(e.labels, e.scores, edges);
  const rows = t.rows.map((r) => ({ band: bandName(r.lower, r.upper), lower: num(r.lower), upper: num(r.upper), leads: r.count, conversions: r.positives, rate: num(r.rate), lift: num(r.lift), shareOfConversions: num(r.shareOfPositives) }));
  const top = t.rows[t.rows.length - 1]!;
  const restCount = t.total.count - top.count;
  const restRate = restCount > 0 ? (t.total.positives - top.positives) / restCount : NaN;
  let finding = `Leads scoring ${formatDecimal(top.lower)}+ convert at ${formatRate(top.rate)}`;
  if (restRate > 0) finding = `Leads scoring ${formatDecimal(top.lower)}+ convert ${formatTimes(top.rate / restRate)} as often as the rest (${formatRate(top.rate)} vs ${formatRate(restRate)})`;
  else if (restCount > 0) finding += '; the rest did not convert at all';
  return makeTable('score-bands', 'overview', 'Conversion by score band', columns, rows, { finding, note: 'Bands include their lower bound; edges are round numbers near the score quintiles.' });
}

/** Each model's metrics (comparison page); `aucs` from `compareAucs` over the same models. */
export function metricsTable(models: Compared[], aucs: readonly AucComparison[]): ReportTable {
  const rows = models.map((e, i) => {
    const auc = aucs[i]!;
    const p = e.probabilities;
    let meanPredicted = NaN;
    if (p) { let s = 0; for (const v of p) s += v; meanPredicted = s / Math.max(1, p.length); }
    return {
      model: e.scored.name,
      role: e.scored.role,
      snapshots: e.labels.length,
      conversions: e.positives,
      auc: num(auc.auc),
      aucLow: num(auc.lower),
      aucHigh: num(auc.upper),
      brier: num(p && e.labels.length ? brierScore(e.labels, p) : NaN),
      ece: num(p && e.labels.length ? expectedCalibrationError(e.labels, p, { bins: 10 }) : NaN),
      meanPredicted: num(meanPredicted),
      observedRate: num(e.labels.length ? e.positives / e.labels.length : NaN),
      probabilities: e.scored.probabilitySource,
    } satisfies Record<string, Cell>;
  });
  const best = [...rows].filter((r) => r.auc !== null).sort((a, b) => b.auc! - a.auc!)[0];
  const finding = rows.length > 1 && best ? `${best.model} ranks leads best (AUC ${best.auc!.toFixed(3)})` : rows[0]?.auc != null ? `${rows[0].model} ranks leads with AUC ${rows[0].auc.toFixed(3)} (95% CI ${rows[0].aucLow?.toFixed(3) ?? '?'}–${rows[0].aucHigh?.toFixed(3) ?? '?'})` : 'AUC needs converting and non-converting snapshots';
  return makeTable('model-metrics', 'comparison', 'Discrimination and calibration of each model', [
    col('model', 'Model'), col('role', 'Role'), col('snapshots', 'Snapshots', 'integer'), col('conversions', 'Converted', 'integer'),
    col('auc', 'AUC', 'auc'), col('aucLow', 'AUC 95% low', 'auc'), col('aucHigh', 'AUC 95% high', 'auc'),
    col('brier', 'Brier score', 'number'), col('ece', 'ECE', 'number'), col('meanPredicted', 'Mean predicted', 'percent'), col('observedRate', 'Observed rate', 'percent'), col('probabilities', 'Probabilities from'),
  ], rows, { finding, note: 'AUC intervals by DeLong (1988); ECE over 10 equal-width probability bins.' });
}

/** Paired DeLong tests: the primary model against each other one (`aucs` from `compareAucs`). */
export function pairedTestsTable(models: Compared[], aucs: readonly AucComparison[]): ReportTable {
  const [a, ...others] = models;
  const rows: Record<string, Cell>[] = [];
  const words: string[] = [];
  for (const [k, b] of others.entries()) {
    const versusFirst = aucs[k + 1]?.versusFirst;
    if (!a || !versusFirst) break;
    const t = swapPair(versusFirst); // A = the primary model
    const significant = t.pValue < 0.05;
    const verdict = !significant ? 'no detectable difference' : t.difference > 0 ? `${a.scored.name} ranks better` : `${b.scored.name} ranks better`;
    rows.push({ modelA: a.scored.name, modelB: b.scored.name, aucA: num(t.aucA), aucB: num(t.aucB), difference: num(t.difference), low: num(t.lower), high: num(t.upper), z: num(t.z), pValue: num(t.pValue), verdict });
    words.push(significant ? `${t.difference > 0 ? a.scored.name : b.scored.name} ranks leads better than ${t.difference > 0 ? b.scored.name : a.scored.name} (AUC ${Math.max(t.aucA, t.aucB).toFixed(3)} vs ${Math.min(t.aucA, t.aucB).toFixed(3)}, p ${formatPValue(t.pValue).startsWith('<') ? formatPValue(t.pValue) : `= ${formatPValue(t.pValue)}`})` : `${a.scored.name} and ${b.scored.name} rank leads about equally well (p = ${formatPValue(t.pValue)})`);
  }
  return makeTable('paired-tests', 'comparison', 'Paired DeLong tests against the primary model', [
    col('modelA', 'Model A'), col('modelB', 'Model B'), col('aucA', 'AUC A', 'auc'), col('aucB', 'AUC B', 'auc'), col('difference', 'A − B', 'auc'),
    col('low', '95% low', 'auc'), col('high', '95% high', 'auc'), col('z', 'z', 'number'), col('pValue', 'p-value', 'pvalue'), col('verdict', 'Verdict'),
  ], rows, { finding: words[0] ?? (others.length ? 'The paired test needs at least 2 converting and 2 non-converting snapshots' : 'No other model was given (--compare)'), note: 'Same snapshots, same labels: DeLong, DeLong & Clarke-Pearson (1988) paired test, two-sided.' });
}

/** Reliability diagram of the primary model. */
export function reliabilityTable(e: Evaluated): ReportTable {
  const columns = [col('bin', 'Bin', 'integer'), col('count', 'Snapshots', 'integer'), col('predicted', 'Mean predicted', 'percent'), col('observed', 'Observed rate', 'percent'), col('low', 'Observed 95% low', 'percent'), col('high', 'Observed 95% high', 'percent')];
  if (!e.probabilities || e.labels.length === 0) return makeTable('reliability', 'calibration', 'Reliability diagram', columns, [], { finding: 'The model has no probabilities to check' });
  const bins = 10;
  const c = calibrationCurve(e.labels, e.probabilities, { bins, strategy: 'quantile' });
  // Every non-empty bin is a row, numbered 1…m. Tied probabilities (an isotonic mapping's steps, a
  // points model's few scores) cannot be split: quantile edges then coincide and some of the 10
  // bins hold no snapshot — said in the title and note rather than left as gaps in the numbering.
  const rows = Array.from(c.bin, (_b, k) => ({ bin: k + 1, count: c.count[k]!, predicted: num(round(c.probPred[k]!)), observed: num(round(c.probTrue[k]!)), low: num(round(c.lower[k]!)), high: num(round(c.upper[k]!)) }));
  const m = rows.length;
  const distinct = new Set(e.probabilities).size;
  const merged = m < bins ? ` The predicted probabilities take ${distinct.toLocaleString('en-US')} distinct value${distinct === 1 ? '' : 's'}; tied values stay in one bin, so ${m} of the ${bins} quantile bins hold snapshots, and each of them is shown.` : '';
  const ece = expectedCalibrationError(e.labels, e.probabilities, { bins: 10 });
  let mean = 0; for (const v of e.probabilities) mean += v; mean /= e.probabilities.length;
  const observed = e.positives / e.labels.length;
  const how = ece < 0.02 ? 'match what happened closely' : ece < 0.05 ? 'are somewhat off' : 'are far off';
  const finding = `Predicted probabilities ${how}: off by ${formatDecimal(ece * 100, 1)} percentage points on average (${formatRate(mean)} predicted, ${formatRate(observed)} observed)`;
  const title = m < bins ? `Reliability diagram (${m} bins of the predicted probability: 10 quantile bins, ties kept together)` : `Reliability diagram (${bins} quantile bins of the predicted probability)`;
  return makeTable('reliability', 'calibration', title, columns, rows, { finding, note: `Probabilities from ${e.scored.probabilitySource}. Observed intervals are Wilson 95%; dot area shows the bin's snapshots.${merged}` });
}

/** The primary model's score → probability mapping on a grid over the evaluation scores. */
export function scoreProbabilityTable(e: Evaluated): ReportTable {
  const columns = [col('score', 'Score', 'points'), col('probability', 'Probability', 'percent')];
  const mapping = e.scored.mapping;
  if (!mapping || e.scores.length === 0) return makeTable('score-probability', 'calibration', 'Score → probability', columns, [], { finding: 'The model has no score → probability mapping' });
  let lo = Infinity; let hi = -Infinity;
  for (const s of e.scores) { if (s < lo) lo = s; if (s > hi) hi = s; }
  const steps = 40;
  const grid = Float64Array.from({ length: steps + 1 }, (_, k) => round(lo + ((hi - lo) * k) / steps, 4));
  const p = applyMapping(mapping, grid);
  const rows = Array.from(grid, (s, k) => ({ score: s, probability: num(round(p[k]!)) }));
  const at = (q: number): number => p[Math.round(q * steps)]!;
  const finding = `A score of ${formatDecimal(grid[steps]!, 0)} means a ${formatRate(at(1))} chance of converting; ${formatDecimal(grid[steps / 2]!, 0)} means ${formatRate(at(0.5))}`;
  return makeTable('score-probability', 'calibration', 'Score → probability', columns, rows, { finding, note: `Mapping: ${e.scored.probabilitySource}. Dots: observed conversion per score decile.` });
}

/** Lift and cumulative gains by score decile. */
export function liftGainsTable(e: Evaluated): ReportTable {
  const columns = [col('group', 'Decile (1 = top)', 'integer'), col('minScore', 'Lowest score', 'points'), col('maxScore', 'Highest score', 'points'), col('count', 'Snapshots', 'integer'), col('positives', 'Converted', 'integer'), col('rate', 'Conversion rate', 'percent'), col('lift', 'Lift', 'ratio'), col('cumulativeShare', 'Share of snapshots (cum.)', 'percent'), col('cumulativeGain', 'Share of conversions (cum.)', 'percent'), col('cumulativeLift', 'Cumulative lift', 'ratio')];
  if (e.positives === 0 || e.labels.length < 10) return makeTable('lift-gains', 'calibration', 'Lift and gains', columns, [], { finding: 'Lift needs at least one conversion and ten snapshots' });
  const t = liftTable(e.labels, e.scores, { groups: 10 });
  const rows = t.rows.map((r) => ({ group: r.group, minScore: round(r.minScore, 4), maxScore: round(r.maxScore, 4), count: r.count, positives: r.positives, rate: num(round(r.rate)), lift: num(round(r.lift)), cumulativeShare: num(round(r.cumulativeCount / t.total.count)), cumulativeGain: num(round(r.cumulativeGain)), cumulativeLift: num(round(r.cumulativeLift)) }));
  const first = t.rows[0]!;
  const finding = `The top ${formatRate(first.cumulativeCount / t.total.count)} of scores hold ${formatRate(first.cumulativeGain)} of conversions (lift ${formatTimes(first.cumulativeLift)})`;
  return makeTable('lift-gains', 'calibration', 'Lift and cumulative gains by score decile', columns, rows, { finding, note: 'Tied scores are never split, so deciles can be uneven.' });
}

/** ROC and precision–recall curves of every model, thinned to 200 points each. */
export function curveTables(models: Compared[]): ReportTable[] {
  const roc: Record<string, Cell>[] = [];
  const pr: Record<string, Cell>[] = [];
  const aucs: string[] = [];
  let half = '';
  for (const e of models) {
    if (!twoClasses(e)) continue;
    const r = rocCurve(e.labels, e.scores, { dropIntermediate: true });
    for (const k of thinIndices(r.fpr.length, 200)) roc.push({ model: e.scored.name, threshold: num(round(r.thresholds[k]!, 4)), fpr: round(r.fpr[k]!), tpr: round(r.tpr[k]!) });
    const p = precisionRecallCurve(e.labels, e.scores);
    for (const k of thinIndices(p.precision.length, 200)) pr.push({ model: e.scored.name, threshold: k < p.thresholds.length ? round(p.thresholds[k]!, 4) : null, recall: round(p.recall[k]!), precision: round(p.precision[k]!) });
    aucs.push(`${e.scored.name} ${rocAuc(e.labels, e.scores).toFixed(3)}`);
    if (!half) {
      let k = p.recall.length - 1;
      while (k > 0 && p.recall[k]! < 0.5) k--;
      half = `To catch half of the conversions, ${e.scored.name} passes leads that convert at ${formatRate(p.precision[k]!)} (base rate ${formatRate(e.positives / e.labels.length)})`;
    }
  }
  return [
    makeTable('roc', 'calibration', 'ROC curve', [col('model', 'Model'), col('threshold', 'Threshold', 'points'), col('fpr', 'False-positive rate', 'percent'), col('tpr', 'True-positive rate', 'percent')], roc, { finding: aucs.length ? `Area under the ROC curve: ${aucs.join('; ')}` : 'ROC needs converting and non-converting snapshots' }),
    makeTable('precision-recall', 'calibration', 'Precision–recall curve', [col('model', 'Model'), col('threshold', 'Threshold', 'points'), col('recall', 'Recall', 'percent'), col('precision', 'Precision', 'percent')], pr, { finding: half || 'Precision–recall needs converting and non-converting snapshots' }),
  ];
}
