/**
 * Attribute levels for fitting: levels with enough support keep their own coefficient, rare
 * ones are pooled into "other", the most frequent level is the reference (0 points), and
 * missing values and the pooled "other" get their own column when frequent enough (else they
 * join the reference: no points resting on a handful of snapshots).
 */
import type { CategoryColumn } from '../data/columns.js';

export interface LevelPlan {
  field: string;
  /** The reference level (0 points). */
  reference: string;
  /** Levels with their own column. */
  levels: string[];
  /** Levels pooled into "other". */
  pooled: string[];
  /** The pooled levels together have enough support for their own column (else they join the reference). */
  otherColumn: boolean;
  /** Missing values have their own column. */
  missingColumn: boolean;
  /** Rows per level (kept levels, then 'other', then missing) for the report. */
  support: Record<string, number>;
  /**
   * Levels with enough rows but no events or no non-events (a rate of 0 or 1, an infinite
   * weight of evidence), each merged into the kept level whose event rate is nearest (its
   * points, or the reference's 0): level → the level it joins. Only when labels are given.
   */
  merged: Record<string, string>;
  /** `(other)` when the pooled levels together have no events or no non-events (they then join the reference). */
  pureOther: boolean;
}

/**
 * Decide the level columns of a categorical attribute, counting support over the rows given
 * (snapshots: a lead's level counts once per snapshot).
 *
 * @example
 * planLevels('industry', column, rowsLead, 30).levels // => ['finance', 'retail', …] (reference excluded)
 */
export function planLevels(field: string, column: CategoryColumn, rowLead: Int32Array, minSupport: number, rowLabel?: ArrayLike<number>): LevelPlan {
  const counts = new Float64Array(column.values.length);
  const events = new Float64Array(column.values.length);
  let missing = 0;
  for (let s = 0; s < rowLead.length; s++) {
    const c = column.codes[rowLead[s]!]!;
    if (c < 0) missing++;
    else { counts[c]!++; events[c]! += rowLabel?.[s] ? 1 : 0; }
  }
  const order = column.values.map((v, i) => ({ v, n: counts[i]!, e: events[i]! })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n || a.v.localeCompare(b.v));
  // a level with no events or no non-events is merged into the nearest kept level by rate
  // (never the reference itself: it has 0 points anyway)
  const isPure = (x: { n: number; e: number }): boolean => rowLabel !== undefined && (x.e === 0 || x.e === x.n);
  const frequent = order.filter((x) => x.n >= minSupport);
  const kept = frequent.filter((x, k) => k === 0 || !isPure(x));
  const merged: Record<string, string> = {};
  for (const x of frequent) {
    if (!isPure(x) || x === kept[0]) continue;
    let near = kept[0]!;
    for (const y of kept) if (Math.abs(y.e / y.n - x.e / x.n) < Math.abs(near.e / near.n - x.e / x.n)) near = y;
    merged[x.v] = near.v;
  }
  const rest = order.filter((x) => x.n < minSupport);
  const pooled = rest.map((x) => x.v);
  const reference = kept[0]?.v ?? order[0]?.v ?? '';
  const support: Record<string, number> = {};
  for (const x of frequent) support[x.v] = x.n;
  const pooledCount = rest.reduce((a, x) => a + x.n, 0);
  const pooledEvents = rest.reduce((a, x) => a + x.e, 0);
  if (pooled.length) support['(other)'] = pooledCount;
  const missingColumn = missing >= minSupport;
  if (missing) support['(missing)'] = missing;
  let otherColumn = kept.length > 0 && pooledCount >= minSupport;
  const pureOther = otherColumn && isPure({ n: pooledCount, e: pooledEvents });
  if (pureOther) otherColumn = false;
  return { field, reference, levels: kept.slice(1).map((x) => x.v), pooled: kept.length ? pooled : [], otherColumn, missingColumn, support, merged, pureOther };
}

/**
 * The 0/1 column of one level (or of the pooled levels, or of missing) per row.
 *
 * @example
 * levelIndicator(column, rowLead, ['retail']) // => Float64Array [0, 1, 0, …]
 */
export function levelIndicator(column: CategoryColumn, rowLead: Int32Array, levels: string[] | 'missing'): Float64Array {
  const hit = new Uint8Array(column.values.length);
  if (levels !== 'missing') for (const l of levels) { const i = column.values.indexOf(l); if (i >= 0) hit[i] = 1; }
  const out = new Float64Array(rowLead.length);
  for (let s = 0; s < rowLead.length; s++) {
    const c = column.codes[rowLead[s]!]!;
    out[s] = c < 0 ? (levels === 'missing' ? 1 : 0) : hit[c]!;
  }
  return out;
}
