/**
 * Numbers as words for pages: counts with thousands separators, rates as percentages, AUCs and
 * p-values at fixed precision. Deterministic (no locale beyond en-US).
 */
import { formatPercent } from '../thresholds/index.js';
import type { Cell, ColumnFormat } from './types.js';

export const formatInteger = (x: number): string => Math.round(x).toLocaleString('en-US');
export const formatRate = (x: number): string => formatPercent(x);

/** Short decimal text: at most `digits` decimals, no trailing zeros. */
export function formatDecimal(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "4.1×" for ratios. */
export function formatTimes(x: number): string {
  return `${x >= 10 ? Math.round(x) : formatDecimal(x, 1)}×`;
}

/**
 * A table cell as page text.
 *
 * @example
 * formatCell(0.1234, 'percent') // => '12%'
 */
export function formatCell(value: Cell, format: ColumnFormat = 'text'): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  switch (format) {
    case 'integer': return formatInteger(value);
    case 'percent': return formatRate(value);
    case 'auc': return value.toFixed(3);
    case 'pvalue': return formatPValue(value);
    case 'days': return `${formatDecimal(value, 1)} d`;
    case 'points': return formatDecimal(value, 1);
    case 'ratio': return formatTimes(value);
    case 'number': return formatDecimal(value, 3);
    default: return String(value);
  }
}
