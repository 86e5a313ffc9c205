/**
 * Line search for L-BFGS: find a step α along a descent direction d that satisfies the strong
 * Wolfe conditions (sufficient decrease and curvature), by bracketing and zooming with
 * safeguarded cubic interpolation (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
 * Algorithms 3.5 and 3.6). Near the optimum, differences in f drown in rounding while the
 * gradient is still accurate, so a step is also accepted under Hager & Zhang's approximate
 * Wolfe conditions (SIAM J. Optim. 16(1), 2005, eq. 4.1), which test decrease through the
 * slope; this is what lets the solver reach tight gradient tolerances.
 */

/** Objective: returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Sufficient-decrease and curvature constants (N&W's c₁ and c₂ for quasi-Newton methods). */
const C1 = 1e-4;
const C2 = 0.9;
/** Relative rise in f tolerated by the approximate Wolfe test (rounding allowance). */
const F_NOISE = 1e-10;
const MAX_EVALUATIONS = 30;

export interface LineSearchWork {
  /** On return: the accepted (or best) point and its gradient. */
  readonly xTrial: Float64Array;
  readonly gTrial: Float64Array;
  readonly xBest: Float64Array;
  readonly gBest: Float64Array;
}

export interface LineSearchResult {
  /** Whether the Wolfe (or approximate Wolfe) conditions hold at the returned point. */
  ok: boolean;
  step: number;
  /** f at the returned point (+Infinity when no trial was finite). */
  value: number;
  evaluations: number;
}

export function createLineSearchWork(p: number): LineSearchWork {
  return { xTrial: new Float64Array(p), gTrial: new Float64Array(p), xBest: new Float64Array(p), gBest: new Float64Array(p) };
}

/** Minimiser of the cubic through (a, fa, ga), (b, fb, gb) (N&W eq. 3.59); NaN when it has none. */
function cubicMinimiser(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (!(disc >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (gb + d2 - d1)) / (gb - ga + 2 * d2);
}

/**
 * Strong Wolfe line search from x along d. `f0` and `slope0 = ∇f(x)·d < 0` describe the start.
 * On return `work.xTrial`/`work.gTrial` hold the returned point: the accepted one when `ok`,
 * else the best one seen (with `value < f0` when any trial decreased f).
 */
export function strongWolfeSearch(
  fn: Objective,
  x: Float64Array,
  f0: number,
  slope0: number,
  d: Float64Array,
  step0: number,
  work: LineSearchWork,
): LineSearchResult {
  const { xTrial, gTrial, xBest, gBest } = work;
  const p = x.length;
  let evaluations = 0;
  let bestStep = 0;
  let bestValue = f0;

  const evaluate = (alpha: number): [number, number] => {
    for (let i = 0; i < p; i++) xTrial[i] = x[i]! + alpha * d[i]!;
    const f = fn(xTrial, gTrial);
    evaluations++;
    let slope = 0;
    for (let i = 0; i < p; i++) slope += gTrial[i]! * d[i]!;
    if (!Number.isFinite(f) || !Number.isFinite(slope)) return [Number.POSITIVE_INFINITY, Number.NaN];
    if (f < bestValue) {
      bestValue = f;
      bestStep = alpha;
      xBest.set(xTrial);
      gBest.set(gTrial);
    }
    return [f, slope];
  };
  const armijo = (alpha: number, f: number): boolean => f <= f0 + C1 * alpha * slope0;
  const strongCurvature = (slope: number): boolean => Math.abs(slope) <= -C2 * slope0;
  const approximateWolfe = (f: number, slope: number): boolean =>
    f <= f0 + F_NOISE * Math.abs(f0) && slope >= C2 * slope0 && slope <= (2 * C1 - 1) * slope0;
  const done = (alpha: number, f: number): LineSearchResult => ({ ok: true, step: alpha, value: f, evaluations });
  const fail = (): LineSearchResult => {
    if (bestStep > 0) {
      xTrial.set(xBest);
      gTrial.set(gBest);
    }
    return { ok: false, step: bestStep, value: bestStep > 0 ? bestValue : Number.POSITIVE_INFINITY, evaluations };
  };

  // Algorithm 3.6: shrink [lo, hi] (lo satisfies sufficient decrease) until a step passes.
  const zoom = (lo: number, fLo: number, gLo: number, hi: number, fHi: number, gHi: number): LineSearchResult => {
    while (evaluations < MAX_EVALUATIONS) {
      const left = Math.min(lo, hi);
      const width = Math.abs(hi - lo);
      if (width <= 1e-16 * Math.max(lo, hi)) break;
      let alpha = Number.isFinite(fHi) ? cubicMinimiser(lo, fLo, gLo, hi, fHi, gHi) : Number.NaN;
      if (!(alpha >= left + 0.1 * width && alpha <= left + 0.9 * width)) alpha = lo + 0.5 * (hi - lo);
      const [f, slope] = evaluate(alpha);
      if (!armijo(alpha, f) || f >= fLo) {
        if (Number.isFinite(f) && approximateWolfe(f, slope)) return done(alpha, f);
        hi = alpha;
        fHi = f;
        gHi = slope;
      } else {
        if (strongCurvature(slope) || approximateWolfe(f, slope)) return done(alpha, f);
        if (slope * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          gHi = gLo;
        }
        lo = alpha;
        fLo = f;
        gLo = slope;
      }
    }
    return fail();
  };

  // Algorithm 3.5: grow the step until the interval brackets an acceptable one.
  let prev = 0;
  let fPrev = f0;
  let gPrev = slope0;
  let alpha = step0;
  for (let i = 0; evaluations < MAX_EVALUATIONS; i++) {
    const [f, slope] = evaluate(alpha);
    if (!Number.isFinite(f)) return zoom(prev, fPrev, gPrev, alpha, f, slope);
    if (!armijo(alpha, f) || (i > 0 && f >= fPrev)) {
      if (approximateWolfe(f, slope)) return done(alpha, f);
      return zoom(prev, fPrev, gPrev, alpha, f, slope);
    }
    if (strongCurvature(slope) || approximateWolfe(f, slope)) return done(alpha, f);
    if (slope >= 0) return zoom(alpha, f, slope, prev, fPrev, gPrev);
    // Extrapolate: cubic step, kept between 1.1 and 10 times the last increment.
    const low = alpha + 1.1 * (alpha - prev);
    const high = alpha + 10 * (alpha - prev);
    let next = cubicMinimiser(prev, fPrev, gPrev, alpha, f, slope);
    if (!(next >= low)) next = Number.isNaN(next) ? high : low;
    if (next > high) next = high;
    prev = alpha;
    fPrev = f;
    gPrev = slope;
    alpha = next;
  }
  return fail();
}
