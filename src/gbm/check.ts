/** Argument checks of the boosting wrappers (errors as `option_invalid` LeadcalErrors). */
import { describeValue, rejectArgument } from '../check-arguments.js';
import type { GbmDesign } from './types.js';

/** A column-major design with `features` columns (when given) of `rows` Float64 values. */
export function checkDesign(X: GbmDesign, name: string, features?: number): void {
  if (!X || !Array.isArray(X.columns) || !Number.isInteger(X.rows) || X.rows < 0) rejectArgument(name, `${name} must be { rows, columns: Float64Array[] }; got ${describeValue(X)}`, 'pass a column-major design');
  if (features !== undefined && X.columns.length !== features) rejectArgument(name, `${name} must have the model's ${features} columns; got ${X.columns.length}`, 'build the design with the same feature plan as the fit');
  X.columns.forEach((c, j) => {
    if (!(c instanceof Float64Array) || c.length !== X.rows) rejectArgument(name, `${name}.columns[${j}] must be a Float64Array of ${X.rows} values; got ${describeValue(c)}${c && 'length' in c ? ` of length ${c.length}` : ''}`, 'use NaN for a missing value');
  });
}

/** An integer option in [min, max]. */
export function checkInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) rejectArgument(name, `${name} must be an integer from ${min} to ${max}; got ${describeValue(value)}`, `choose a value in ${min}..${max}`);
  return value;
}

/** A number option in [min, max] (or (min, max] when `openMin`). */
export function checkNumber(value: number, name: string, min: number, max: number, openMin = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (openMin && value === min)) rejectArgument(name, `${name} must be a number in ${openMin ? '(' : '['}${min}, ${max}]; got ${describeValue(value)}`, `choose a value in that range`);
  return value;
}
