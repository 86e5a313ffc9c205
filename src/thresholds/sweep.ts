/**
 * `sweepThresholds`: for "overall" and each segment, every candidate threshold (every distinct
 * score, or every whole point: `candidates.ts`) and what it would have passed, converted and missed. The wrapper checks and normalises its
 * arguments, the kernel (`sweep-kernel.ts`) counts, and this file turns counts into the table.
 */
import { DAY_MS } from '../stats/days.js';
import { checkFiniteColumn, checkKeyword, checkLabels, checkLength, checkPositive, describeValue, rejectArgument } from '../check-arguments.js';
import { wholePointScores, type ThresholdCandidates } from './candidates.js';
import { recommendThreshold, type RecommendOptions } from './recommend.js';
import { sweepCounts } from './sweep-kernel.js';
import type { SegmentKind, SegmentSweep, SweepPoint, ThresholdSweep } from './sweep-types.js';
import { wilsonRange } from './wilson.js';

/** Name of the segment for rows whose segment code is −1. */
export const MISSING_SEGMENT = '(missing)';
/** Average month length used for per-month volumes. */
export const DAYS_PER_MONTH = 30.4375;

/** Columns of a scored frame, one row per snapshot. */
export interface SweepInput {
  scores: Float64Array;
  /** 1 iff the snapshot converted (the frame's label). */
  labels: Uint8Array;
  /** Snapshot times, epoch ms: they set the observation span for per-month volumes. */
  asOfMs: Float64Array;
  /** Dictionary-encoded segment per row; code −1 is the segment "(missing)". */
  segments?: { codes: Int32Array; values: string[] };
}

export interface SweepOptions {
  /** Value of one conversion; with costPerTouch gives each point an expectedValue. */
  valuePerConversion?: number;
  /** Cost of passing one lead to sales. */
  costPerTouch?: number;
  /** Observation span in months; default (max − min of asOfMs) / 30.4375 days, at least 1. */
  months?: number;
  /**
   * How to recommend a threshold per segment. Default: expected value when value and cost are
   * given; otherwise no recommendation (each segment says so in `reason`).
   */
  recommend?: RecommendOptions;
  /**
   * Which thresholds to try (see `candidates.ts`): every distinct score (`everyScore`, the
   * default) or every whole point (`wholePoints`, what `leadcal sweep` and the report use).
   */
  candidates?: ThresholdCandidates;
}

/**
 * Sweep every distinct score as threshold (pass = score ≥ threshold), overall and per segment;
 * with `candidates: 'wholePoints'` every whole point some score reaches (scores floored first,
 * which passes at integer t exactly the snapshots with score ≥ t).
 *
 * Per point: passed, passedPerMonth, conversions, conversionRate = conversions / passed with its
 * Wilson 95% interval, heldBack and its conversion rate, recall = conversions / segment
 * conversions, lift = conversionRate / segment base rate, and expectedValue =
 * conversions · valuePerConversion − passed · costPerTouch when both are given. Segments come
 * in dictionary order after "overall", then "(missing)" when some codes are −1; a dictionary value
 * without rows gets an empty `points`.
 *
 * Reference: precision/recall at every cut as in scikit-learn's `precision_recall_curve`.
 * Complexity: O(n log n) time (one sort), O(n) memory; inputs are not modified.
 * @throws LeadcalError `option_invalid` for bad columns or options.
 *
 * @example
 * const sweep = sweepThresholds({ scores, labels, asOfMs, segments: { codes, values: ['smb', 'ent'] } },
 *   { recommend: { objective: 'capacity', mqlsPerMonth: 200 } });
 * sweep.segments[0].segment // => 'overall'
 */
export function sweepThresholds(input: SweepInput, options: SweepOptions = {}): ThresholdSweep {
  if (typeof input !== 'object' || input === null) rejectArgument('input', `input must be an object with scores, labels and asOfMs; got ${describeValue(input)}`, 'e.g. sweepThresholds({ scores, labels, asOfMs })');
  const candidates = checkKeyword(options.candidates ?? 'everyScore', 'candidates', ['everyScore', 'wholePoints'] as const);
  const given = checkFiniteColumn(input.scores, 'scores');
  const scores = candidates === 'wholePoints' ? wholePointScores(given) : given;
  const n = scores.length;
  if (n === 0) rejectArgument('scores', 'scores must have at least one row; got 0', 'sweep a frame with snapshots');
  const labels = checkLabels(input.labels, 'labels');
  checkLength(labels, 'labels', n, 'scores');
  const asOfMs = checkFiniteColumn(input.asOfMs, 'asOfMs');
  checkLength(asOfMs, 'asOfMs', n, 'scores');
  const segments = input.segments === undefined ? undefined : checkSegments(input.segments, n);

  const value = options.valuePerConversion === undefined ? undefined : checkPositive(options.valuePerConversion, 'valuePerConversion', 'e.g. the average deal value times win rate');
  const cost = options.costPerTouch === undefined ? undefined : checkNonNegativeCost(options.costPerTouch);
  if ((value === undefined) !== (cost === undefined)) {
    rejectArgument(value === undefined ? 'valuePerConversion' : 'costPerTouch', `valuePerConversion and costPerTouch must be given together; got only ${value === undefined ? 'costPerTouch' : 'valuePerConversion'}`, 'give both to compute expected value, or neither');
  }
  const months = options.months === undefined ? defaultMonths(asOfMs) : checkPositive(options.months, 'months', 'the observation span in months, e.g. 12');

  const values = segments?.values ?? [];
  const counts = sweepCounts(scores, labels, segments?.codes, values.length);
  const out: SegmentSweep[] = [];
  const groups = values.length + 2;
  for (let g = 0; g < groups; g++) {
    const kind: SegmentKind = g === 0 ? 'overall' : g <= values.length ? 'segment' : 'missing';
    const leads = counts.groupRows[g]!;
    if (kind === 'missing' && leads === 0) continue;
    if (g > 0 && segments === undefined) continue;
    const positives = counts.groupPositives[g]!;
    const baseRate = leads > 0 ? positives / leads : null;
    const points: SweepPoint[] = [];
    // kernel order is highest threshold first; the table reads lowest first
    for (let k = counts.offsets[g + 1]! - 1; k >= counts.offsets[g]!; k--) {
      const passed = counts.passed[k]!;
      const conversions = counts.conversions[k]!;
      const rate = conversions / passed;
      const { low, high } = wilsonRange(conversions, passed);
      const heldBack = leads - passed;
      const point: SweepPoint = {
        threshold: counts.threshold[k]!,
        passed,
        passedPerMonth: passed / months,
        conversions,
        conversionRate: rate,
        conversionRateLow: low,
        conversionRateHigh: high,
        heldBack,
        heldBackConversions: positives - conversions,
        heldBackRate: heldBack > 0 ? (positives - conversions) / heldBack : null,
        recall: positives > 0 ? conversions / positives : null,
        lift: baseRate ? rate / baseRate : null,
      };
      if (value !== undefined && cost !== undefined) point.expectedValue = conversions * value - passed * cost;
      points.push(point);
    }
    out.push({
      segment: g === 0 ? 'overall' : kind === 'missing' ? MISSING_SEGMENT : values[g - 1]!,
      kind,
      base: { leads, conversions: positives, rate: baseRate, leadsPerMonth: leads / months },
      points,
      recommended: null,
      reason: 'no objective given: pass recommend: { objective: … }, or valuePerConversion and costPerTouch',
    });
  }
  const sweep: ThresholdSweep = { segments: out, months };
  if (value !== undefined && cost !== undefined) {
    sweep.valuePerConversion = value;
    sweep.costPerTouch = cost;
  }
  const recommend = options.recommend ?? (value !== undefined ? { objective: 'expectedValue' as const } : undefined);
  return recommend === undefined ? sweep : recommendThreshold(sweep, recommend);
}

function checkNonNegativeCost(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) rejectArgument('costPerTouch', `costPerTouch must be a number ≥ 0; got ${describeValue(value)}`, 'e.g. the cost of one sales follow-up');
  return value;
}

function checkSegments(segments: unknown, n: number): { codes: Int32Array; values: string[] } {
  if (typeof segments !== 'object' || segments === null) rejectArgument('segments', `segments must be { codes: Int32Array, values: string[] }; got ${describeValue(segments)}`, 'pass a category column of the frame\'s leads');
  const { codes, values } = segments as { codes?: unknown; values?: unknown };
  if (!(codes instanceof Int32Array)) rejectArgument('segments.codes', `segments.codes must be an Int32Array; got ${describeValue(codes)}`, 'dictionary codes, −1 for missing');
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) rejectArgument('segments.values', `segments.values must be an array of strings; got ${describeValue(values)}`, 'the dictionary of the category column');
  checkLength(codes, 'segments.codes', n, 'scores');
  const seen = new Set<string>();
  for (const v of values as string[]) {
    if (seen.has(v)) rejectArgument('segments.values', `segments.values must not repeat; got "${v}" twice`, 'encode the column with encodeCategories');
    seen.add(v);
  }
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c < -1 || c >= values.length) rejectArgument('segments.codes', `segments.codes must be −1 or an index into segments.values (0 … ${values.length - 1}); got ${c} at row ${i}`, 'dictionary codes, −1 for missing');
  }
  return { codes, values: values as string[] };
}

/** (max − min of asOfMs) in months of 30.4375 days, at least 1. */
function defaultMonths(asOfMs: Float64Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < asOfMs.length; i++) {
    const t = asOfMs[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return Math.max(1, (max - min) / (DAYS_PER_MONTH * DAY_MS));
}
