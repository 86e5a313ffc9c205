/**
 * The binning table of a fit (optbinning's `binning_table.build()`): per attribute, one row per
 * case of the rule the fit wrote — missing, each level or bin, other — with its snapshots,
 * events, event rate, weight of evidence, information value and points, and the attribute's IV
 * (the sum of its rows' IVs) and trend. Every training snapshot falls in exactly one case, so
 * each attribute's counts add up to the frame.
 *
 * WoE_j = ln(p_j / q_j), IV_j = (p_j − q_j)·WoE_j, with p_j, q_j the case's shares of events and
 * non-events (0.5 for an empty count: finite for a case with no events).
 * Reference: N. Siddiqi, "Credit Risk Scorecards" (Wiley, 2006), ch. 6; optbinning's BinningTable.
 */
import type { History } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import { attributeCases, resolveAttributeRule } from '../model/attribute-rule.js';
import type { AttributeRule } from '../model/schema.js';
import { ivTerm, woe, type BinTrend } from '../features/optimal-bins.js';
import type { AttributePlan } from './attribute-features.js';

export interface BinningRow {
  /** The case in words (`employees in [50, 1000)`, `industry = retail`, `industry is empty`). */
  label: string;
  case: 'missing' | 'level' | 'bin' | 'other';
  /** The reference group (0 points by construction). */
  reference?: boolean;
  count: number;
  events: number;
  eventRate: number;
  woe: number;
  iv: number;
  points: number;
}

export interface BinningTable {
  field: string;
  kind: 'levels' | 'bins';
  /** For a numeric column: read as bins or levels, and why. */
  reading?: string;
  trend?: BinTrend;
  /** Σ of the rows' IV. */
  iv: number;
  rows: BinningRow[];
  totals: { count: number; events: number };
}

/**
 * The binning table of each planned attribute over the training frame, with the points of the
 * rule the fit wrote (same field).
 * Complexity: O(leads + snapshots) per attribute.
 *
 * @example
 * binningTables(history, frame, plans, model.fit)[0].rows[1] // => { label: 'employees in [50, 1000)', count: 812, events: 97, eventRate: 0.119, woe: 0.21, iv: 0.009, points: 6, … }
 */
export function binningTables(history: History, frame: Frame, plans: AttributePlan[], rules: AttributeRule[]): BinningTable[] {
  return plans.map((plan) => {
    const rule = rules.find((r) => r.field === plan.field);
    const cases = rule ? resolveAttributeRule(rule, plan.field).cases : plan.resolved.cases;
    const caseOfLead = attributeCases(plan.resolved, history.leads.attributes[plan.field], history.leads.count);
    const n = new Float64Array(cases.length);
    const e = new Float64Array(cases.length);
    for (let s = 0; s < frame.count; s++) {
      const c = caseOfLead[frame.lead[s]!]!;
      n[c]!++;
      e[c]! += frame.label[s]!;
    }
    const totalE = frame.positives;
    const totalN = frame.count - frame.positives;
    const rows: BinningRow[] = [];
    let iv = 0;
    cases.forEach((c, k) => {
      if (n[k] === 0) return;
      const v = ivTerm(e[k]!, n[k]! - e[k]!, totalE, totalN);
      iv += v;
      rows.push({
        label: c.label, case: c.kind,
        ...(plan.caseFeature[k] === -1 && (c.kind === 'level' || c.kind === 'bin') ? { reference: true } : {}),
        count: n[k]!, events: e[k]!, eventRate: e[k]! / n[k]!,
        woe: woe(e[k]!, n[k]! - e[k]!, totalE, totalN), iv: v, points: c.points,
      });
    });
    return {
      field: plan.field,
      kind: plan.resolved.kind,
      ...(plan.reading ? { reading: `${plan.reading.as}: ${plan.reading.why}` } : {}),
      ...(plan.binning ? { trend: plan.binning.trend } : {}),
      iv,
      rows,
      totals: { count: frame.count, events: frame.positives },
    };
  });
}
