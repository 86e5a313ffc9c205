/** The statsmodels / scikit-learn reference fits (scripts/fixtures/statsmodels_logit.py). */
import { readFileSync } from 'node:fs';
import type { DesignMatrix, LogisticOptions } from '../../src/logistic/logistic-types.js';

export interface FixtureDataset {
  name: string;
  n: number;
  fit_intercept: boolean;
  names: string[];
  columns: number[][];
  y: number[];
  weights: number[] | null;
  offset: number[] | null;
}

export interface UnpenalisedCase {
  dataset: string;
  source: string;
  coefficients: number[];
  standard_errors: number[];
  intercept: number;
  intercept_standard_error: number | null;
  log_likelihood: number;
}

export interface PenalisedCase {
  dataset: string;
  C: number;
  l2: number;
  coefficients: number[];
  intercept: number;
  standard_errors: number[];
  intercept_standard_error: number | null;
  lbfgs: { coefficients: number[]; intercept: number; iterations: number; max_abs_diff_from_optimum: number };
}

export interface LogitFixture {
  versions: Record<string, string>;
  datasets: FixtureDataset[];
  unpenalised: UnpenalisedCase[];
  l2: PenalisedCase[];
}

export const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/statsmodels/logit.json', import.meta.url), 'utf8'),
) as LogitFixture;

export function dataset(name: string): FixtureDataset {
  const d = fixture.datasets.find((x) => x.name === name);
  if (!d) throw new Error(`no fixture dataset ${name}`);
  return d;
}

export function designOf(d: FixtureDataset): DesignMatrix {
  return { rows: d.n, columns: d.columns.map((c) => Float64Array.from(c)), names: d.names };
}

/** Weights, offset and intercept setting of a dataset as fit options. */
export function optionsOf(d: FixtureDataset): LogisticOptions {
  return {
    fitIntercept: d.fit_intercept,
    ...(d.weights ? { weights: d.weights } : {}),
    ...(d.offset ? { offset: d.offset } : {}),
  };
}

/** Largest absolute difference between two equally long vectors. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
