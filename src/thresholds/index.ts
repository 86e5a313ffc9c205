/**
 * Thresholds: sweeps and recommendations per segment, funnel counts and time to convert, the
 * sales-feedback loop, and stability between periods (PSI, score-band drift). Every public
 * symbol of the folder is named here.
 */
export { sweepThresholds, MISSING_SEGMENT, DAYS_PER_MONTH, type SweepInput, type SweepOptions } from './sweep.js';
export type { SweepPoint, SegmentSweep, SegmentKind, ThresholdSweep, Objective, Recommendation, CurrentComparison } from './sweep-types.js';
export { recommendThreshold, DEFAULT_MIN_CONVERSIONS, type RecommendOptions } from './recommend.js';
export { tradeOffSentence, type TradeOffSide } from './trade-off.js';
export { formatNumber, formatPercent } from './format.js';
export { wilsonRange } from './wilson.js';
export { Z_95 } from '../stats/wilson.js';

export { funnelCounts, type FunnelOptions, type FunnelRow } from './funnel.js';
export { timeToConvert, type TimeToConvertOptions, type TimeToConvertRow, type StepStart } from './time-to-convert.js';
export { kaplanMeier, kaplanMeierQuantile, type KaplanMeierRow } from './kaplan-meier.js';
export { sentWithoutPassing, type PassedInput, type SentWithoutPassingOptions, type SentWithoutPassingRow } from './sent-without-passing.js';
export type { LeadGrouping } from './lead-groups.js';

export { psi, psiBand, PSI_EPSILON, type PsiBand, type PsiOptions, type PsiRow, type PsiTable } from './psi.js';
export { columnPsi, featurePsi, type FeaturePsiRow } from './feature-psi.js';
export { bandDrift, type BandDriftOptions, type BandDriftRow, type ScoredPeriod } from './band-drift.js';
export { quantileEdges, uniformEdges } from './bin-edges.js';
export { diffModels, compareScales, thresholdSideChanges, type RuleChange, type SideChange, type ScaleComparison } from './diff.js';
