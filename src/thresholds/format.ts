/**
 * Numbers as words for the tables' text fields (bin labels, trade-off sentences, reasons).
 */

/**
 * A number as short text: integers as they are, others to at most 3 decimals.
 *
 * @example
 * formatNumber(70) // => '70'
 * formatNumber(0.12345) // => '0.123'
 */
export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(3)));
}

/**
 * A rate as a percentage: whole percents from 10% up, one decimal below (0.4%, 7.5%, 12%).
 *
 * @example
 * formatPercent(0.1149) // => '11%'
 * formatPercent(0.0449) // => '4.5%'
 */
export function formatPercent(rate: number): string {
  const pct = rate * 100;
  return pct >= 9.95 ? `${Math.round(pct)}%` : `${String(Number(pct.toFixed(1)))}%`;
}
