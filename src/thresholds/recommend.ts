/**
 * `recommendThreshold`: pick one point of each segment's sweep for one objective, or say why
 * not. Works on the sweep table alone (no raw rows), so it can be re-run with another
 * objective without sweeping again.
 */
import { suggest } from '../suggest.js';
import { checkInteger, checkKeyword, checkPositive, describeValue, rejectArgument } from '../check-arguments.js';
import type { CurrentComparison, Objective, Recommendation, SegmentSweep, SweepPoint, ThresholdSweep } from './sweep-types.js';
import { formatNumber, formatPercent } from './format.js';
import { tradeOffSentence } from './trade-off.js';

/** Default least number of conversions a segment needs before a threshold is recommended. */
export const DEFAULT_MIN_CONVERSIONS = 30;

export type RecommendOptions = Objective & {
  /** Segments with fewer conversions get no recommendation (default 30). */
  minConversions?: number;
  /** The threshold in use: one for every segment, or per segment name ("overall", a value, "(missing)"). */
  current?: number | Record<string, number>;
};

/**
 * Recommend a threshold per segment of a sweep, for one objective:
 * - `expectedValue`: the point with the highest expectedValue (ties: the higher threshold);
 *   none when no point has a positive expected value (passing nobody would be better).
 *   Needs a sweep made with valuePerConversion and costPerTouch.
 * - `targetRate`: the lowest threshold (so the largest volume) whose conversionRate ≥ rate —
 *   or whose Wilson lower bound ≥ rate with `bound: 'lower'`. Conversion rate is not monotone
 *   in the threshold; this is the lowest one meeting the rate, whatever happens above it.
 * - `capacity`: the lowest threshold with passedPerMonth ≤ mqlsPerMonth, i.e. the largest volume
 *   sales can take; the capacity applies to each segment (and overall) separately.
 * A segment with fewer than `minConversions` conversions gets `recommended: null` and a
 * `reason`. With `current`, the recommendation carries the current point and a trade-off
 * sentence that says what the move gains and what it costs in conversions no longer passed
 * (see {@link tradeOffSentence}); the current point is the first sweep point with threshold ≥
 * current, which passes exactly the same snapshots. A threshold above the current one whose
 * conversion rate is lower than the current one's is never recommended (it would pass fewer
 * leads *and* convert them worse): that segment gets `recommended: null` and a reason.
 *
 * Complexity: O(points). Pure: returns a new sweep and leaves the given one unchanged.
 * @throws LeadcalError `option_invalid` for a bad objective, rate, capacity, minConversions or current.
 *
 * @example
 * recommendThreshold(sweep, { objective: 'targetRate', rate: 0.15, current: { enterprise: 60 } })
 *   .segments[1].recommended?.tradeOff
 * // => 'raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%, but no longer passes 5% of the conversions passed now (caught: 65% → 62% of all conversions)'
 */
export function recommendThreshold(sweep: ThresholdSweep, options: RecommendOptions): ThresholdSweep {
  if (typeof options !== 'object' || options === null) rejectArgument('recommend', `recommend must be an object with an objective; got ${describeValue(options)}`, 'e.g. { objective: "capacity", mqlsPerMonth: 200 }');
  const objective = checkKeyword(options.objective, 'objective', ['expectedValue', 'targetRate', 'capacity'] as const);
  const minConversions = options.minConversions === undefined ? DEFAULT_MIN_CONVERSIONS : checkInteger(options.minConversions, 'minConversions', 0, 'e.g. 30');
  let pick: (segment: SegmentSweep) => SweepPoint | string;
  if (objective === 'expectedValue') {
    if (sweep.valuePerConversion === undefined) rejectArgument('objective', 'objective "expectedValue" must come with valuePerConversion and costPerTouch in the sweep; got a sweep without them', 'sweep again with valuePerConversion and costPerTouch, or choose another objective');
    pick = bestExpectedValue;
  } else if (objective === 'targetRate') {
    const o = options as { rate?: unknown; bound?: unknown };
    if (typeof o.rate !== 'number' || !(o.rate > 0 && o.rate <= 1)) rejectArgument('rate', `rate must be a conversion rate in (0, 1]; got ${describeValue(o.rate)}`, 'e.g. rate: 0.15 for 15%');
    const bound = o.bound === undefined ? 'estimate' : checkKeyword(o.bound, 'bound', ['estimate', 'lower'] as const);
    pick = (segment) => meetingRate(segment, o.rate as number, bound);
  } else {
    const capacity = checkPositive((options as { mqlsPerMonth?: unknown }).mqlsPerMonth, 'mqlsPerMonth', 'how many MQLs a month sales can work, e.g. 200');
    pick = (segment) => withinCapacity(segment, capacity);
  }
  const current = checkCurrent(options.current, sweep);

  const segments = sweep.segments.map((segment): SegmentSweep => {
    const base = { segment: segment.segment, kind: segment.kind, base: segment.base, points: segment.points };
    if (segment.base.leads === 0) return { ...base, recommended: null, reason: `${segment.segment} has no leads` };
    if (segment.base.conversions < minConversions) {
      return { ...base, recommended: null, reason: `${segment.segment} has ${segment.base.conversions} conversion${segment.base.conversions === 1 ? '' : 's'}, fewer than minConversions (${minConversions}): too few to set a threshold on` };
    }
    const chosen = pick(segment);
    if (typeof chosen === 'string') return { ...base, recommended: null, reason: chosen };
    const recommended: Recommendation = { ...chosen, objective };
    const now = typeof current === 'number' ? current : current?.[segment.segment];
    if (now !== undefined) {
      const at = currentPoint(segment, now);
      const subject = segment.kind === 'overall' ? 'the overall threshold' : segment.segment;
      // a higher bar that converts worse only loses conversions: never recommend it
      if (chosen.threshold > now && at.conversionRate !== null && chosen.conversionRate < at.conversionRate) {
        return { ...base, recommended: null, reason: `raising ${subject} from ${formatNumber(now)} to ${formatNumber(chosen.threshold)} would ${formatPercent(at.conversionRate) === formatPercent(chosen.conversionRate) ? 'not lift' : 'lower'} conversion (${formatPercent(at.conversionRate)} → ${formatPercent(chosen.conversionRate)}) and pass fewer conversions (${at.conversions} → ${chosen.conversions}): no raise is recommended, as the score does not rank these leads better above ${formatNumber(now)}` };
      }
      recommended.current = at;
      recommended.tradeOff = tradeOffSentence(subject, at, chosen);
    }
    return { ...base, recommended };
  });
  return { ...sweep, segments };
}

function bestExpectedValue(segment: SegmentSweep): SweepPoint | string {
  let best: SweepPoint | undefined;
  for (const p of segment.points) if (best === undefined || p.expectedValue! >= best.expectedValue!) best = p;
  if (best === undefined || !(best.expectedValue! > 0)) {
    return `no threshold has a positive expected value in ${segment.segment}${best ? ` (best: ${round2(best.expectedValue!)} at ${formatNumber(best.threshold)})` : ''}: passing nobody is better`;
  }
  return best;
}

function meetingRate(segment: SegmentSweep, rate: number, bound: 'estimate' | 'lower'): SweepPoint | string {
  let best: SweepPoint | undefined;
  for (const p of segment.points) {
    const r = bound === 'lower' ? p.conversionRateLow : p.conversionRate;
    if (r >= rate) return p;
    if (best === undefined || r > (bound === 'lower' ? best.conversionRateLow : best.conversionRate)) best = p;
  }
  const what = bound === 'lower' ? 'a Wilson lower bound' : 'a conversion rate';
  const got = best ? ` (highest: ${formatPercent(bound === 'lower' ? best.conversionRateLow : best.conversionRate)} at ${formatNumber(best.threshold)})` : '';
  return `no threshold reaches ${what} of ${formatPercent(rate)} in ${segment.segment}${got}`;
}

function withinCapacity(segment: SegmentSweep, capacity: number): SweepPoint | string {
  for (const p of segment.points) if (p.passedPerMonth <= capacity) return p;
  const top = segment.points[segment.points.length - 1]!;
  return `even the highest threshold (${formatNumber(top.threshold)}) passes ${round2(top.passedPerMonth)} a month in ${segment.segment}, above the capacity of ${capacity}`;
}

/** The sweep point that passes the same snapshots as `score ≥ threshold`. */
function currentPoint(segment: SegmentSweep, threshold: number): CurrentComparison {
  for (const p of segment.points) {
    if (p.threshold >= threshold) return { threshold, passed: p.passed, passedPerMonth: p.passedPerMonth, conversions: p.conversions, conversionRate: p.conversionRate, recall: p.recall };
  }
  return { threshold, passed: 0, passedPerMonth: 0, conversions: 0, conversionRate: null, recall: segment.base.conversions > 0 ? 0 : null };
}

function checkCurrent(current: unknown, sweep: ThresholdSweep): number | Record<string, number> | undefined {
  if (current === undefined) return undefined;
  if (typeof current === 'number') {
    if (!Number.isFinite(current)) rejectArgument('current', `current must be a finite threshold; got ${current}`, 'the threshold in use, e.g. current: 60');
    return current;
  }
  if (typeof current !== 'object' || current === null || Array.isArray(current)) rejectArgument('current', `current must be a threshold or a map from segment to threshold; got ${describeValue(current)}`, 'e.g. current: { overall: 60, enterprise: 70 }');
  const names = sweep.segments.map((s) => s.segment);
  for (const [name, value] of Object.entries(current)) {
    if (!names.includes(name)) {
      const near = suggest(name, names);
      rejectArgument(`current.${name}`, `current must name segments of the sweep; got "${name}"`, near ? `did you mean "${near}"?` : `segments: ${names.slice(0, 12).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) rejectArgument(`current.${name}`, `current.${name} must be a finite threshold; got ${describeValue(value)}`, 'the threshold in use, e.g. 60');
  }
  return current as Record<string, number>;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
