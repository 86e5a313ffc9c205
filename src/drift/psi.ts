/**
 * Population stability index between an expected (reference) and an actual sample, as a table
 * per bin with a totals row and the usual reading band.
 */
import { binBounds, binOf, quantileEdges, uniformEdges } from './bin-edges.js';
import { checkEdges, checkFloat64, checkInteger, checkKeyword, describeValue, rejectArgument } from '../check-arguments.js';

/** Shares below this are raised to it before taking logs (an empty bin would give ±∞). */
export const PSI_EPSILON = 1e-4;

/** 'stable' below 0.10, 'moderate' from 0.10 to below 0.25, 'shift' from 0.25. */
export type PsiBand = 'stable' | 'moderate' | 'shift';

export interface PsiRow {
  /** "< 20", "[20, 40)", "≥ 80", a category, "(missing)" or "total". */
  bin: string;
  low: number | null;
  high: number | null;
  /** Counts and shares of all rows (missing included). */
  expected: number;
  actual: number;
  expectedShare: number;
  actualShare: number;
  /** (a − e) · ln(a / e), with a, e the shares raised to at least epsilon. */
  contribution: number;
}

export interface PsiTable {
  bins: PsiRow[];
  /** Totals: counts, shares (1) and contribution = psi. */
  total: PsiRow;
  psi: number;
  band: PsiBand;
  /** Interior edges used (empty for categories). */
  edges: number[];
  epsilon: number;
}

export interface PsiOptions {
  /** A bin count (default 10) or the interior edges themselves. */
  bins?: number | number[];
  /** With a count: 'quantile' of expected (default) or 'uniform' over expected's range. */
  strategy?: 'quantile' | 'uniform';
  /** Floor for shares in the contribution (default 1e-4). */
  epsilon?: number;
}

/**
 * Reading band of a PSI value: < 0.10 stable, < 0.25 moderate, otherwise shift.
 *
 * @example
 * psiBand(0.12) // => 'moderate'
 */
export function psiBand(value: number): PsiBand {
  return value < 0.1 ? 'stable' : value < 0.25 ? 'moderate' : 'shift';
}

/**
 * PSI = Σ over bins (aᵢ − eᵢ) · ln(aᵢ / eᵢ), with eᵢ, aᵢ the shares of the expected and actual
 * samples in bin i. Bins: `bins` edges as given, or `bins` (default 10) quantile bins of
 * expected (see {@link quantileEdges}; ties can merge bins). NaN values form a "(missing)" bin.
 * Empty bins: each share is raised to at least epsilon = 1e-4 before the difference and the log
 * (the common convention; shares in the table stay raw).
 *
 * Reference: Siddiqi (2006), Credit Risk Scorecards, ch. 8; Yurdakul (2018), "Statistical
 * properties of the population stability index", WMU dissertation.
 * Complexity: O((n + m) log n).
 * @throws LeadcalError `option_invalid` for non-Float64Array or infinite input, an empty sample,
 * a bad bin count, edges, strategy or epsilon.
 *
 * @example
 * psi(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 1, 1, 4), { bins: [2.5] }).psi
 * // => 0.2747 (rounded): (0.75 − 0.5)·ln(1.5) + (0.25 − 0.5)·ln(0.5)
 */
export function psi(expected: Float64Array, actual: Float64Array, options: PsiOptions = {}): PsiTable {
  checkSample(expected, 'expected');
  checkSample(actual, 'actual');
  const { edges, epsilon } = resolveBins(expected, options);
  const k = edges.length + 1;
  const e = new Float64Array(k + 1);
  const a = new Float64Array(k + 1);
  for (let i = 0; i < expected.length; i++) e[Number.isNaN(expected[i]!) ? k : binOf(edges, expected[i]!)]!++;
  for (let i = 0; i < actual.length; i++) a[Number.isNaN(actual[i]!) ? k : binOf(edges, actual[i]!)]!++;
  const labels: { label: string; low: number | null; high: number | null }[] = [];
  for (let b = 0; b < k; b++) labels.push(binBounds(edges, b));
  labels.push({ label: '(missing)', low: null, high: null });
  const table = psiFromCounts(labels, e, a, epsilon);
  table.edges = edges;
  return table;
}

/**
 * The PSI table from counts per bin. Bins empty in both samples are left out of the table.
 * Complexity: O(bins).
 */
export function psiFromCounts(labels: readonly { label: string; low: number | null; high: number | null }[], expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = PSI_EPSILON): PsiTable {
  let te = 0;
  let ta = 0;
  for (let b = 0; b < labels.length; b++) {
    te += expected[b]!;
    ta += actual[b]!;
  }
  const bins: PsiRow[] = [];
  let total = 0;
  for (let b = 0; b < labels.length; b++) {
    if (expected[b] === 0 && actual[b] === 0) continue;
    const es = expected[b]! / te;
    const as = actual[b]! / ta;
    const ef = Math.max(es, epsilon);
    const af = Math.max(as, epsilon);
    const contribution = (af - ef) * Math.log(af / ef);
    total += contribution;
    bins.push({ bin: labels[b]!.label, low: labels[b]!.low, high: labels[b]!.high, expected: expected[b]!, actual: actual[b]!, expectedShare: es, actualShare: as, contribution });
  }
  return {
    bins,
    total: { bin: 'total', low: null, high: null, expected: te, actual: ta, expectedShare: 1, actualShare: 1, contribution: total },
    psi: total,
    band: psiBand(total),
    edges: [],
    epsilon,
  };
}

function checkSample(values: unknown, name: string): void {
  const column = checkFloat64(values, name);
  if (column.length === 0) rejectArgument(name, `${name} must have at least one row; got 0`, 'compare two non-empty samples');
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (v === Infinity || v === -Infinity) rejectArgument(name, `${name} must hold finite numbers or NaN for missing; got ${v} at row ${i}`, 'cap or drop infinite values');
  }
}

/** Normalise bins/strategy/epsilon into edges. */
export function resolveBins(reference: Float64Array, options: PsiOptions, defaultCount = 10, name = 'bins'): { edges: number[]; epsilon: number } {
  if (typeof options !== 'object' || options === null) rejectArgument('options', `options must be an object; got ${describeValue(options)}`, 'e.g. { bins: 10 }');
  const epsilon = options.epsilon === undefined ? PSI_EPSILON : options.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 0.1)) rejectArgument('epsilon', `epsilon must be a number in (0, 0.1); got ${describeValue(epsilon)}`, 'the usual floor is 1e-4');
  const bins = options.bins ?? defaultCount;
  if (typeof bins !== 'number') {
    if (options.strategy !== undefined) rejectArgument('strategy', `strategy must be left out when edges are given; got ${describeValue(options.strategy)}`, 'give a bin count with a strategy, or the edges alone');
    return { edges: [...checkEdges(bins, name)], epsilon };
  }
  checkInteger(bins, name, 2, `e.g. ${name}: ${defaultCount}`);
  const strategy = options.strategy === undefined ? 'quantile' : checkKeyword(options.strategy, 'strategy', ['quantile', 'uniform'] as const);
  return { edges: strategy === 'quantile' ? quantileEdges(reference, bins) : uniformEdges(reference, bins), epsilon };
}
