/**
 * Which leads `leadcal qualify` measures, and with which outcome. The definition:
 *
 * - candidates: leads with at least one qualification record;
 * - each is evaluated once, at t = (time of its first record) + window (default 1 day, so the
 *   whole discovery call is in); its state uses records with occurred_at < t only;
 * - kept only while open at t, by the point-in-time frames' rule (`frame/censoring.ts`): created before t,
 *   target stage not reached at or before t, not closed (lost/disqualified) at or before t, and
 *   t + horizon ≤ until; otherwise left out (`notCreated`, `converted`, `closed`, `censored`,
 *   first reason that applies) — a censored lead is never counted as a loss;
 * - label (a "win") = 1 iff the lead reaches the target stage (`won` by default, or
 *   `opportunity`; a later stage implies it) in (t, t + horizon] (default horizon 180 days).
 */
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import { FUNNEL_STAGES } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { countLeftOut, KEPT, labelWithin, snapshotStatus, type LeftOut } from '../frame/censoring.js';
import type { Qualifications } from './qualifications.js';

/** Stages a qualification can be measured against. */
export const QUALIFY_TARGETS = ['won', 'opportunity'] as const;
export type QualifyTarget = (typeof QUALIFY_TARGETS)[number];

export interface QualificationCohortOptions {
  /** Stage that counts as a win (default won). */
  target?: QualifyTarget;
  /** Outcome window after t, in days (default 180). */
  horizonDays?: number;
  /** t = first record + this many days (default 1; must be > 0, records at t are not seen). */
  windowDays?: number;
  /** End of observation (default the history's untilMs). */
  untilMs?: number;
}

export interface ResolvedCohortOptions {
  target: QualifyTarget;
  horizonDays: number;
  windowDays: number;
  untilMs: number;
}

export interface QualificationCohort {
  count: number;
  lead: Int32Array;
  /** Evaluation time t of each measured lead. */
  asOfMs: Float64Array;
  /** 1 iff the target is reached in (t, t + horizon]. */
  label: Uint8Array;
  positives: number;
  /** Leads with at least one record (the candidates). */
  candidates: number;
  leftOut: LeftOut;
  options: ResolvedCohortOptions;
}

const bad = (column: string, message: string, hint: string): never => {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
};

/** Normalise and check cohort options ("X must be …; got Y"). */
export function resolveCohortOptions(history: History, options: QualificationCohortOptions = {}): ResolvedCohortOptions {
  const target = options.target ?? 'won';
  const horizonDays = options.horizonDays ?? 180;
  const windowDays = options.windowDays ?? 1;
  const untilMs = options.untilMs ?? history.untilMs;
  if (!(QUALIFY_TARGETS as readonly string[]).includes(target)) bad('--target', `target must be one of ${QUALIFY_TARGETS.join(', ')}; got "${target}"`, 'qualification is measured against opportunities or wins');
  if (!(horizonDays > 0) || !Number.isFinite(horizonDays)) bad('--horizon', `horizon must be a positive number of days; got ${horizonDays}`, 'e.g. --horizon 180');
  if (!(windowDays > 0) || !Number.isFinite(windowDays)) bad('--window', `window must be a positive number of days; got ${windowDays}`, 'e.g. --window 1 (records exactly at t are not seen)');
  if (!Number.isFinite(untilMs)) bad('--until', 'until must be a date (the history may be empty)', 'e.g. --until 2025-12-31');
  return { target, horizonDays, windowDays, untilMs };
}

/**
 * The measured leads: one row per lead with records that is open and observable at
 * t = first record + window. Pure; O(leads).
 *
 * @example
 * const cohort = qualificationCohort(history, qualifications, { target: 'won', horizonDays: 180 });
 * cohort.count + Object.values(cohort.leftOut).reduce((a, b) => a + b) // => cohort.candidates
 */
export function qualificationCohort(history: History, q: Qualifications, options: QualificationCohortOptions = {}): QualificationCohort {
  const resolved = resolveCohortOptions(history, options);
  const reach = history.outcomes.reachMs[FUNNEL_STAGES.indexOf(resolved.target)]!;
  const closed = history.outcomes.closedMs;
  const created = history.leads.createdMs;
  const horizonMs = resolved.horizonDays * DAY_MS;
  const windowMs = resolved.windowDays * DAY_MS;
  const leftOut: LeftOut = { notCreated: 0, converted: 0, closed: 0, censored: 0 };
  const lead: number[] = [];
  const asOf: number[] = [];
  const label: number[] = [];
  let candidates = 0;
  let positives = 0;
  for (let i = 0; i < history.leads.count; i++) {
    const first = q.offsets[i]!;
    if (first === q.offsets[i + 1]) continue;
    candidates++;
    const t = q.occurredMs[first]! + windowMs;
    const status = snapshotStatus(created[i]!, reach[i]!, closed[i]!, t, horizonMs, resolved.untilMs);
    if (status !== KEPT) countLeftOut(leftOut, status);
    else {
      const y = labelWithin(reach[i]!, t, horizonMs);
      lead.push(i);
      asOf.push(t);
      label.push(y);
      positives += y;
    }
  }
  return {
    count: lead.length,
    lead: Int32Array.from(lead),
    asOfMs: Float64Array.from(asOf),
    label: Uint8Array.from(label),
    positives,
    candidates,
    leftOut,
    options: resolved,
  };
}
