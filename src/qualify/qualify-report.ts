/**
 * `leadcal qualify` as a library call: measure each framework on the cohort (see `cohort.ts`
 * for exactly which leads and outcomes), then search the recorded criteria for the subset
 * that predicts wins best on a seeded training split and check it on the holdout, next to
 * every framework's holdout AUC. Thin samples and likely typos are reported through `warn()`.
 */
import { suggest } from '../suggest.js';
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import type { LeftOut } from '../frame/frame.js';
import { createRandom } from '../random.js';
import { warn } from '../warnings.js';
import { qualificationCohort, type QualificationCohortOptions, type QualifyTarget } from './cohort.js';
import { evaluateFramework } from './evaluate-framework.js';
import { frameworkFromObject, type Framework } from './framework.js';
import { aucOrNull } from './group-count.js';
import { SMALL_SAMPLE } from './issue-codes.js';
import { measureFramework, type FrameworkMeasure } from './measure-framework.js';
import { qualificationStatesAt, type QualificationStates } from './qualification-states.js';
import { MET, type Qualifications } from './qualifications.js';
import { searchCriteria, stratifiedSplit, youdenMinMet, type SearchStep, type SplitRows } from './search-criteria.js';

export interface QualifyOptions extends QualificationCohortOptions {
  /** Pipeline volume for "captured at equal volume", as a share of measured leads (default 0.3). */
  volumeShare?: number;
  /** Seed of the train/holdout split (default 1). */
  seed?: number;
  /** Share of measured leads held out (default 0.3). */
  holdoutShare?: number;
  /** Most criteria in the recommended subset (default 6). */
  maxCriteria?: number;
  /** Least training-AUC gain for adding a criterion (default 0.005). */
  minGain?: number;
  /** Fewer wins than this among measured leads triggers a small-sample warning (default 30). */
  minWins?: number;
}

export interface CriteriaRecommendation {
  /** Recorded criteria chosen, in the order they were added. */
  criteria: string[];
  /** AUC of their met count on the holdout; null when it cannot be computed. */
  holdoutAuc: number | null;
  trainAuc: number | null;
  steps: SearchStep[];
  /** The subset as a framework (equal weights, qualified when at least minMet are met). */
  framework: Framework | null;
  split: { seed: number; holdoutShare: number; train: { leads: number; wins: number }; holdout: { leads: number; wins: number } };
}

export interface QualifyReport {
  target: QualifyTarget;
  horizonDays: number;
  windowDays: number;
  measured: { candidates: number; leads: number; wins: number; leftOut: LeftOut };
  frameworks: (FrameworkMeasure & { holdoutAuc: number | null })[];
  recommended: CriteriaRecommendation;
}

function check(ok: boolean, column: string, message: string, hint: string): void {
  if (!ok) throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

function checkNames(q: Qualifications, frameworks: Framework[]): void {
  const answered = new Set(frameworks.flatMap((f) => f.criteria.flatMap((c) => c.answeredBy)));
  const recorded = new Set(q.criteria);
  for (const name of q.criteria) {
    if (answered.has(name)) continue;
    const near = suggest(name, answered);
    if (near && !recorded.has(near)) warn({ code: 'mapping_invalid', file: q.file, column: 'criterion', message: `criterion "${name}" is not part of ${frameworks.map((f) => f.name).join(', ')}`, hint: `did you mean "${near}"? Rename it in the table or add it as an alias in a framework file` });
  }
  for (const f of frameworks) {
    for (const c of f.criteria) {
      if (c.answeredBy.some((name) => recorded.has(name))) continue;
      warn({ code: 'column_missing', ...(f.file === undefined ? {} : { file: f.file }), ...(c.line === undefined ? {} : { line: c.line }), column: c.id, message: `no qualification record answers criterion ${c.id} of ${f.name}: every lead counts it unknown`, hint: `record it as "${c.id}"${c.answeredBy.length > 1 ? ` (or ${c.answeredBy.slice(1).join(', ')})` : ''}, or add your name for it to aliases` });
    }
  }
}

function winsOf(labels: Uint8Array, rows: Int32Array): number {
  let w = 0;
  for (const r of rows) w += labels[r]!;
  return w;
}

function holdoutAuc(labels: Uint8Array, scores: ArrayLike<number>, rows: Int32Array): number | null {
  const y = new Uint8Array(rows.length);
  const s = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    y[i] = labels[r]!;
    s[i] = scores[r]!;
  });
  return rows.length ? aucOrNull(y, s) : null;
}

function recommend(states: QualificationStates, labels: Uint8Array, split: SplitRows, options: Required<Pick<QualifyOptions, 'maxCriteria' | 'minGain'>>): Omit<CriteriaRecommendation, 'split'> {
  const width = states.criteria.length;
  const met = new Uint8Array(states.value.length);
  for (let i = 0; i < met.length; i++) met[i] = states.value[i] === MET ? 1 : 0;
  const trainWins = winsOf(labels, split.train);
  if (trainWins === 0 || trainWins === split.train.length || width === 0) return { criteria: [], holdoutAuc: null, trainAuc: null, steps: [], framework: null };
  const search = searchCriteria(met, states.criteria, labels, split.train, options);
  if (search.criteria.length === 0) return { criteria: [], holdoutAuc: null, trainAuc: null, steps: [], framework: null };
  const codes = search.criteria.map((c) => states.criteria.indexOf(c));
  const count = new Float64Array(states.count);
  for (let k = 0; k < states.count; k++) for (const c of codes) count[k]! += met[k * width + c]!;
  const minMet = youdenMinMet(count, labels, split.train, codes.length);
  const framework = frameworkFromObject({
    name: 'recommended',
    description: `criteria chosen by forward selection on a training split; qualified when at least ${minMet} of ${codes.length} are met`,
    criteria: search.criteria.map((id) => ({ id })),
    rule: { requiredMet: 0, minMet },
  }, 'recommended');
  return { criteria: search.criteria, holdoutAuc: holdoutAuc(labels, count, split.holdout), trainAuc: search.trainAuc, steps: search.steps, framework };
}

/**
 * Measure frameworks on a history's qualification records and recommend a subset of criteria.
 *
 * @throws {LeadcalError} option_invalid on bad options or no framework
 * @example
 * const report = qualifyReport(history, qualifications, builtinFrameworks(), { target: 'won' });
 * report.frameworks[0].qualified // => { leads, wins, rate, interval }
 * report.recommended.criteria // => ['budget', 'economic_buyer', …]
 */
export function qualifyReport(history: History, q: Qualifications, frameworks: Framework[], options: QualifyOptions = {}): QualifyReport {
  const volumeShare = options.volumeShare ?? 0.3;
  const seed = options.seed ?? 1;
  const holdoutShare = options.holdoutShare ?? 0.3;
  const maxCriteria = options.maxCriteria ?? 6;
  const minGain = options.minGain ?? 0.005;
  const minWins = options.minWins ?? 30;
  check(frameworks.length > 0, '--framework', 'at least one framework is needed; got none', 'e.g. --framework BANT');
  check(volumeShare > 0 && volumeShare <= 1, '--volume', `volume must be a share in (0, 1]; got ${volumeShare}`, 'e.g. --volume 0.3');
  check(holdoutShare > 0 && holdoutShare < 1, '--holdout', `holdout must be a share in (0, 1); got ${holdoutShare}`, 'e.g. --holdout 0.3');
  check(Number.isSafeInteger(seed), '--seed', `seed must be an integer; got ${seed}`, 'e.g. --seed 1');
  check(Number.isInteger(maxCriteria) && maxCriteria >= 1, '--max-criteria', `max criteria must be an integer ≥ 1; got ${maxCriteria}`, 'e.g. --max-criteria 6');
  check(minGain >= 0 && Number.isFinite(minGain), 'minGain', `minGain must be a number ≥ 0; got ${minGain}`, 'e.g. 0.005');
  const cohort = qualificationCohort(history, q, options);
  checkNames(q, frameworks);
  const states = qualificationStatesAt(q, cohort.lead, cohort.asOfMs);
  const labels = cohort.label;
  const split = stratifiedSplit(labels, holdoutShare, createRandom(seed));
  const measures = frameworks.map((f) => {
    const evaluation = evaluateFramework(f, states);
    return { ...measureFramework(evaluation, labels, volumeShare), holdoutAuc: holdoutAuc(labels, evaluation.metCount, split.holdout) };
  });
  const holdoutWins = winsOf(labels, split.holdout);
  const { target } = cohort.options;
  if (cohort.positives < minWins) {
    warn({ code: SMALL_SAMPLE, message: `only ${cohort.positives} ${target} among ${cohort.count} measured leads: rates, lifts and the recommended subset are rough`, hint: 'lengthen the history, or use --target opportunity for more positives' });
  }
  if (holdoutWins < 10 || split.holdout.length - holdoutWins < 10) {
    warn({ code: SMALL_SAMPLE, message: `the holdout has ${holdoutWins} ${target} and ${split.holdout.length - holdoutWins} others: the holdout check is unreliable`, hint: 'use more history or a larger --holdout share' });
  }
  const recommended = recommend(states, labels, split, { maxCriteria, minGain });
  return {
    target,
    horizonDays: cohort.options.horizonDays,
    windowDays: cohort.options.windowDays,
    measured: { candidates: cohort.candidates, leads: cohort.count, wins: cohort.positives, leftOut: { ...cohort.leftOut } },
    frameworks: measures,
    recommended: {
      ...recommended,
      split: { seed, holdoutShare, train: { leads: split.train.length, wins: winsOf(labels, split.train) }, holdout: { leads: split.holdout.length, wins: holdoutWins } },
    },
  };
}
