/**
 * `review`: the publish gate. Should a new scoring model replace the one in use? Both are
 * measured on the same snapshots of the latest period (point-in-time, censored snapshots left
 * out): a paired DeLong test of their AUCs, the calibration of each (ECE, Brier, calibration
 * slope and intercept), the MQL volume at each segment's threshold and the leads that change
 * side, and the PSI of the score; then a verdict under a rule stated in advance (REVIEW_RULE).
 */
import { calibrationSlopeIntercept, deLongTest } from '../calibration/index.js';
import { compareAucs } from '../compare/auc-comparison.js';
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { psi, type PsiBand } from '../drift/index.js';
import { LeadcalError } from '../errors.js';
import { frameMetrics } from '../fit/evaluate.js';
import { FIT_GUARDS } from '../fit/fit-model.js';
import { buildFrame, type FrameOptions } from '../frame/frame.js';
import { splitFrames } from '../frame/split.js';
import { compileModel } from '../model/compile.js';
import { chooseFrame, modelTestFromMs } from '../model/model-frame.js';
import { probabilitiesFor } from '../model/probabilities-for.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { DAY_MS } from '../stats/days.js';
import { compareScales, DAYS_PER_MONTH, snapshotSideChanges } from '../thresholds/index.js';
import { quarterWindows } from './backtest.js';

/** Defaults of the gate, stated once (README: "The publish gate"). */
export const REVIEW_DEFAULTS = { minPositives: FIT_GUARDS.minPositives, minNegatives: FIT_GUARDS.minNegatives, level: 0.95, eceMargin: 0.01 } as const;

/**
 * The rule, in words: the CLI prints it and the README quotes it.
 *
 * @example
 * reviewRule(REVIEW_DEFAULTS) // => 'not-enough-data when the latest period has fewer than 40 converting or 40 non-converting snapshots; …'
 */
export function reviewRule(o: { minPositives: number; minNegatives: number; level: number; eceMargin: number }): string {
  const pct = `${Math.round(100 * o.level)}%`;
  return `not-enough-data when the latest period has fewer than ${o.minPositives} converting or ${o.minNegatives} non-converting snapshots; ` +
    `otherwise keep when the new model's AUC is significantly lower (paired DeLong test, the ${pct} interval of AUC(new) − AUC(old) below 0); ` +
    `publish when it is significantly higher (the interval above 0), or when it is not significantly different and its ECE is lower by at least ${o.eceMargin}; ` +
    'keep otherwise (no evidence that the new model is better)';
}

export interface ReviewOptions {
  /** Frame options; what is not given comes from the new model's recorded frame. */
  frame?: FrameOptions;
  /** Start of the latest period (default: the new model's test period, else the old one's, else the last calendar quarter). */
  testFromMs?: number;
  /** Fewest converting / non-converting snapshots in the period for a verdict (default 40 each, as Dynamics 365 asks). */
  minPositives?: number;
  minNegatives?: number;
  /** Level of the DeLong interval (default 0.95). */
  level?: number;
  /** Least drop in ECE that counts as better calibration (default 0.01, one percentage point). */
  eceMargin?: number;
}

export interface ReviewedModel {
  name: string;
  auc: number | null;
  aucLower: number | null;
  aucUpper: number | null;
  ece: number | null;
  brier: number | null;
  /** Calibration slope (1 ideal) and calibration-in-the-large (0 ideal); null when not estimable. */
  calibrationSlope: number | null;
  calibrationIntercept: number | null;
  probabilities: string;
  /** MQLs a month at the model's own thresholds, and their conversion rate. */
  mqlsPerMonth: number;
  mqlConversionRate: number | null;
}

export interface SegmentVolume {
  segment: string;
  snapshots: number;
  oldPerMonth: number;
  newPerMonth: number;
  /** new / old − 1 (null when the old model passed none). */
  change: number | null;
  /** Snapshots below the old threshold and above the new one, and the reverse. */
  up: number;
  down: number;
}

export type Verdict = 'publish' | 'keep' | 'not-enough-data';

export interface ReviewResult {
  period: { from: string; to: string; snapshots: number; positives: number; months: number };
  training: { snapshots: number; positives: number };
  target: string;
  horizonDays: number;
  old: ReviewedModel;
  new: ReviewedModel;
  /** Paired DeLong test of AUC(new) − AUC(old) on the same snapshots (null with fewer than 2 of a class). */
  deLong: { difference: number; lower: number; upper: number; pValue: number; level: number } | null;
  /** Per segment of the new model, and a total row. */
  volume: SegmentVolume[];
  /** PSI of the new scores against the old on the same snapshots, and of the new scores before vs during the period. */
  psi: { newVsOld: { psi: number; band: PsiBand }; newOverTime: { psi: number; band: PsiBand } | null };
  /** Whether the two models' points are on one scale, in words. */
  scales: string;
  /** Frame options of the old model that differ from those used, in words. */
  notes: string[];
  verdict: Verdict;
  reasons: string[];
  rule: string;
}

const finite = (x: number | undefined | null): number | null => (x === undefined || x === null || !Number.isFinite(x) ? null : x);
const f3 = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: name, message: `${name} must be a whole number ≥ 2; got ${String(value)}`, hint: 'e.g. 40' });
  return value;
}

/**
 * Review a new model against the one in use on the latest period, and decide.
 *
 * The rule (see {@link reviewRule}): not-enough-data under the minimum converting or
 * non-converting snapshots (default 40 each); keep when the paired DeLong interval of
 * AUC(new) − AUC(old) lies below 0; publish when it lies above 0, or when it holds 0 and the
 * new model's ECE is lower by at least `eceMargin` (default 0.01); keep otherwise. Unlike a fixed
 * "95% of the old accuracy" rule it never publishes a model that is measurably worse, and never
 * replaces a model without evidence that the new one is better.
 *
 * Reference: DeLong, DeLong & Clarke-Pearson (1988), https://doi.org/10.2307/2531595 (paired
 * test); Van Calster et al. (2016) (calibration slope and intercept); Siddiqi (2006) (PSI).
 * @throws LeadcalError `option_invalid` for bad options, an empty frame or an empty period
 *
 * @example
 * review(lastQuarter, refit, history).verdict // => 'publish'
 */
export function review(oldModel: ScoringModel, newModel: ScoringModel, history: History, options: ReviewOptions = {}): ReviewResult {
  const o = {
    minPositives: checkCount(options.minPositives ?? REVIEW_DEFAULTS.minPositives, 'minPositives'),
    minNegatives: checkCount(options.minNegatives ?? REVIEW_DEFAULTS.minNegatives, 'minNegatives'),
    level: options.level ?? REVIEW_DEFAULTS.level,
    eceMargin: options.eceMargin ?? REVIEW_DEFAULTS.eceMargin,
  };
  if (!(o.level > 0 && o.level < 1)) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'level', message: `level must be in (0, 1); got ${o.level}`, hint: 'e.g. 0.95' });
  if (!(o.eceMargin >= 0 && o.eceMargin < 1)) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'eceMargin', message: `eceMargin must be in [0, 1); got ${o.eceMargin}`, hint: 'e.g. 0.01' });
  const choice = chooseFrame(newModel, options.frame ?? {});
  const notes = chooseFrame(oldModel, choice.frame).overrides.map((x) => `the old model is measured with ${x}`);
  const full = buildFrame(history, choice.frame);
  const lastLabelled = full.options.untilMs - full.options.horizonDays * DAY_MS;
  let first = Infinity, last = -Infinity;
  for (const t of full.asOfMs) { if (t < first) first = t; if (t > last) last = t; }
  // default: the models' test period, else the last calendar quarter holding snapshots
  const testFromMs = options.testFromMs ?? modelTestFromMs(newModel) ?? modelTestFromMs(oldModel) ?? quarterWindows(first, last).at(-1)?.testFromMs ?? NaN;
  const { train, test } = splitFrames(full, testFromMs);
  if (test.count === 0) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--test-from', message: `no snapshot of the frame falls at or after ${Number.isFinite(testFromMs) ? formatTimestamp(testFromMs) : 'the period start'}`, hint: 'choose an earlier --test-from, a shorter --horizon, or a longer history' });
  const months = Math.max(1 / DAYS_PER_MONTH, (lastLabelled - testFromMs) / (DAYS_PER_MONTH * DAY_MS));

  const side = (model: ScoringModel, name: string): { reviewed: ReviewedModel; scores: Float64Array; trainScores: Float64Array } => {
    const c = compileModel(model, history);
    const table = scoreSnapshots(c, test.lead, test.asOfMs);
    const trainScores = scoreSnapshots(c, train.lead, train.asOfMs).score;
    const p = probabilitiesFor(model, { scores: trainScores, labels: train.label }, table.score);
    const m = frameMetrics(test.label, table.score, p.probabilities ?? undefined);
    let slope: number | null = null, intercept: number | null = null;
    if (p.probabilities && m.positives > 0 && m.positives < m.snapshots) {
      try {
        const cal = calibrationSlopeIntercept(test.label, p.probabilities);
        if (cal.converged) { slope = finite(cal.slope); intercept = finite(cal.intercept); }
      } catch (e) {
        // probabilities of exactly 0 or 1 (an isotonic step) or a constant forecast have no slope
        if (!(e instanceof LeadcalError)) throw e;
      }
    }
    let passed = 0, converted = 0;
    for (let i = 0; i < test.count; i++) if (table.above[i]) { passed++; converted += test.label[i]!; }
    return {
      scores: table.score, trainScores,
      reviewed: { name, auc: null, aucLower: null, aucUpper: null, ece: finite(m.ece), brier: finite(m.brier), calibrationSlope: slope, calibrationIntercept: intercept, probabilities: p.description, mqlsPerMonth: passed / months, mqlConversionRate: passed ? converted / passed : null },
    };
  };
  const names = [oldModel.name ?? 'old', newModel.name ?? 'new'];
  if (names[0] === names[1]) names.splice(0, 2, `${names[0]} (old)`, `${names[1]} (new)`);
  const a = side(oldModel, names[0]!);
  const b = side(newModel, names[1]!);
  const aucs = compareAucs(test.label, [a.scores, b.scores]);
  for (const [k, s] of [a, b].entries()) Object.assign(s.reviewed, { auc: finite(aucs[k]!.auc), aucLower: finite(aucs[k]!.lower), aucUpper: finite(aucs[k]!.upper) });
  // A = new, B = old: the difference is AUC(new) − AUC(old), at the level asked for
  const t = aucs[1]!.versusFirst ? deLongTest(test.label, b.scores, a.scores, { level: o.level }) : null;
  const deLong = t ? { difference: t.difference, lower: t.lower, upper: t.upper, pValue: t.pValue, level: o.level } : null;

  const volume = snapshotSideChanges(oldModel, newModel, history, test.lead, test.asOfMs).map((r): SegmentVolume => ({
    segment: r.segment, snapshots: r.leads, oldPerMonth: r.aboveBefore / months, newPerMonth: r.aboveAfter / months,
    change: r.aboveBefore ? r.aboveAfter / r.aboveBefore - 1 : null, up: r.up, down: r.down,
  }));
  const vsOld = psi(a.scores, b.scores, { bins: 10 });
  const overTime = b.trainScores.length ? psi(b.trainScores, b.scores, { bins: 10 }) : null;

  const negatives = test.count - test.positives;
  const reasons: string[] = [];
  let verdict: Verdict;
  if (test.positives < o.minPositives || negatives < o.minNegatives) {
    verdict = 'not-enough-data';
    reasons.push(`the latest period has ${test.positives} converting and ${negatives} non-converting snapshots; a verdict needs at least ${o.minPositives} and ${o.minNegatives}`);
  } else if (!deLong) {
    verdict = 'not-enough-data';
    reasons.push('the paired DeLong test needs at least 2 converting and 2 non-converting snapshots');
  } else {
    const diff = `AUC ${f3(b.reviewed.auc)} vs ${f3(a.reviewed.auc)}: difference ${deLong.difference >= 0 ? '+' : ''}${deLong.difference.toFixed(3)}, ${Math.round(100 * o.level)}% interval ${deLong.lower.toFixed(3)} to ${deLong.upper.toFixed(3)}, p = ${deLong.pValue.toPrecision(2)}`;
    const eceA = a.reviewed.ece, eceB = b.reviewed.ece;
    const eceText = `ECE ${f3(eceB)} vs ${f3(eceA)}`;
    if (deLong.upper < 0) {
      verdict = 'keep';
      reasons.push(`the new model ranks significantly worse (${diff})`);
    } else if (deLong.lower > 0) {
      verdict = 'publish';
      reasons.push(`the new model ranks significantly better (${diff})`);
      if (eceA !== null && eceB !== null && eceB > eceA + o.eceMargin) reasons.push(`but its probabilities are less calibrated (${eceText}): recalibrate it (leadcal calibrate) before relying on them`);
    } else if (eceA !== null && eceB !== null && eceB + o.eceMargin <= eceA) {
      verdict = 'publish';
      reasons.push(`the two rank alike (${diff}), and the new model's probabilities are better calibrated (${eceText}, lower by at least ${o.eceMargin})`);
    } else {
      verdict = 'keep';
      reasons.push(`no evidence that the new model is better: they rank alike (${diff}) and its calibration is not better by ${o.eceMargin} (${eceText})`);
    }
  }
  return {
    period: { from: formatTimestamp(testFromMs), to: formatTimestamp(lastLabelled), snapshots: test.count, positives: test.positives, months },
    training: { snapshots: train.count, positives: train.positives },
    target: full.options.target, horizonDays: full.options.horizonDays,
    old: a.reviewed, new: b.reviewed, deLong, volume,
    psi: { newVsOld: { psi: vsOld.psi, band: vsOld.band }, newOverTime: overTime ? { psi: overTime.psi, band: overTime.band } : null },
    scales: compareScales(oldModel, newModel).message,
    notes, verdict, reasons, rule: reviewRule(o),
  };
}
