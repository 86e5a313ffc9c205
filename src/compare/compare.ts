/**
 * Side-by-side comparison of scorers on the same frame and the same time split: rule-based
 * models (their points; probabilities from the model's stored calibration or, without one, an
 * isotonic mapping fitted on the training period — src/model/probabilities-for.ts), and optionally a predictive
 * baseline on all engineered features: gradient-boosted trees (the default) or a regularised
 * logistic regression. For each: AUC with a
 * DeLong interval and a paired DeLong test against the first scorer, average precision,
 * calibration after mapping (Brier, ECE), lift and capture at the top 10% / 20%, conversion
 * captured at the same MQL volume, and where two scorers disagree most.
 */
import { averagePrecision } from '../calibration/index.js';
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { LeadcalError } from '../errors.js';
import type { FrameOptions } from '../frame/frame.js';
import { frameMetrics } from '../fit/evaluate.js';
import { fitPredictive, predictPredictive } from '../fit/predictive.js';
import { fitBoostedPredictive, predictBoostedPredictive } from '../fit/predictive-gbm.js';
import { compileModel } from '../model/compile.js';
import { probabilitiesFor } from '../model/probabilities-for.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { compareAucs } from './auc-comparison.js';
import { timeSplit } from './split.js';
import type { HoldoutSpec } from '../frame/split.js';

export interface ScorerComparison {
  name: string;
  kind: 'rules' | 'predictive';
  auc: number;
  aucLower: number;
  aucUpper: number;
  /** Paired DeLong test of this scorer's AUC minus the first scorer's (absent for the first). */
  versusFirst?: { difference: number; lower: number; upper: number; pValue: number };
  averagePrecision: number;
  brier: number;
  ece: number;
  logLoss: number;
  top10: { lift: number; captured: number };
  top20: { lift: number; captured: number };
  /** Share of conversions among its top K, K = the first model's MQL volume (score ≥ threshold). */
  capturedAtMqlVolume: number;
  /** Where its probabilities come from (see src/model/probabilities-for.ts). */
  probabilities: string;
}

export interface Disagreement {
  leadId: string;
  asOf: string;
  label: number;
  /** Percentile ranks (1 = highest score) under the first and the other scorer. */
  rankFirst: number;
  rankOther: number;
  other: string;
}

/** Which predictive baseline: `true` = the default, gradient-boosted trees. */
export type PredictiveBaseline = boolean | 'gbm' | 'logistic';

export interface Comparison {
  testFromMs: number;
  /** The split compared on, and in words. */
  holdout: HoldoutSpec;
  description: string;
  train: { snapshots: number; positives: number };
  test: { snapshots: number; positives: number };
  mqlVolume: number;
  scorers: ScorerComparison[];
  disagreements: Disagreement[];
}

/** Rows by descending score (ties by row), computed once per scorer. */
function descendingOrder(scores: Float64Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

function topShare(order: number[], labels: Uint8Array, k: number): { conversions: number; passed: number } {
  let conversions = 0;
  for (let i = 0; i < Math.min(k, order.length); i++) conversions += labels[order[i]!]!;
  return { conversions, passed: Math.min(k, order.length) };
}

function percentileRanks(order: number[]): Float64Array {
  const out = new Float64Array(order.length);
  order.forEach((row, i) => (out[row] = (i + 1) / order.length));
  return out;
}

/**
 * Compare scorers on a time split.
 *
 * @example
 * compareScorers(history, [{ name: 'starter', model: starter }, { name: 'fitted', model: fitted }], { horizonDays: 90 }, { predictive: 'gbm' }).scorers[1].versusFirst
 * // => { difference: 0.12, lower: 0.09, upper: 0.15, pValue: 1e-12 }
 */
export function compareScorers(history: History, models: { name: string; model: ScoringModel }[], frameOptions: FrameOptions, options: { testFromMs?: number; holdout?: HoldoutSpec; predictive?: PredictiveBaseline } = {}): Comparison {
  if (models.length === 0 && !options.predictive) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--model', message: 'compare needs at least one model (or --predictive)', hint: 'give --model FILE one or more times' });
  const { train, test, testFromMs, holdout, description } = timeSplit(history, frameOptions, options.testFromMs, options.holdout);
  if (test.positives === 0 || test.positives === test.count || train.positives === 0 || train.positives === train.count) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--test-from', message: `the split leaves ${train.positives} training and ${test.positives} test positives among ${train.count} and ${test.count} snapshots`, hint: 'choose another --test-from, target or horizon' });
  }
  const scored: { name: string; kind: 'rules' | 'predictive'; scores: Float64Array; probabilities: Float64Array; probabilitySource: string }[] = [];
  let mqlVolume = Math.round(0.2 * test.count);
  models.forEach(({ name, model }, i) => {
    const c = compileModel(model, history);
    const trainScores = scoreSnapshots(c, train.lead, train.asOfMs).score;
    const testTable = scoreSnapshots(c, test.lead, test.asOfMs);
    if (i === 0) mqlVolume = testTable.above.reduce((a, b) => a + b, 0);
    const p = probabilitiesFor(model, { scores: trainScores, labels: train.label }, testTable.score);
    // both classes in training (checked above), so there is always a mapping
    scored.push({ name, kind: 'rules', scores: testTable.score, probabilities: p.probabilities!, probabilitySource: p.description });
  });
  if (options.predictive === 'logistic') {
    const m = fitPredictive(history, train);
    const p = predictPredictive(m, history, test);
    scored.push({ name: 'predictive (logistic regression)', kind: 'predictive', scores: p, probabilities: p, probabilitySource: 'the logistic regression itself' });
  } else if (options.predictive) {
    const m = fitBoostedPredictive(history, train);
    const p = predictBoostedPredictive(m, history, test);
    scored.push({ name: `gbm (boosted trees, ${m.diagnostics.iterations} iterations)`, kind: 'predictive', scores: p, probabilities: p, probabilitySource: 'the boosted trees themselves' });
  }
  const base = test.positives / test.count;
  const orders = scored.map((s) => descendingOrder(s.scores));
  const aucs = compareAucs(test.label, scored.map((s) => s.scores));
  const scorers = scored.map((s, i): ScorerComparison => {
    const d = aucs[i]!;
    const m = frameMetrics(test.label, s.scores, s.probabilities);
    const t10 = topShare(orders[i]!, test.label, Math.round(0.1 * test.count));
    const t20 = topShare(orders[i]!, test.label, Math.round(0.2 * test.count));
    const atVolume = topShare(orders[i]!, test.label, mqlVolume);
    const out: ScorerComparison = {
      name: s.name, kind: s.kind, auc: d.auc, aucLower: d.lower, aucUpper: d.upper,
      averagePrecision: averagePrecision(test.label, s.scores),
      brier: m.brier!, ece: m.ece!, logLoss: m.logLoss!,
      top10: { lift: t10.conversions / Math.max(1, t10.passed) / base, captured: t10.conversions / test.positives },
      top20: { lift: t20.conversions / Math.max(1, t20.passed) / base, captured: t20.conversions / test.positives },
      capturedAtMqlVolume: atVolume.conversions / test.positives,
      probabilities: s.probabilitySource,
    };
    const dt = d.versusFirst;
    if (dt) out.versusFirst = { difference: dt.difference, lower: dt.lower, upper: dt.upper, pValue: dt.pValue };
    return out;
  });
  const disagreements: Disagreement[] = [];
  if (scored.length > 1) {
    const r0 = percentileRanks(orders[0]!);
    for (let o = 1; o < scored.length; o++) {
      const other = scored[o]!;
      const r1 = percentileRanks(orders[o]!);
      const rows = Array.from(r0.keys()).sort((a, b) => Math.abs(r1[b]! - r0[b]!) - Math.abs(r1[a]! - r0[a]!) || a - b).slice(0, 10);
      for (const s of rows) disagreements.push({ leadId: history.leads.ids[test.lead[s]!]!, asOf: formatTimestamp(test.asOfMs[s]!), label: test.label[s]!, rankFirst: r0[s]!, rankOther: r1[s]!, other: other.name });
    }
  }
  return { testFromMs, holdout, description, train: { snapshots: train.count, positives: train.positives }, test: { snapshots: test.count, positives: test.positives }, mqlVolume, scorers, disagreements };
}
