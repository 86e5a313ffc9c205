/**
 * Qualification records (discovery-call forms) for a generated history, with a planted truth.
 * Generated after the other tables and from them, with their own seeded streams, so the leads,
 * events and outcomes of a seed are byte-identical with or without qualifications.
 *
 * Who gets a call: every lead that reached sql (a call 1 hour to `callLeadDays` before its
 * sql time, not before creation), and a share `nurtureCallShare` of the MQLs that never did (a
 * call 1 hour to 7 days after the mql, unless the lead was closed by then).
 *
 * The planted truth is a likelihood model: each criterion is truly met with probability
 * `metIfWon` for leads that were won and `metIfNotWon` for the others, independently given the
 * outcome. So a criterion matters exactly when the two differ; its log-likelihood ratio
 * ln(metIfWon / metIfNotWon) is its effect on the log-odds of winning. At the call each
 * criterion is recorded met / not_met, or is unknown with probability `unknownShare` (half of
 * the unknowns are written as `unknown`, half not at all). A share `followUpShare` of calls get
 * a follow-up 2 to `followUpDays` days later that reveals each unknown criterion with
 * probability `revealShare`.
 */
import { z } from 'zod';
import type { Table } from './columns.js';
import type { SynthHistory } from './generate.js';
import { createRandom, deriveSeed } from '../random.js';
import { createTimestampFormatter } from './timestamp.js';
import { DAY_MS, HOUR_MS } from '../stats/days.js';
import { parseTimestamp } from '../data/timestamp.js';

/** Sub-stream of the seed reserved for qualification records (leads use 1..N). */
const QUALIFICATION_STREAM = -0x5155_414c;

/** Columns of `qualifications.csv`, in order. */
export const QUALIFICATION_TABLE_COLUMNS = ['lead_id', 'occurred_at', 'criterion', 'value', 'notes'] as const;

const probability = z.number().min(0).max(1);

export const qualificationTruthSchema = z.strictObject({
  version: z.literal(1),
  nurtureCallShare: probability,
  callLeadDays: z.number().positive(),
  followUpShare: probability,
  followUpDays: z.number().min(2),
  revealShare: probability,
  criteria: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.strictObject({
    metIfWon: probability,
    metIfNotWon: probability,
    unknownShare: probability,
  })),
});

export type QualificationTruth = z.infer<typeof qualificationTruthSchema>;

const same = (p: number, unknownShare = 0.15): QualificationTruth['criteria'][string] => ({ metIfWon: p, metIfNotWon: p, unknownShare });

/**
 * The default planted truth: budget and economic buyer matter strongly, need, pain and
 * champion moderately, challenges weakly; every other criterion (timeline, competition,
 * authority …) not at all.
 *
 * @example
 * defaultQualificationTruth.criteria['timeline'] // => { metIfWon: 0.5, metIfNotWon: 0.5, unknownShare: 0.15 }
 */
export const defaultQualificationTruth: QualificationTruth = {
  version: 1,
  nurtureCallShare: 0.3,
  callLeadDays: 5,
  followUpShare: 0.3,
  followUpDays: 14,
  revealShare: 0.6,
  criteria: {
    budget: { metIfWon: 0.9, metIfNotWon: 0.3, unknownShare: 0.1 },
    authority: same(0.6),
    need: { metIfWon: 0.9, metIfNotWon: 0.55, unknownShare: 0.05 },
    timeline: same(0.5),
    challenges: { metIfWon: 0.75, metIfNotWon: 0.6, unknownShare: 0.1 },
    prioritization: same(0.45, 0.2),
    metrics: same(0.5, 0.2),
    economic_buyer: { metIfWon: 0.85, metIfNotWon: 0.25, unknownShare: 0.2 },
    decision_criteria: same(0.55, 0.2),
    decision_process: same(0.45, 0.25),
    identify_pain: { metIfWon: 0.85, metIfNotWon: 0.55, unknownShare: 0.1 },
    champion: { metIfWon: 0.7, metIfNotWon: 0.4, unknownShare: 0.25 },
    competition: same(0.4, 0.3),
    goals: same(0.6),
    plans: same(0.4, 0.2),
    negative_consequences: same(0.35, 0.3),
    positive_implications: same(0.5, 0.3),
  },
};

/** A generated history with its qualification records and their truth. */
export type QualifiedSynthHistory = SynthHistory & { qualifications: Table; qualificationTruth: QualificationTruth };

interface LeadOutcome {
  mqlMs: number;
  sqlMs: number;
  closedMs: number;
  won: boolean;
}

function outcomesByLead(outcomes: Table): Map<string, LeadOutcome> {
  const out = new Map<string, LeadOutcome>();
  for (const [id = '', stage = '', at = ''] of outcomes.rows) {
    let o = out.get(id);
    if (!o) out.set(id, (o = { mqlMs: Infinity, sqlMs: Infinity, closedMs: Infinity, won: false }));
    const ms = parseTimestamp(at);
    if (stage === 'mql') o.mqlMs = Math.min(o.mqlMs, ms);
    else if (stage === 'sql' || stage === 'opportunity' || stage === 'won') o.sqlMs = Math.min(o.sqlMs, ms);
    else o.closedMs = Math.min(o.closedMs, ms);
    if (stage === 'won') o.won = true;
  }
  return out;
}

/**
 * The `qualifications` table of a generated history (see the module header). Deterministic:
 * lead i draws from `createRandom(deriveSeed(deriveSeed(seed, QUALIFICATION_STREAM), i))`.
 *
 * Complexity: O(leads · criteria + outcomes).
 * @throws Error when the truth fails its schema
 * @example
 * generateQualifications(generateHistory({ leads: 500, seed: 7 })).header
 * // => ['lead_id', 'occurred_at', 'criterion', 'value', 'notes']
 */
export function generateQualifications(history: Pick<SynthHistory, 'leads' | 'outcomes' | 'endMs' | 'generator'>, truth: QualificationTruth = defaultQualificationTruth): Table {
  const checked = qualificationTruthSchema.safeParse(truth);
  if (!checked.success) throw new Error(`generateQualifications: truth is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const criteria = Object.entries(truth.criteria);
  const byLead = outcomesByLead(history.outcomes);
  const format = createTimestampFormatter();
  const streamSeed = deriveSeed(history.generator.seed, QUALIFICATION_STREAM);
  const rows: string[][] = [];
  const latent = new Uint8Array(criteria.length);
  const known = new Uint8Array(criteria.length);
  history.leads.rows.forEach(([id = '', createdText = ''], i) => {
    const o = byLead.get(id);
    if (!o) return;
    const random = createRandom(deriveSeed(streamSeed, i + 1));
    const createdMs = parseTimestamp(createdText);
    let callMs: number;
    if (o.sqlMs < Infinity) callMs = o.sqlMs - HOUR_MS - random.next() * (truth.callLeadDays * DAY_MS - HOUR_MS);
    else if (o.mqlMs < Infinity && random.next() < truth.nurtureCallShare) callMs = o.mqlMs + HOUR_MS + random.next() * (7 * DAY_MS - HOUR_MS);
    else return;
    callMs = Math.max(createdMs + 60_000, Math.round(callMs / 1000) * 1000);
    if (callMs >= history.endMs || callMs >= o.closedMs) return;
    criteria.forEach(([name, c], j) => {
      latent[j] = random.next() < (o.won ? c.metIfWon : c.metIfNotWon) ? 1 : 0;
      known[j] = random.next() < c.unknownShare ? 0 : 1;
      const writeUnknown = random.next() < 0.5;
      if (known[j]) rows.push([id, format(callMs), name, latent[j] ? 'met' : 'not_met', 'discovery call']);
      else if (writeUnknown) rows.push([id, format(callMs), name, 'unknown', 'discovery call']);
    });
    if (!(random.next() < truth.followUpShare)) return;
    const followMs = callMs + Math.round((2 * DAY_MS + random.next() * (truth.followUpDays - 2) * DAY_MS) / 1000) * 1000;
    if (followMs >= history.endMs || followMs >= o.closedMs) return;
    criteria.forEach(([name], j) => {
      if (!known[j] && random.next() < truth.revealShare) rows.push([id, format(followMs), name, latent[j] ? 'met' : 'not_met', 'follow-up']);
    });
  });
  return { header: [...QUALIFICATION_TABLE_COLUMNS], rows };
}

/**
 * A generated history with qualification records added (the other tables are untouched).
 *
 * @example
 * const history = addQualifications(generateHistory({ leads: 2000, seed: 7 }));
 * await writeHistory('out', history); // writes qualifications.csv and qualifications-truth.json too
 */
export function addQualifications(history: SynthHistory, truth: QualificationTruth = defaultQualificationTruth): QualifiedSynthHistory {
  return { ...history, qualifications: generateQualifications(history, truth), qualificationTruth: truth };
}
