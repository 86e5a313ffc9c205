/**
 * Reason codes: the explanation of a score, condensed for sales. For each scored row, the K
 * rules that add most points and the K that cost most, each with the rule table's label for what
 * fired ("industry = software", "page_view where page = pricing", "each 30 days without any
 * activity") and its points; the rest of the explanation (base points, the decay floor and every
 * other rule) is one number, so that reasons + rest = score.
 *
 * The points are the explanation's own per-rule parts (`scoreParts` in `score.ts`, the `after`
 * values of `explainScore`), never a second scorer. Order: points descending (ascending for the
 * rules that cost), ties to the rule that comes first in the explanation (base, fit rules,
 * behaviour rules, decay rules, in model order) — the order the SQL export uses too. Rules
 * worth 0 points are never reasons; base points and the floor are never reasons (no rule of
 * the lead's fired to give them).
 */
import { LeadcalError } from '../errors.js';
import type { CompiledModel } from './compile.js';
import { behaviorCriterion, caseCriterion, decayCriterion } from './rule-table.js';
import { partCount, scoreParts, type ScoreTable } from './score.js';

export interface ReasonTable {
  /** Reasons per side (K). */
  k: number;
  count: number;
  /** Label texts; the label columns index them. */
  labels: string[];
  /** Row × k + rank: label index of the rank-th rule that adds most, −1 for none. */
  upLabel: Int32Array;
  /** Row × k + rank: its points (NaN for none). */
  upPoints: Float64Array;
  /** Row × k + rank: its rule id as an index into `rules`, −1 for none. */
  upRule: Int32Array;
  downLabel: Int32Array;
  downPoints: Float64Array;
  downRule: Int32Array;
  /** Rule ids: fit, behaviour, decay rules in model order. */
  rules: string[];
  /** Everything else in the explanation (base, floor, other rules), summed in explanation order. */
  rest: Float64Array;
}

/** Largest K accepted (a row has at most this many reason columns per side). */
export const MAX_REASONS = 50;

/**
 * Check a reason count: an integer from 1 to {@link MAX_REASONS}.
 *
 * @throws LeadcalError (`option_invalid`)
 * @example
 * checkReasonCount(3, '--reasons') // => 3
 */
export function checkReasonCount(k: unknown, column = 'k'): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_REASONS) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message: `the number of reasons must be an integer from 1 to ${MAX_REASONS}; got ${String(k)}`, hint: 'e.g. 3: the three rules that add most and the three that cost most' });
  }
  return k;
}

/**
 * Score (lead, t) pairs and condense each explanation into reason codes.
 * Complexity: the scorer's, plus O(rules × K) per row.
 *
 * @throws LeadcalError (`option_invalid`) when `k` is not an integer in [1, 50].
 * @example
 * const { scores, reasons } = scoreReasons(compiled, frame.lead, frame.asOfMs, 2);
 * reasons.labels[reasons.upLabel[0]!] // => 'page_view where page = pricing'
 */
export function scoreReasons(c: CompiledModel, lead: Int32Array, asOfMs: Float64Array, k: number): { scores: ScoreTable; reasons: ReasonTable } {
  checkReasonCount(k);
  const nf = c.fitPoints.length;
  const labels: string[] = [];
  const fitLabelStart = new Int32Array(nf);
  c.fitRules.forEach((rule, f) => {
    fitLabelStart[f] = labels.length;
    for (const cs of rule.cases) labels.push(caseCriterion(rule.field, cs));
  });
  const ruleLabelStart = labels.length;
  for (const b of c.behavior) labels.push(behaviorCriterion(b.rule));
  for (const d of c.decay) labels.push(decayCriterion(d.rule));
  const rules = [...c.fitIds, ...c.behavior.map((b) => b.id), ...c.decay.map((d) => d.id)];

  const n = lead.length;
  const out: ReasonTable = {
    k, count: n, labels, rules,
    upLabel: new Int32Array(n * k).fill(-1), upPoints: new Float64Array(n * k).fill(NaN), upRule: new Int32Array(n * k).fill(-1),
    downLabel: new Int32Array(n * k).fill(-1), downPoints: new Float64Array(n * k).fill(NaN), downRule: new Int32Array(n * k).fill(-1),
    rest: new Float64Array(n),
  };
  const last = partCount(c) - 1; // the floor
  const chosen = new Uint8Array(last + 1);
  const scores = scoreParts(c, lead, asOfMs, (row, parts) => {
    chosen.fill(0);
    const at = row * k;
    pick(parts, last, 1, out.upRule, out.upPoints, at, k, chosen);
    pick(parts, last, -1, out.downRule, out.downPoints, at, k, chosen);
    for (const [ruleOf, labelOf] of [[out.upRule, out.upLabel], [out.downRule, out.downLabel]] as const) {
      for (let j = at; j < at + k; j++) {
        const r = ruleOf[j]!;
        if (r < 0) continue;
        labelOf[j] = r < nf ? fitLabelStart[r]! + c.fitCases[r]![lead[row]!]! : ruleLabelStart + r - nf;
      }
    }
    let rest = 0;
    for (let p = 0; p <= last; p++) if (!chosen[p]) rest += parts[p]!;
    out.rest[row] = rest;
  });
  return { scores, reasons: out };
}

/**
 * The k parts of one sign with the largest |points| (ties to the lower part index) into
 * `ruleOut`/`pointsOut` at `at…at+k` as rule indexes (part − 1); marks them in `chosen`.
 * Parts 1 … last − 1 are rules; 0 (base) and `last` (floor) never are.
 */
function pick(parts: Float64Array, last: number, sign: 1 | -1, ruleOut: Int32Array, pointsOut: Float64Array, at: number, k: number, chosen: Uint8Array): void {
  let filled = 0;
  for (let p = 1; p < last; p++) {
    const v = parts[p]! * sign;
    if (!(v > 0)) continue;
    // insertion into the sorted slots: strictly larger moves ahead, so earlier parts win ties
    let j = filled;
    while (j > 0 && v > pointsOut[at + j - 1]! * sign) j--;
    if (j >= k) continue;
    const end = Math.min(filled, k - 1);
    for (let m = end; m > j; m--) {
      ruleOut[at + m] = ruleOut[at + m - 1]!;
      pointsOut[at + m] = pointsOut[at + m - 1]!;
    }
    ruleOut[at + j] = p - 1;
    pointsOut[at + j] = parts[p]!;
    if (filled < k) filled++;
  }
  for (let j = at; j < at + filled; j++) chosen[ruleOut[j]! + 1] = 1;
}
