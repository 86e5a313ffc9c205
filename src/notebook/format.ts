/**
 * Numbers as cell text in notebooks: fixed decimals (so columns line up), an em dash for
 * missing or non-finite values, and even thinning of long curves before charting.
 */
import { thinIndices } from '../report/table.js';

const missing = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

/**
 * A rate as a percentage with `digits` decimals; — when missing.
 *
 * @example
 * pct(0.1234) // => '12.3%'
 */
export function pct(x: number | null | undefined, digits = 1): string {
  return missing(x) ? '—' : `${(100 * x).toFixed(digits)}%`;
}

/**
 * A number with `digits` decimals; — when missing.
 *
 * @example
 * num(0.71234) // => '0.712'
 */
export function num(x: number | null | undefined, digits = 3): string {
  return missing(x) ? '—' : x.toFixed(digits);
}

/**
 * At most `max` rows, evenly spaced, first and last kept: enough for a chart, small enough to commit.
 *
 * @example
 * thin([1, 2, 3, 4, 5], 3) // => [1, 3, 5]
 */
export function thin<T>(rows: readonly T[], max: number): T[] {
  return thinIndices(rows.length, max).map((i) => rows[i]!);
}
