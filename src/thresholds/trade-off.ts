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
  /** Conversions among those passed; with it on both sides the sentence says what a raise costs. */
  conversions?: number;
  /** Share of the segment's conversions passed (null when the segment has none). */
  recall?: number | null;
}

/**
 * "raising enterprise from 60 to 70 cuts volume 38% and lifts conversion from 11% to 17%, but
 * no longer passes 5% of the conversions passed now (caught: 65% → 62% of all conversions)".
 *
 * Verb: raising / lowering / keeping (equal thresholds). Volume: the relative change in
 * passed, rounded to whole percents ("cuts volume 38%", "grows volume 25%", "leaves volume
 * unchanged"); when the current threshold passes nobody, the new volume per month instead.
 * Conversion: "lifts conversion from a to b", "lowers conversion from a to b", or "keeps
 * conversion at a" when both round to the same text (see {@link formatPercent}).
 * Cost: when both sides carry `conversions` and the move passes fewer of them, the sentence
 * ends with the conversions no longer passed as a share of those passed now, and the share
 * of all conversions caught before and after (when both sides carry `recall`); when it passes
 * more, with the conversions gained.
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
  return `${move} ${volume} and ${conversion}${conversionsCost(current, next)}`;
}

/** ", but no longer passes 77% of the conversions passed now (caught: 31% → 7% of all conversions)". */
function conversionsCost(current: TradeOffSide, next: TradeOffSide): string {
  if (current.conversions === undefined || next.conversions === undefined || current.conversions === next.conversions) return '';
  const caught = typeof current.recall === 'number' && typeof next.recall === 'number' ? ` (caught: ${formatPercent(current.recall)} → ${formatPercent(next.recall)} of all conversions)` : '';
  if (next.conversions < current.conversions) {
    return `, but no longer passes ${wholePercent((current.conversions - next.conversions) / current.conversions)} of the conversions passed now${caught}`;
  }
  const gained = current.conversions > 0 ? `${wholePercent((next.conversions - current.conversions) / current.conversions)} more conversions` : `${next.conversions} conversion${next.conversions === 1 ? '' : 's'}`;
  return `, and passes ${gained}${caught}`;
}

/** A positive share as whole percents, "under 1%" rather than "0%". */
function wholePercent(share: number): string {
  const pct = Math.round(share * 100);
  return pct < 1 ? 'under 1%' : `${pct}%`;
}

function formatPerMonth(x: number): string {
  return x >= 10 ? String(Math.round(x)) : String(Number(x.toFixed(1)));
}
