/**
 * The trade-off sentence: what moving a segment's threshold from the one in use to the
 * recommended one does to volume and conversion, in words made from the numbers.
 */
import { formatNumber, formatPercent } from './format.js';

/** One side of the comparison. */
export interface TradeOffSide {
  threshold: number;
  passed: number;
  passedPerMonth: number;
  /** null when nobody passes. */
  conversionRate: number | null;
}

/**
 * "raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%".
 *
 * Verb: raising / lowering / keeping (equal thresholds). Volume: the relative change in
 * passed, rounded to whole percents ("cuts volume 38%", "grows volume 25%", "leaves volume
 * unchanged"); when the current threshold passes nobody, the new volume per month instead.
 * Conversion: "lifts conversion from a to b", "lowers conversion from a to b", or "keeps
 * conversion at a" when both round to the same text (see {@link formatPercent}).
 * Complexity: O(1).
 *
 * @example
 * tradeOffSentence('enterprise',
 *   { threshold: 60, passed: 100, passedPerMonth: 50, conversionRate: 0.11 },
 *   { threshold: 70, passed: 62, passedPerMonth: 31, conversionRate: 0.17 })
 * // => 'raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%'
 */
export function tradeOffSentence(subject: string, current: TradeOffSide, next: TradeOffSide): string {
  const from = formatNumber(current.threshold);
  const to = formatNumber(next.threshold);
  const move = next.threshold > current.threshold ? `raising ${subject} from ${from} to ${to}` : next.threshold < current.threshold ? `lowering ${subject} from ${from} to ${to}` : `keeping ${subject} at ${from}`;
  const nextRate = next.conversionRate === null ? 'no conversions' : formatPercent(next.conversionRate);
  if (current.passed === 0 || current.conversionRate === null) {
    return `${move} grows volume from none to ${formatPerMonth(next.passedPerMonth)} a month at ${nextRate} conversion`;
  }
  const change = Math.round((Math.abs(next.passed - current.passed) / current.passed) * 100);
  const volume = change === 0 ? 'leaves volume unchanged' : next.passed < current.passed ? `cuts volume ${change}%` : `grows volume ${change}%`;
  const a = formatPercent(current.conversionRate);
  const b = next.conversionRate === null ? a : nextRate;
  const conversion = a === b ? `keeps conversion at ${a}` : (next.conversionRate ?? 0) > current.conversionRate ? `lifts conversion from ${a} to ${b}` : `lowers conversion from ${a} to ${b}`;
  return `${move} ${volume} and ${conversion}`;
}

function formatPerMonth(x: number): string {
  return x >= 10 ? String(Math.round(x)) : String(Number(x.toFixed(1)));
}
