// Reference values made by reference/stats.py (numpy 2.4.6, scipy 1.17.1).
import { readFileSync } from 'node:fs';

export interface StatsReference {
  logistic: { x: number; sigmoid: number; softplus: number; logSigmoid: number }[];
  quantiles: { name: string; values: number[]; p: number; quantile: number }[];
  wilson: { successes: number; trials: number; low: number; high: number }[];
  decay: { halfLifeDays: number; ages: number[]; value: number; dLogH: number; d2LogH: number }[];
}

export const reference = JSON.parse(readFileSync(new URL('./reference/stats.json', import.meta.url), 'utf8')) as StatsReference;

/** |got − want| ≤ tol · max(1, |want|). */
export function close(got: number, want: number, tol: number): boolean {
  return Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));
}
