/**
 * What the fit says about each half-life, and what it offers when the data do not pin one down:
 * - the penalty's effect: the half-life refitted with λ = 0 (every weight and half-life
 *   re-optimised by the same Newton method, started from the penalised optimum) beside the one
 *   chosen, and the shift in standard errors of ln h;
 * - identification: a half-life at a bound of the search (1 or 3,650 days by default) or whose
 *   95% profile interval spans more than a factor HALF_LIFE_SPAN is "not identified", named with
 *   the behaviours it moves with (decayed columns correlated above MOVES_WITH);
 * - suggestions: tie such a group's half-lives (`--tie-half-lives a,b,c`: one shared half-life,
 *   each keeping its own weight) or drop the group's weakest behaviour (`--exclude x`: the
 *   smallest standardised weight |β|·sd).
 */
import { sparseCorrelation, sparseStandardDeviation } from '../stats/correlation.js';
import type { Issue } from '../errors.js';
import type { BehaviorPlan } from '../features/behaviors.js';
import { fitWeightsAndDecay, unpenalisedNewtonStep, type DecayFit, type DecayFitInput, type DecayFitState } from './decay-fit.js';

/** A half-life whose 95% interval spans more than this factor is not identified by the data. */
export const HALF_LIFE_SPAN = 10;
/** Behaviours whose decayed columns correlate above this move together. */
export const MOVES_WITH = 0.8;

/** How the unpenalised half-lives are found, in words (reported). */
export const UNPENALISED_METHOD = 'refit with λ = 0 from the penalised optimum (all weights and half-lives re-optimised; a single Newton step when it moves no ln h by more than 0.05 of its standard error)';

export interface HalfLifeFinding {
  label: string;
  event: string;
  halfLifeDays: number;
  /** 95% profile interval (NaN ends when intervals were skipped). */
  interval: [number, number];
  /** The half-life of the λ = 0 refit (equal to halfLifeDays when λ = 0; NaN when not computed). */
  unpenalisedDays: number;
  /** (ln h − ln h₀) / se(ln h): how far the penalty moved it, in its own standard errors (NaN when unknown). */
  shiftInStandardErrors: number;
  identified: boolean;
  /** Why not identified, in words. */
  why?: string;
  /** Behaviours whose decayed columns correlate above MOVES_WITH with this one. */
  movesWith: string[];
  /** Behaviours that share this half-life (`tieHalfLives`). */
  tiedWith?: string[];
}

/** An offer for a group of half-lives that are not identified: the flags to add to the same `leadcal fit`. */
export interface HalfLifeSuggestion {
  kind: 'tie' | 'drop';
  labels: string[];
  flags: string[];
  why: string;
}


/**
 * The half-lives of the same problem without the penalty. First one Newton step from the
 * penalised optimum p̂ on the unpenalised objective F₀ = F − penalty, with the Hessian the fit
 * already has: Δ = −(H − H_pen)⁻¹(∇F − ∇pen) over the free variables. The error of one Newton
 * step is of the order of the square of the step, so when every ln h moves by less than
 * ONE_STEP_SHIFT of its own standard error (and none crosses a bound of the search) that step is
 * the answer, at the cost of one factorisation; otherwise `fitWeightsAndDecay` with λ = 0,
 * warm-started at p̂ (every weight and half-life; at most UNPENALISED_ITERATIONS Newton steps).
 * When λ is already 0, or no half-life is fitted, the fit's own.
 *
 * @example
 * unpenalisedHalfLives(input, fit)[0] // => 3.1
 */
export function unpenalisedHalfLives(input: DecayFitInput, fit: DecayFit & { state?: DecayFitState }): Float64Array {
  // nothing to refit: no penalty, or no half-life fitted
  if ((input.l2 ?? 1) === 0 || input.fitHalfLives === false || !input.halfLives.some(Number.isFinite)) return Float64Array.from(fit.halfLives);
  const oneStep = fit.state && oneNewtonStep(fit.state, fit.standardErrors.logHalfLife);
  if (oneStep) return oneStep;
  const { onIteration: _progress, ...rest } = input;
  const free = fitWeightsAndDecay({
    ...rest, l2: 0, halfLives: Array.from(fit.halfLives, (h, b) => (Number.isFinite(input.halfLives[b]!) ? h : Infinity)),
    start: { intercept: fit.intercept, coefficients: [...fit.staticCoefficients, ...fit.behaviorCoefficients], halfLives: fit.halfLives },
    maxIterations: Math.min(UNPENALISED_ITERATIONS, input.maxIterations ?? UNPENALISED_ITERATIONS),
  });
  return free.halfLives;
}

/** The one-step λ = 0 estimate is kept when no ln h moves by more than this many of its standard errors. */
export const ONE_STEP_SHIFT = 0.05;

/** Newton steps allowed to the λ = 0 refit from the penalised optimum. */
export const UNPENALISED_ITERATIONS = 30;

/** The one-step λ = 0 half-lives, or undefined when the step is not small (see `unpenalisedHalfLives`). */
function oneNewtonStep(state: DecayFitState, seLogH: Float64Array): Float64Array | undefined {
  const { problem: prob, p } = state;
  const step = unpenalisedNewtonStep(state);
  if (!step) return undefined;
  const out = new Float64Array(prob.kb);
  for (let b = 0; b < prob.kb; b++) {
    const t = prob.thetaOf[b]!;
    if (t < 0) { out[b] = prob.halfLife(b, p); continue; }
    const th = p[t]! + step[t]!;
    if (!(th > prob.lower[t]! && th < prob.upper[t]!) && step[t] !== 0) return undefined;
    if (step[t] !== 0 && (!(seLogH[b]! > 0) || Math.abs(step[t]!) > ONE_STEP_SHIFT * seLogH[b]!)) return undefined;
    out[b] = Math.exp(th);
  }
  return out;
}

const fmt = (x: number): string => x.toPrecision(3);
const quote = (s: string): string => (/^[\w.,=:/@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Findings per fitted half-life, the `fit_not_identified` warnings and the suggestions (tie the
 * group, or drop its weakest behaviour), from a fit, its intervals and its unpenalised refit.
 *
 * @example
 * halfLifeFindings(plans, fit, intervals, unpenalised, [1, 3650], []).suggestions[0].flags // => ['--tie-half-lives', 'access,navigate,page_close']
 */
export function halfLifeFindings(
  plans: BehaviorPlan[], fit: DecayFit, intervals: [number, number][] | undefined, unpenalised: Float64Array | undefined,
  bounds: [number, number], groups: ArrayLike<number> | undefined,
): { findings: HalfLifeFinding[]; warnings: Omit<Issue, 'severity'>[]; suggestions: HalfLifeSuggestion[] } {
  const [hMin, hMax] = bounds;
  const findings: HalfLifeFinding[] = [];
  const warnings: Omit<Issue, 'severity'>[] = [];
  const fitted = plans.map((_, b) => Number.isFinite(fit.halfLives[b]!));
  // each pair of fitted behaviours' correlation once (it is symmetric)
  const k = plans.length;
  const corr = new Float64Array(k * k);
  for (let b = 0; b < k; b++) {
    for (let c = b + 1; c < k; c++) {
      if (fitted[b] && fitted[c]) corr[b * k + c] = corr[c * k + b] = sparseCorrelation(fit.behaviorColumns[b]!, fit.behaviorColumns[c]!, fit.eta.length);
    }
  }
  // union of each unidentified behaviour with the behaviours it moves with
  const parent = plans.map((_, b) => b);
  const root = (b: number): number => (parent[b] === b ? b : (parent[b] = root(parent[b]!)));
  const unidentified = new Set<number>();
  plans.forEach((p, b) => {
    if (!fitted[b]) return;
    const h = fit.halfLives[b]!;
    const [lo, hi] = intervals?.[b] ?? [NaN, NaN];
    const atBound = h <= hMin * (1 + 1e-6) || h >= hMax * (1 - 1e-6);
    const wide = Number.isFinite(lo) && Number.isFinite(hi) && hi / lo > HALF_LIFE_SPAN;
    const movesWith = plans.filter((_, c) => c !== b && fitted[c] && corr[b * k + c]! > MOVES_WITH).map((q) => q.label);
    const h0 = unpenalised?.[b] ?? NaN;
    const se = fit.standardErrors.logHalfLife[b]!;
    const tiedWith = groups && groups[b]! >= 0 ? plans.filter((_, c) => c !== b && groups[c] === groups[b]).map((q) => q.label) : [];
    const why = [atBound ? `${fmt(h)} days is at a bound of the search (${hMin}…${hMax} days)` : '', wide ? `its 95% interval ${fmt(lo)}…${fmt(hi)} days spans more than a factor ${HALF_LIFE_SPAN}` : ''].filter(Boolean).join(', and ');
    findings.push({
      label: p.label, event: p.event, halfLifeDays: h, interval: [lo, hi], unpenalisedDays: h0,
      shiftInStandardErrors: Number.isFinite(h0) && se > 0 ? (Math.log(h) - Math.log(h0)) / se : NaN,
      identified: !why, ...(why ? { why } : {}), movesWith, ...(tiedWith.length ? { tiedWith } : {}),
    });
    if (!why) return;
    unidentified.add(b);
    for (const label of movesWith) {
      const c = plans.findIndex((q) => q.label === label);
      parent[root(c)] = root(b);
    }
  });
  const suggestions: HalfLifeSuggestion[] = [];
  const done = new Set<number>();
  for (const b of unidentified) {
    const r = root(b);
    if (done.has(r)) continue;
    done.add(r);
    const members = plans.map((_, c) => c).filter((c) => root(c) === r);
    if (members.length < 2) continue;
    const labels = members.map((c) => plans[c]!.label);
    const strength = (c: number): number => Math.abs(fit.behaviorCoefficients[c]!) * sparseStandardDeviation(fit.behaviorColumns[c]!, fit.eta.length);
    const weakest = members.reduce((a, c) => (strength(c) < strength(a) ? c : a));
    const alreadyTied = groups !== undefined && members.every((c) => groups[c]! >= 0 && groups[c] === groups[members[0]!]);
    if (!alreadyTied) suggestions.push({ kind: 'tie', labels, flags: ['--tie-half-lives', labels.join(',')], why: `${labels.join(', ')} fire together: give them one shared half-life (each keeps its own points)` });
    suggestions.push({ kind: 'drop', labels: [plans[weakest]!.label], flags: ['--exclude', plans[weakest]!.label], why: `${plans[weakest]!.label} has the smallest standardised weight of the group (${fmt(strength(weakest))} log-odds per standard deviation): leave it out` });
  }
  for (const f of findings) {
    if (f.identified) continue;
    const b = plans.findIndex((q) => q.label === f.label);
    const offers = suggestions.filter((s) => s.labels.some((l) => root(plans.findIndex((q) => q.label === l)) === root(b)));
    warnings.push({
      code: 'fit_not_identified', column: f.label,
      message: `the half-life of ${f.label} is not identified: ${f.why}${f.movesWith.length ? `; it moves with ${f.movesWith.join(', ')}` : ''}${Number.isFinite(f.unpenalisedDays) ? ` (without the penalty: ${fmt(f.unpenalisedDays)} days)` : ''}`,
      hint: offers.length
        ? `${offers.map((s) => `${s.kind === 'tie' ? 'tie them' : `drop the weakest`}: add ${s.flags.map(quote).join(' ')} to the same leadcal fit`).join('; or ')}`
        : 'treat its half-life as unknown: fit on more history, or score the behaviour as a plain count (--no-decay)',
    });
  }
  return { findings, warnings, suggestions };
}
