/**
 * Threshold tables: one sweep per segment of the primary model on the evaluation snapshots
 * (the thresholds `leadcal sweep` tries: every whole point, thresholds/candidates.ts), the threshold in use
 * and the recommended one per segment, and what moving costs in volume.
 */
import { describeSnapshotsUsed } from '../frame/split.js';
import { MQL_THRESHOLD_CANDIDATES, recommendThreshold, sweepThresholds, type RecommendOptions, type SegmentSweep, type SweepPoint, type ThresholdSweep } from '../thresholds/index.js';
import { formatDecimal, formatRate } from './format.js';
import type { ResolvedReportOptions } from './options.js';
import { take, type Split } from './scored.js';
import type { Evaluated } from './tables-calibration.js';
import { col, makeTable, num, round } from './table.js';
import type { Cell, ReportTable } from './types.js';

function pointAt(segment: SegmentSweep, threshold: number): SweepPoint | undefined {
  return segment.points.find((p) => p.threshold >= threshold);
}

/**
 * The segments worth a row: those with leads, and not a lone segment that holds every lead at
 * the overall threshold (a model without segments has one, "default": it would repeat "overall").
 */
export function withoutEcho(segments: SegmentSweep[], current: Record<string, number>): SegmentSweep[] {
  const withLeads = segments.filter((s) => s.base.leads > 0);
  const overall = withLeads.find((s) => s.kind === 'overall');
  const others = withLeads.filter((s) => s.kind !== 'overall');
  if (overall && others.length === 1 && others[0]!.base.leads === overall.base.leads && current[others[0]!.segment] === current[overall.segment]) return [overall];
  return withLeads;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function thresholdTables(e: Evaluated, split: Split, options: ResolvedReportOptions): { summary: ReportTable; sweeps: ReportTable[]; objective: string; swept: string } {
  const scored = e.scored;
  // the phrase `leadcal sweep` prints for the same model and snapshots
  const swept = describeSnapshotsUsed(split.holdout, e.labels.length, split.frame.options);
  const names = scored.table.segmentNames;
  const current: Record<string, number> = { overall: scored.model.threshold };
  names.forEach((name, k) => { current[name] = scored.compiled.thresholds[k]!; });
  let recommend: RecommendOptions | undefined;
  let objective = 'none: give --capacity, or --value-per-conversion with --cost-per-touch, for a recommendation';
  if (options.capacity !== undefined) {
    recommend = { objective: 'capacity', mqlsPerMonth: options.capacity };
    objective = `fill sales capacity: at most ${formatDecimal(options.capacity)} MQLs a month per segment`;
  } else if (options.valuePerConversion !== undefined) {
    recommend = { objective: 'expectedValue' };
    objective = `highest expected value: ${formatDecimal(options.valuePerConversion)} per conversion, ${formatDecimal(options.costPerTouch!)} per lead passed`;
  }
  const summaryColumns = [
    col('segment', 'Segment'), col('snapshots', 'Snapshots', 'integer'), col('conversions', 'Converted', 'integer'), col('baseRate', 'Base rate', 'percent'),
    col('currentThreshold', 'Threshold in use', 'points'), col('currentPerMonth', 'MQLs/month now', 'points'), col('currentRate', 'Conversion now', 'percent'), col('currentRecall', 'Conversions caught now', 'percent'),
    col('recommendedThreshold', 'Recommended', 'points'), col('recommendedPerMonth', 'MQLs/month then', 'points'), col('recommendedRate', 'Conversion then', 'percent'), col('recommendedRecall', 'Conversions caught then', 'percent'),
    col('volumeChange', 'Volume change', 'percent'), col('note', 'Trade-off or reason'),
  ];
  if (e.labels.length === 0) {
    return { summary: makeTable('thresholds', 'thresholds', 'Thresholds per segment', summaryColumns, [], { finding: 'No evaluation snapshots: nothing to sweep' }), sweeps: [], objective, swept };
  }
  let sweep: ThresholdSweep = sweepThresholds({
    scores: e.scores, labels: e.labels, asOfMs: take(split.frame.asOfMs, split.test),
    segments: { codes: take(scored.table.segment, split.test), values: names },
  }, { candidates: MQL_THRESHOLD_CANDIDATES, ...(options.valuePerConversion === undefined ? {} : { valuePerConversion: options.valuePerConversion, costPerTouch: options.costPerTouch! }) });
  if (recommend) sweep = recommendThreshold(sweep, { ...recommend, current });

  const rows: Record<string, Cell>[] = [];
  const sweeps: ReportTable[] = [];
  let headline = '';
  const shown = withoutEcho(sweep.segments, current);
  for (const segment of shown) {
    const now = current[segment.segment];
    const at = now === undefined ? undefined : pointAt(segment, now);
    const rec = segment.recommended;
    const volumeChange = rec && at ? rec.passed / at.passed - 1 : null;
    const note = rec ? (rec.tradeOff ?? '') : (segment.reason ?? '');
    rows.push({
      segment: segment.segment, snapshots: segment.base.leads, conversions: segment.base.conversions, baseRate: num(segment.base.rate),
      currentThreshold: now ?? null, currentPerMonth: num(at ? round(at.passedPerMonth, 3) : now === undefined ? NaN : 0), currentRate: num(at?.conversionRate), currentRecall: num(at?.recall),
      recommendedThreshold: rec ? rec.threshold : null, recommendedPerMonth: num(rec ? round(rec.passedPerMonth, 3) : NaN), recommendedRate: num(rec?.conversionRate), recommendedRecall: num(rec?.recall),
      volumeChange: num(volumeChange === null ? NaN : round(volumeChange)), note,
    });
    let finding: string;
    if (rec?.tradeOff) finding = capitalise(rec.tradeOff);
    else if (at && now !== undefined) finding = `${segment.kind === 'overall' ? 'Overall' : `In ${segment.segment}`}, threshold ${formatDecimal(now)} passes ${formatDecimal(at.passedPerMonth, 1)} a month converting at ${formatRate(at.conversionRate)} and catches ${formatRate(at.recall ?? 0)} of conversions`;
    else finding = `${segment.kind === 'overall' ? 'Overall' : `In ${segment.segment}`}, conversion rises from ${formatRate(segment.points[0]!.conversionRate)} at the lowest threshold to ${formatRate(segment.points[segment.points.length - 1]!.conversionRate)} at the highest`;
    if (segment.kind === 'overall') headline = finding;
    sweeps.push(makeTable(`sweep-${segment.segment}`, 'thresholds', `Threshold sweep: ${segment.segment}`, [
      col('threshold', 'Threshold', 'points'), col('passed', 'Passed', 'integer'), col('passedPerMonth', 'Passed/month', 'points'), col('conversions', 'Converted', 'integer'),
      col('conversionRate', 'Conversion rate', 'percent'), col('conversionRateLow', '95% low', 'percent'), col('conversionRateHigh', '95% high', 'percent'),
      col('recall', 'Conversions caught', 'percent'), col('heldBackRate', 'Held-back conversion', 'percent'), col('lift', 'Lift', 'ratio'),
      ...(sweep.valuePerConversion === undefined ? [] : [col('expectedValue', 'Expected value', 'number')]),
    ], segment.points.map((p) => ({
      threshold: p.threshold, passed: p.passed, passedPerMonth: round(p.passedPerMonth, 4), conversions: p.conversions,
      conversionRate: round(p.conversionRate), conversionRateLow: round(p.conversionRateLow), conversionRateHigh: round(p.conversionRateHigh),
      recall: num(p.recall === null ? NaN : round(p.recall)), heldBackRate: num(p.heldBackRate === null ? NaN : round(p.heldBackRate)), lift: num(p.lift === null ? NaN : round(p.lift)),
      ...(p.expectedValue === undefined ? {} : { expectedValue: round(p.expectedValue, 4) }),
    })), { finding, segment: segment.segment, note: `Threshold in use: ${now === undefined ? 'none' : formatDecimal(now)}; recommended: ${rec ? formatDecimal(rec.threshold) : 'none'}. Months observed: ${formatDecimal(sweep.months, 1)}.` }));
  }
  const summary = makeTable('thresholds', 'thresholds', 'Thresholds per segment: in use and recommended', summaryColumns, rows, { finding: headline || 'Thresholds per segment', note: `Swept ${swept}, over ${sweep.months.toFixed(1)} months. Objective: ${objective}. Volumes are per month over these snapshots.` });
  return { summary, sweeps, objective, swept: `${swept}, over ${sweep.months.toFixed(1)} months` };
}
