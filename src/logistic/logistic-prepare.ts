/**
 * Turns validated arguments into the reduced problem the solvers see. Locked coefficients
 * (lower = upper) and constant columns leave the parameter vector: their fixed contribution
 * moves into the offset, so the kernels only loop over columns whose coefficients move, and a
 * constant column can never make the Hessian singular.
 */
import type { LogisticData } from './logistic-kernel.js';
import type { CoefficientStatus, LogisticWarning } from './logistic-types.js';
import type { LogisticArguments } from './logistic-validate.js';

export interface PreparedLogistic {
  data: LogisticData;
  /** Original column index of each reduced coefficient. */
  columnOf: Int32Array;
  /** Per original column: `locked`, `dropped`, or `free` (bounds are resolved after the fit). */
  status: CoefficientStatus[];
  /** Per original column: the value of a locked or dropped coefficient. */
  fixed: Float64Array;
  /** Bounds and start of the reduced parameters (the intercept, last, is unbounded). */
  lower: Float64Array;
  upper: Float64Array;
  start: Float64Array;
  warnings: LogisticWarning[];
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** Whether column x takes a single value over the rows with positive weight (and which). */
function constantValue(x: Float64Array, w: Float64Array): number | undefined {
  let first = Number.NaN;
  for (let i = 0; i < x.length; i++) {
    if (w[i] === 0) continue;
    if (Number.isNaN(first)) first = x[i]!;
    else if (x[i] !== first) return undefined;
  }
  return first;
}

export function prepareLogistic(args: LogisticArguments): PreparedLogistic {
  const { n, k, columns, names, w, fitIntercept } = args;
  const status: CoefficientStatus[] = [];
  const fixed = new Float64Array(k);
  const kept: number[] = [];
  const warnings: LogisticWarning[] = [];
  for (let j = 0; j < k; j++) {
    if (args.lower[j] === args.upper[j]) {
      status.push('locked');
      fixed[j] = args.lower[j]!;
      continue;
    }
    const c = constantValue(columns[j]!, w);
    // A constant column duplicates the intercept (or, all zero, carries nothing at all).
    if (c !== undefined && (fitIntercept || c === 0)) {
      status.push('dropped');
      fixed[j] = clamp(0, args.lower[j]!, args.upper[j]!);
      warnings.push({
        code: 'constant_column',
        column: names[j]!,
        message: `column ${JSON.stringify(names[j])} is constant (${c} in every row with weight > 0), so its coefficient cannot be estimated; it is fixed at ${fixed[j]}`,
        hint: 'drop the column or check how the feature was built',
      });
      continue;
    }
    status.push('free');
    kept.push(j);
  }

  const offset = Float64Array.from(args.offset);
  for (let j = 0; j < k; j++) {
    if (status[j] === 'free' || fixed[j] === 0) continue;
    const x = columns[j]!;
    const c = fixed[j]!;
    for (let i = 0; i < n; i++) offset[i] = offset[i]! + c * x[i]!;
  }

  const kr = kept.length;
  const p = kr + (fitIntercept ? 1 : 0);
  const lower = new Float64Array(p).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(p).fill(Number.POSITIVE_INFINITY);
  const start = new Float64Array(p);
  for (let r = 0; r < kr; r++) {
    const j = kept[r]!;
    lower[r] = args.lower[j]!;
    upper[r] = args.upper[j]!;
    start[r] = clamp(args.start ? args.start.coefficients[j]! : 0, lower[r]!, upper[r]!);
  }
  if (fitIntercept) {
    if (args.start) start[kr] = args.start.intercept;
    else {
      // Log-odds of the weighted base rate, net of the mean offset.
      let positives = 0;
      let meanOffset = 0;
      for (let i = 0; i < n; i++) {
        positives += w[i]! * args.y[i]!;
        meanOffset += w[i]! * offset[i]!;
      }
      start[kr] = Math.log(positives / (args.totalWeight - positives)) - meanOffset / args.totalWeight;
    }
  }
  return {
    data: {
      n,
      k: kr,
      columns: kept.map((j) => columns[j]!),
      intercept: fitIntercept,
      y: args.y,
      w,
      offset,
      l2: args.l2,
      centre: args.l2Centre ? Float64Array.from(kept, (j) => args.l2Centre![j]!) : null,
      totalWeight: args.totalWeight,
    },
    columnOf: Int32Array.from(kept),
    status,
    fixed,
    lower,
    upper,
    start,
    warnings,
  };
}
