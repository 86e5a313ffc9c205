/**
 * `featurePsi`: PSI of each feature column between two samples (say two quarters), numeric
 * columns by quantile bins of the expected sample, categories by value.
 */
import type { Column } from '../data/columns.js';
import { describeValue, rejectArgument } from '../check-arguments.js';
import { psi, psiFromCounts, resolveBins, type PsiBand, type PsiOptions, type PsiTable } from './psi.js';

export interface FeaturePsiRow {
  feature: string;
  kind: 'number' | 'category';
  /** Bins (or categories, with "(missing)") in the table. */
  bins: number;
  psi: number;
  band: PsiBand;
}

/**
 * PSI of one column. Numbers: as {@link psi} (NaN = missing). Categories: one bin per value
 * present in either sample, matched by text so the two samples may have different
 * dictionaries, plus "(missing)" for code −1; expected's order first, then values new in actual.
 * Complexity: O(n + m) for categories, O((n + m) log n) for numbers.
 * @throws LeadcalError `option_invalid` for columns of different kinds or bad options.
 *
 * @example
 * columnPsi(encodeCategories(['a', 'a', 'b']), encodeCategories(['a', 'b', 'b'])).psi
 * // => 0.4621 (rounded): 2 · (1/3) · ln 2
 */
export function columnPsi(expected: Column, actual: Column, options: PsiOptions = {}, name = 'column'): PsiTable {
  checkColumn(expected, `expected ${name}`);
  checkColumn(actual, `actual ${name}`);
  if (expected.kind !== actual.kind) rejectArgument(name, `${name} must have the same kind in both samples; got ${expected.kind} and ${actual.kind}`, 'type the column the same way in both periods');
  if (expected.kind === 'number' && actual.kind === 'number') return psi(expected.values, actual.values, options);
  if (expected.kind !== 'category' || actual.kind !== 'category') throw new Error('unreachable');
  if (options.bins !== undefined || options.strategy !== undefined) rejectArgument('bins', `bins must be left out for category columns; got ${describeValue(options.bins ?? options.strategy)}`, 'categories are compared value by value');
  const { epsilon } = resolveBins(new Float64Array(0), options);
  const index = new Map<string, number>();
  const labels: { label: string; low: null; high: null }[] = [];
  const add = (v: string): number => {
    let k = index.get(v);
    if (k === undefined) {
      k = labels.length;
      index.set(v, k);
      labels.push({ label: v, low: null, high: null });
    }
    return k;
  };
  const expectedMap = expected.values.map(add);
  const actualMap = actual.values.map(add);
  const missing = labels.length;
  labels.push({ label: '(missing)', low: null, high: null });
  const e = new Float64Array(labels.length);
  const a = new Float64Array(labels.length);
  for (let i = 0; i < expected.codes.length; i++) e[expected.codes[i]! < 0 ? missing : expectedMap[expected.codes[i]!]!]!++;
  for (let i = 0; i < actual.codes.length; i++) a[actual.codes[i]! < 0 ? missing : actualMap[actual.codes[i]!]!]!++;
  return psiFromCounts(labels, e, a, epsilon);
}

/**
 * PSI of every feature in `expected` against the same-named column of `actual`: a table sorted by
 * PSI, largest first (ties by name), and the per-bin table of each feature.
 * Complexity: the sum of {@link columnPsi} over features.
 * @throws LeadcalError `option_invalid` when a feature is missing from actual or the kinds differ.
 *
 * @example
 * featurePsi({ industry: q1.industry, employees: q1.employees }, { industry: q2.industry, employees: q2.employees }).features[0]
 * // => { feature: 'employees', kind: 'number', bins: 10, psi: 0.31, band: 'shift' }
 */
export function featurePsi(expected: Record<string, Column>, actual: Record<string, Column>, options: PsiOptions = {}): { features: FeaturePsiRow[]; tables: Record<string, PsiTable> } {
  if (typeof expected !== 'object' || expected === null) rejectArgument('expected', `expected must be a map from feature name to column; got ${describeValue(expected)}`, 'e.g. { industry: column, employees: column }');
  if (typeof actual !== 'object' || actual === null) rejectArgument('actual', `actual must be a map from feature name to column; got ${describeValue(actual)}`, 'e.g. { industry: column, employees: column }');
  const features: FeaturePsiRow[] = [];
  const tables: Record<string, PsiTable> = {};
  for (const [name, column] of Object.entries(expected)) {
    const other = actual[name];
    if (other === undefined) rejectArgument(name, `actual must have every feature of expected; got no "${name}"`, 'pass the same features for both samples');
    // categories take no bins: leave them out for category columns
    const table = column?.kind === 'category' ? columnPsi(column, other, options.epsilon === undefined ? {} : { epsilon: options.epsilon }, name) : columnPsi(column, other, options, name);
    tables[name] = table;
    features.push({ feature: name, kind: column.kind, bins: table.bins.length, psi: table.psi, band: table.band });
  }
  features.sort((x, y) => y.psi - x.psi || (x.feature < y.feature ? -1 : x.feature > y.feature ? 1 : 0));
  return { features, tables };
}

function checkColumn(column: unknown, name: string): void {
  const c = column as { kind?: unknown; codes?: unknown; values?: unknown } | null;
  const ok = typeof c === 'object' && c !== null && ((c.kind === 'number' && c.values instanceof Float64Array) || (c.kind === 'category' && c.codes instanceof Int32Array && Array.isArray(c.values)));
  if (!ok) rejectArgument(name, `${name} must be a column ({ kind: 'number', values } or { kind: 'category', codes, values }); got ${describeValue(column)}`, 'use a column of history.leads.attributes, or encodeCategories');
  const rows = c!.kind === 'category' ? (c!.codes as Int32Array).length : (c!.values as Float64Array).length;
  if (rows === 0) rejectArgument(name, `${name} must have at least one row; got 0`, 'compare two non-empty samples');
  if (c!.kind === 'category') {
    const { codes, values } = c as { codes: Int32Array; values: unknown[] };
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]! < -1 || codes[i]! >= values.length) rejectArgument(name, `${name} codes must be −1 or an index into values; got ${codes[i]} at row ${i}`, 'dictionary codes, −1 for missing');
    }
  }
}
