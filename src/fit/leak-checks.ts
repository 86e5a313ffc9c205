/**
 * Leak checks. Point-in-time frames protect event data, but an export's attributes can be
 * written after the outcome (sales fills `Tags`, an `account` exists only once a deal closes).
 * Three signals, each named with its evidence and the fix (`--exclude FIELD`):
 * - an attribute that alone separates outcomes almost perfectly (its levels' smoothed conversion
 *   rates, used as a score, reach an AUC ≥ 0.9 on the frame);
 * - missingness that occurs only among open or only among closed leads;
 * - one fit rule that carries most of a good model's AUC (AUC ≥ 0.75, other rules present, and
 *   dropping it loses more than half of AUC − 0.5) — a modest model with one real signal is not
 *   suspicious, a strong one resting on one attribute is.
 * These are warnings, not proofs: the analyst decides.
 */
import { isIdentifierLike } from '../data/columns.js';
import type { History } from '../data/history.js';
import { attributeGroups, pct, type LeakWarning } from '../data/leak-missingness.js';
import type { Frame } from '../frame/frame.js';
import { rocAuc } from '../calibration/index.js';
import { aucKernel } from '../calibration/roc-auc.js';


/** AUC from which one attribute alone is suspicious. */
export const SEPARATION_AUC = 0.9;
/** Share of AUC − 0.5 one rule may carry before it is flagged (in a model of AUC ≥ CARRIED_AUC). */
export const CARRIED_SHARE = 0.5;
export const CARRIED_AUC = 0.75;


export { missingnessByOutcome, type LeakWarning } from '../data/leak-missingness.js';

/**
 * Attributes that alone separate the frame's outcomes almost perfectly. Levels' rates are
 * smoothed toward the base rate (10 pseudo-snapshots) so rare levels cannot fake a separation.
 * Complexity: O(snapshots + levels) per attribute.
 *
 * @example
 * separatingAttributes(history, frame)[0]?.column // => 'Tags'
 */
export function separatingAttributes(history: History, frame: Frame, fields = Object.keys(history.leads.attributes)): LeakWarning[] {
  const out: LeakWarning[] = [];
  if (frame.positives === 0 || frame.positives === frame.count) return out;
  const base = frame.positives / frame.count;
  for (const field of fields) {
    const column = history.leads.attributes[field];
    if (!column || isIdentifierLike(column, history.leads.count)) continue; // unique per lead: separates trivially, never fitted
    const g = attributeGroups(history, field);
    if (!g) continue;
    const k = g.names.length;
    const n = new Float64Array(k);
    const p = new Float64Array(k);
    for (let s = 0; s < frame.count; s++) {
      const j = g.group[frame.lead[s]!]!;
      n[j]!++;
      p[j]! += frame.label[s]!;
    }
    // the AUC of the snapshots scored by their level's rate, from the levels: a positive and a
    // negative row per level weighted by its counts (the same curve, integer counts: the same bits)
    const labels = new Uint8Array(2 * k), score = new Float64Array(2 * k), weight = new Float64Array(2 * k);
    for (let j = 0; j < k; j++) {
      const rate = (p[j]! + 10 * base) / (n[j]! + 10);
      labels[2 * j] = 1;
      score[2 * j] = rate;
      score[2 * j + 1] = rate;
      weight[2 * j] = p[j]!;
      weight[2 * j + 1] = n[j]! - p[j]!;
    }
    const auc = aucKernel(labels, score, weight);
    if (auc < SEPARATION_AUC) continue;
    // the evidence: the group holding the largest share of positives, and its rate
    let top = 0;
    for (let j = 1; j < k; j++) if (p[j]! > p[top]!) top = j;
    out.push({
      code: 'leak_suspected', column: field,
      message: `"${field}" alone separates outcomes almost perfectly (AUC ${auc.toFixed(3)} from its values' conversion rates; "${g.names[top]}" holds ${pct(p[top]! / frame.positives)} of conversions at a ${pct(p[top]! / Math.max(1, n[top]!))} rate): it may be written after the outcome`,
      hint: `check when "${field}" is filled in; if it is set by sales or after conversion, leave it out with --exclude ${field}`,
    });
  }
  return out;
}

/**
 * Fit rules that carry most of a model's AUC on a frame: AUC without the rule's points keeps
 * less than half of AUC − 0.5. `fitPoints[r][lead]` are the rule's points per lead;
 * `otherRules` counts the model's behaviour and decay rules.
 *
 * @example
 * dominantRules(frame, scores, compiled.fitPoints, compiled.fitIds)[0]?.column // => 'account'
 */
export function dominantRules(frame: Frame, scores: Float64Array, fitPoints: Float64Array[], fields: string[], otherRules = 0): LeakWarning[] {
  const out: LeakWarning[] = [];
  if (frame.positives === 0 || frame.positives === frame.count || fitPoints.length + otherRules < 2) return out;
  const auc = rocAuc(frame.label, scores);
  if (auc < CARRIED_AUC) return out;
  const without = new Float64Array(frame.count);
  fitPoints.forEach((points, r) => {
    for (let s = 0; s < frame.count; s++) without[s] = scores[s]! - points[frame.lead[s]!]!;
    const rest = rocAuc(frame.label, without);
    if (rest - 0.5 >= CARRIED_SHARE * (auc - 0.5)) return;
    const field = fields[r]!;
    out.push({
      code: 'leak_suspected', column: field,
      message: `the rule on "${field}" carries most of the model's AUC (${auc.toFixed(3)} with it, ${rest.toFixed(3)} without)`,
      hint: `a single attribute rarely predicts conversion this well; check that "${field}" is known before the outcome, else --exclude ${field}`,
    });
  });
  return out;
}
