/**
 * Apply a framework to point-in-time states: per row, the state of each framework criterion
 * (the latest record among the names that answer it), the met count, the weighted score and
 * whether the rule qualifies the lead; plus the words that explain a nurture decision.
 */
import { requiredNeeded, type Framework } from './framework.js';
import type { QualificationStates } from './qualification-states.js';
import { MET, NOT_MET } from './qualifications.js';

export interface FrameworkEvaluation {
  framework: Framework;
  count: number;
  /** state[k · criteria + j] of framework criterion j: UNKNOWN, MET or NOT_MET. */
  state: Uint8Array;
  /** Criteria met per row. */
  metCount: Int32Array;
  /** 100 · Σ weights of met criteria / Σ weights, per row. */
  score: Float64Array;
  /** 1 when the rule qualifies the row (route to pipeline), 0 for nurture. */
  qualified: Uint8Array;
}

/** Recorded codes answering each framework criterion, as CSR (codes, offsets). */
function answerCodes(framework: Framework, criteria: string[]): { codes: Int32Array; offsets: Int32Array } {
  const index = new Map(criteria.map((c, i) => [c, i]));
  const codes: number[] = [];
  const offsets = [0];
  for (const c of framework.criteria) {
    for (const name of c.answeredBy) {
      const code = index.get(name);
      if (code !== undefined) codes.push(code);
    }
    offsets.push(codes.length);
  }
  return { codes: Int32Array.from(codes), offsets: Int32Array.from(offsets) };
}

/**
 * Evaluate a framework on every row of a state matrix.
 *
 * Complexity: O(rows · answering names).
 * @example
 * const e = evaluateFramework(findFramework('bant'), states);
 * e.qualified[0] // => 1 when budget, authority, need and timeline were all met before t
 */
export function evaluateFramework(framework: Framework, states: QualificationStates): FrameworkEvaluation {
  const { codes, offsets } = answerCodes(framework, states.criteria);
  const m = framework.criteria.length;
  const width = states.criteria.length;
  const weight = Float64Array.from(framework.criteria, (c) => c.weight);
  const required = Uint8Array.from(framework.criteria, (c) => (c.required ? 1 : 0));
  const totalWeight = weight.reduce((a, b) => a + b, 0);
  const needed = requiredNeeded(framework);
  const { minScore, minMet } = framework.rule;
  const n = states.count;
  const state = new Uint8Array(n * m);
  const metCount = new Int32Array(n);
  const score = new Float64Array(n);
  const qualified = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    let met = 0;
    let metWeight = 0;
    let requiredMet = 0;
    for (let j = 0; j < m; j++) {
      let best = -1;
      let bestMs = -Infinity;
      for (let a = offsets[j]!; a < offsets[j + 1]!; a++) {
        const at = states.recordedMs[k * width + codes[a]!]!;
        if (at > bestMs) [best, bestMs] = [codes[a]!, at];
      }
      const s = best < 0 ? 0 : states.value[k * width + best]!;
      state[k * m + j] = s;
      if (s === MET) {
        met++;
        metWeight += weight[j]!;
        requiredMet += required[j]!;
      }
    }
    metCount[k] = met;
    score[k] = (100 * metWeight) / totalWeight;
    // a hair of tolerance so that 5/7 · 100 ≥ 71.42857… holds as written in the file
    qualified[k] = requiredMet >= needed && score[k]! >= minScore - 1e-9 && met >= minMet ? 1 : 0;
  }
  return { framework, count: n, state, metCount, score, qualified };
}

export interface MissingCriterion {
  criterion: string;
  label: string;
  state: 'not_met' | 'unknown';
  required: boolean;
}

/**
 * The framework criteria not met on row k (not met or unknown), required ones first.
 *
 * @example
 * missingCriteria(evaluation, 0) // => [{ criterion: 'budget', label: 'Budget', state: 'unknown', required: true }]
 */
export function missingCriteria(evaluation: FrameworkEvaluation, k: number): MissingCriterion[] {
  const { criteria } = evaluation.framework;
  const out: MissingCriterion[] = [];
  criteria.forEach((c, j) => {
    const s = evaluation.state[k * criteria.length + j]!;
    if (s !== MET) out.push({ criterion: c.id, label: c.label, state: s === NOT_MET ? 'not_met' : 'unknown', required: c.required });
  });
  return out.sort((a, b) => Number(b.required) - Number(a.required));
}

/**
 * Why row k goes to nurture, in words ('' when it is qualified).
 *
 * @example
 * nurtureReason(evaluation, 0) // => 'required not met: budget (not met), timeline (unknown)'
 */
export function nurtureReason(evaluation: FrameworkEvaluation, k: number): string {
  if (evaluation.qualified[k] === 1) return '';
  const f = evaluation.framework;
  const missing = missingCriteria(evaluation, k);
  const word = (m: MissingCriterion): string => `${m.criterion} (${m.state === 'not_met' ? 'not met' : 'unknown'})`;
  const reasons: string[] = [];
  const requiredMissing = missing.filter((m) => m.required);
  const requiredCount = f.criteria.filter((c) => c.required).length;
  if (requiredCount - requiredMissing.length < requiredNeeded(f)) reasons.push(`required not met: ${requiredMissing.map(word).join(', ')}`);
  const score = evaluation.score[k]!;
  if (score < f.rule.minScore - 1e-9) reasons.push(`score ${score.toFixed(0)} < ${f.rule.minScore}, missing ${missing.filter((m) => !m.required).map(word).join(', ') || 'none'}`);
  const met = evaluation.metCount[k]!;
  if (met < f.rule.minMet) reasons.push(`${met} met < ${f.rule.minMet}`);
  return reasons.join('; ');
}
