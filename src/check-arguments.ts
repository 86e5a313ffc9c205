/**
 * Argument checks shared by the threshold analyses. Public wrappers call these once, up front;
 * kernels trust their inputs. Every failure is a LeadcalError with code `option_invalid`, the
 * argument's name as `column`, a message "X must be …; got Y" and a hint on how to fix it.
 */
import { LeadcalError } from './errors.js';

/** Throw the `option_invalid` error for one argument. */
export function rejectArgument(argument: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: argument, message, hint });
}

/** A short description of a value for "got Y". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}

/** `value` must be a Float64Array. */
export function checkFloat64(value: unknown, name: string): Float64Array {
  if (!(value instanceof Float64Array)) rejectArgument(name, `${name} must be a Float64Array; got ${describeValue(value)}`, `convert with Float64Array.from(${name})`);
  return value;
}

/** `value` must be a Float64Array of finite numbers. */
export function checkFiniteColumn(value: unknown, name: string): Float64Array {
  const column = checkFloat64(value, name);
  for (let i = 0; i < column.length; i++) {
    if (!Number.isFinite(column[i]!)) rejectArgument(name, `${name} must hold finite numbers; got ${column[i]} at row ${i}`, 'leave out rows without a value, or fill them');
  }
  return column;
}

/** `value` must be a Uint8Array of 0 and 1. */
export function checkLabels(value: unknown, name: string): Uint8Array {
  if (!(value instanceof Uint8Array)) rejectArgument(name, `${name} must be a Uint8Array of 0 and 1; got ${describeValue(value)}`, `convert with Uint8Array.from(${name})`);
  for (let i = 0; i < value.length; i++) {
    if (value[i]! > 1) rejectArgument(name, `${name} must hold 0 or 1; got ${value[i]} at row ${i}`, 'use 1 for a conversion and 0 otherwise');
  }
  return value;
}

/** `array` must have `length` rows, like `other`. */
export function checkLength(array: ArrayLike<unknown>, name: string, length: number, other: string): void {
  if (array.length !== length) rejectArgument(name, `${name} must have one row per row of ${other} (${length}); got ${array.length}`, 'pass columns of the same frame');
}

/** A finite number > 0. */
export function checkPositive(value: unknown, name: string, hint: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) rejectArgument(name, `${name} must be a positive number; got ${describeValue(value)}`, hint);
  return value;
}

/** A finite number ≥ 0. */
export function checkNonNegative(value: unknown, name: string, hint: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) rejectArgument(name, `${name} must be a number ≥ 0; got ${describeValue(value)}`, hint);
  return value;
}

/** An integer ≥ `min`. */
export function checkInteger(value: unknown, name: string, min: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) rejectArgument(name, `${name} must be an integer ≥ ${min}; got ${describeValue(value)}`, hint);
  return value;
}

/** One of the allowed strings. */
export function checkKeyword<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    rejectArgument(name, `${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${describeValue(value)}`, `e.g. ${name}: "${allowed[0]}"`);
  }
  return value as T;
}

/** Bin edges: finite and strictly increasing. */
export function checkEdges(value: unknown, name: string): number[] {
  if (!Array.isArray(value)) rejectArgument(name, `${name} must be a bin count or an array of edges; got ${describeValue(value)}`, 'e.g. 10, or [20, 40, 60, 80]');
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) rejectArgument(name, `${name} must hold finite numbers; got ${describeValue(v)} at position ${i}`, 'give the cut points between bins, e.g. [20, 40, 60, 80]');
    if (i > 0 && !(v > (value[i - 1] as number))) rejectArgument(name, `${name} must be strictly increasing; got ${value[i - 1]} then ${v}`, 'sort the edges and drop repeats');
  }
  return value as number[];
}
