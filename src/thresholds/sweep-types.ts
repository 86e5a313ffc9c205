/**
 * The threshold-sweep table: what `sweepThresholds` returns and `recommendThreshold` reads.
 * The keys `segments[].segment`, `.base.leads`, `.base.conversions`, `.points[].threshold`,
 * `passed`, `passedPerMonth`, `conversions`, `conversionRate`, `recall`, `lift` and
 * `.recommended` are a stable contract for scripts; keys may be added, never renamed.
 */

/** One threshold of one segment: what passing `score ≥ threshold` would have done. */
export interface SweepPoint {
  threshold: number;
  /** Snapshots with score ≥ threshold. */
  passed: number;
  passedPerMonth: number;
  /** Conversions (label 1) among those passed. */
  conversions: number;
  /** conversions / passed (precision); passed ≥ 1 at every point. */
  conversionRate: number;
  /** Wilson 95% interval of conversionRate. */
  conversionRateLow: number;
  conversionRateHigh: number;
  /** Snapshots below the threshold, their conversions and rate (null when none are held back). */
  heldBack: number;
  heldBackConversions: number;
  heldBackRate: number | null;
  /** Share of the segment's conversions passed; null when the segment has none. */
  recall: number | null;
  /** conversionRate / the segment's base rate; null when the base rate is 0. */
  lift: number | null;
  /** conversions · valuePerConversion − passed · costPerTouch, when both were given. */
  expectedValue?: number;
}

export type SegmentKind = 'overall' | 'segment' | 'missing';

/** The objectives a threshold can be recommended for. */
export type Objective =
  | { objective: 'expectedValue' }
  | { objective: 'targetRate'; rate: number; bound?: 'estimate' | 'lower' }
  | { objective: 'capacity'; mqlsPerMonth: number };

/** How the recommended point compares with the threshold in use. */
export interface CurrentComparison {
  threshold: number;
  passed: number;
  passedPerMonth: number;
  conversions: number;
  /** null when the current threshold passes nobody. */
  conversionRate: number | null;
  recall: number | null;
}

/** The recommended point of a segment: the sweep point plus why and how it compares. */
export interface Recommendation extends SweepPoint {
  objective: Objective['objective'];
  current?: CurrentComparison;
  /** e.g. "raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%". */
  tradeOff?: string;
}

export interface SegmentSweep {
  /** "overall", a segment value, or "(missing)". */
  segment: string;
  kind: SegmentKind;
  base: { leads: number; conversions: number; rate: number | null; leadsPerMonth: number };
  /** One point per distinct score in the segment, lowest threshold (largest volume) first. */
  points: SweepPoint[];
  recommended: Recommendation | null;
  /** Why nothing is recommended (present only when `recommended` is null). */
  reason?: string;
}

export interface ThresholdSweep {
  segments: SegmentSweep[];
  /** Observation span used for the per-month figures. */
  months: number;
  valuePerConversion?: number;
  costPerTouch?: number;
}
