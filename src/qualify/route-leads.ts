/**
 * Routing at a moment: each lead's qualification state at t (records with occurred_at < t,
 * latest per criterion) decides qualified → pipeline, or not → nurture with the reason and
 * the missing criteria.
 *
 * Without `leadIds`, the leads routed are those still to decide at t with something to go on:
 * created before t, at least one record before t, not won and not closed (lost/disqualified)
 * at or before t.
 */
import { LeadcalError } from '../errors.js';
import { suggest } from '../suggest.js';
import type { History } from '../data/history.js';
import { FUNNEL_STAGES } from '../data/stages.js';
import { evaluateFramework, missingCriteria, nurtureReason, type MissingCriterion } from './evaluate-framework.js';
import type { Framework } from './framework.js';
import { qualificationStatesAt } from './qualification-states.js';
import type { Qualifications } from './qualifications.js';

export interface RouteRow {
  leadId: string;
  framework: string;
  qualified: boolean;
  route: 'pipeline' | 'nurture';
  /** Weighted score 0–100. */
  score: number;
  metCount: number;
  missing: MissingCriterion[];
  /** Why nurture ('' when qualified). */
  reason: string;
}

/**
 * Route leads at `asOfMs` under each framework (rows grouped by lead, frameworks in order).
 *
 * @throws {LeadcalError} option_invalid for an unknown lead id (with the nearest id)
 * @example
 * routeLeads(history, q, [bant], Date.UTC(2025, 5, 30))[0]
 * // => { leadId: 'L000042', framework: 'BANT', qualified: false, route: 'nurture', score: 75, metCount: 3, missing: […], reason: 'required not met: timeline (unknown)' }
 */
export function routeLeads(history: History, q: Qualifications, frameworks: Framework[], asOfMs: number, leadIds?: string[]): RouteRow[] {
  const { leads, outcomes } = history;
  const won = outcomes.reachMs[FUNNEL_STAGES.indexOf('won')]!;
  const rows: number[] = [];
  if (leadIds) {
    for (const id of leadIds) {
      const i = leads.index.get(id);
      if (i === undefined) {
        const near = suggest(id, leads.ids.slice(0, 10_000));
        throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--lead', message: `unknown lead_id "${id}"`, hint: near ? `did you mean "${near}"?` : 'give a lead_id of the leads table' });
      }
      rows.push(i);
    }
  } else {
    for (let i = 0; i < leads.count; i++) {
      const first = q.offsets[i]!;
      if (first === q.offsets[i + 1] || !(q.occurredMs[first]! < asOfMs)) continue;
      if (!(leads.createdMs[i]! < asOfMs) || outcomes.closedMs[i]! <= asOfMs || won[i]! <= asOfMs) continue;
      rows.push(i);
    }
  }
  const lead = Int32Array.from(rows);
  const states = qualificationStatesAt(q, lead, new Float64Array(lead.length).fill(asOfMs));
  const evaluations = frameworks.map((f) => evaluateFramework(f, states));
  const out: RouteRow[] = [];
  for (let k = 0; k < lead.length; k++) {
    for (const e of evaluations) {
      const qualified = e.qualified[k] === 1;
      out.push({
        leadId: leads.ids[lead[k]!]!,
        framework: e.framework.name,
        qualified,
        route: qualified ? 'pipeline' : 'nurture',
        score: e.score[k]!,
        metCount: e.metCount[k]!,
        missing: missingCriteria(e, k),
        reason: nurtureReason(e, k),
      });
    }
  }
  return out;
}
