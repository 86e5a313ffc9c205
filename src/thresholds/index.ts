/**
 * Thresholds: sweeps and recommendations per segment, the sales-feedback loop and model diffs.
 * (The funnel and time to convert are in `funnel/`, stability between periods in `drift/`.)
 * Every public symbol of the folder is named here.
 */
export { sweepThresholds, MISSING_SEGMENT, DAYS_PER_MONTH, type SweepInput, type SweepOptions } from './sweep.js';
export { wholePointScores, MQL_THRESHOLD_CANDIDATES, type ThresholdCandidates } from './candidates.js';
export type { SweepPoint, SegmentSweep, SegmentKind, ThresholdSweep, Objective, Recommendation, CurrentComparison } from './sweep-types.js';
export { recommendThreshold, DEFAULT_MIN_CONVERSIONS, type RecommendOptions } from './recommend.js';
export { tradeOffSentence, type TradeOffSide } from './trade-off.js';
export { formatNumber, formatPercent } from './format.js';
export { wilsonRange } from './wilson.js';
export { Z_95 } from '../stats/wilson.js';

export { sentWithoutPassing, type PassedInput, type SentWithoutPassingOptions, type SentWithoutPassingRow } from './sent-without-passing.js';

export { diffModels, compareScales, thresholdSideChanges, snapshotSideChanges, type RuleChange, type SideChange, type ScaleComparison } from './diff.js';
