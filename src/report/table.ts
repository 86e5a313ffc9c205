/**
 * Small helpers to make report tables: cells that JSON can carry (non-finite → null), the
 * table record itself, and even thinning of long curves.
 */
import type { Cell, PageId, ReportColumn, ReportTable } from './types.js';

/** A number for a cell: NaN and ±∞ become null. */
export function num(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/** Round to `digits` significant decimals for stored curves (keeps files small and stable). */
export function round(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

export function makeTable(
  id: string,
  page: PageId,
  title: string,
  columns: ReportColumn[],
  rows: Record<string, Cell>[],
  extra: { finding?: string | undefined; note?: string | undefined; segment?: string | undefined } = {},
): ReportTable {
  return {
    id, page, title,
    ...(extra.finding === undefined ? {} : { finding: extra.finding }),
    ...(extra.note === undefined ? {} : { note: extra.note }),
    ...(extra.segment === undefined ? {} : { segment: extra.segment }),
    columns, rows,
  };
}

/** At most `max` indices of 0..n−1, evenly spaced, first and last kept. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/** Column shorthand. */
export const col = (key: string, label: string, format?: ReportColumn['format']): ReportColumn => (format === undefined ? { key, label } : { key, label, format });
