/**
 * Point-in-time frames: a history turned into labelled snapshots (lead, t).
 *
 * Semantics (the heart of correctness):
 * - a snapshot at t is kept only while the lead is open: created before t, not at or past the
 *   target stage at t, not closed (lost/disqualified) at or before t; and only if
 *   t + horizon ≤ until, otherwise it is censored: left out, never a negative (the rule is
 *   `censoring.ts`, shared with the qualification cohort);
 * - label = 1 iff the lead reaches the target stage (or a later one) in (t, t + horizon];
 * - features at t use only events with occurred_at < t (see `eventsBefore`).
 *
 * Candidates: `every` gives t = created + k·every for k = 1, 2, … while t ≤ until;
 * `asOfAge` gives t = created + days; `asOf` gives one t for every lead. `leftOut` counts the
 * candidates not kept, by the first reason that applies: `notCreated` (created at or after t),
 * `converted` (target reached at or before t), `closed`, `censored` (t + horizon > until). A lead
 * that converted or closed leaves the population: with `every` that reason is counted once per
 * lead, not once per later candidate.
 *
 * A history read from a flat labelled table (`history.flat`) has one frame whatever the
 * options say: a snapshot at age 1 day with a 1-day horizon, i.e. every lead once with its label.
 */
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import { FLAT_FRAME } from '../data/flat-table.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { checkFrameSize } from './frame-size.js';
import { countLeftOut, KEPT, labelWithin, snapshotStatus, type LeftOut } from './censoring.js';

export type { LeftOut };

export type FrameSchedule =
  | { kind: 'every'; days: number }
  | { kind: 'asOfAge'; days: number }
  | { kind: 'asOf'; ms: number };

export interface FrameOptions {
  /** Target stage (default sql). */
  target?: FunnelStage;
  /** Label window after t, in days (default 90). */
  horizonDays?: number;
  /** When snapshots are taken (default every 30 days). */
  schedule?: FrameSchedule;
  /** End of observation in epoch ms (default: the history's untilMs). */
  untilMs?: number;
  /** Refuse frames estimated larger than this (default 50,000,000 snapshots; see frame-size.ts). */
  maxSnapshots?: number;
}

export interface ResolvedFrameOptions {
  target: FunnelStage;
  horizonDays: number;
  schedule: FrameSchedule;
  untilMs: number;
}

export interface Frame {
  count: number;
  /** Lead index of each snapshot (snapshots are grouped by lead, in time order). */
  lead: Int32Array;
  /** Snapshot time t in epoch ms. */
  asOfMs: Float64Array;
  /** 1 iff the target stage is reached in (t, t + horizon]. */
  label: Uint8Array;
  positives: number;
  leftOut: LeftOut;
  options: ResolvedFrameOptions;
}

/** Normalise and check frame options ("X must be …; got Y"). */
export function resolveFrameOptions(history: History, options: FrameOptions = {}): ResolvedFrameOptions {
  // a flat labelled table has one frame: one snapshot per lead, its label observed
  const flat = history.flat;
  const target = options.target ?? flat?.target ?? 'sql';
  const horizonDays = flat ? FLAT_FRAME.horizonDays : options.horizonDays ?? 90;
  const schedule = flat ? FLAT_FRAME.schedule : options.schedule ?? { kind: 'every', days: 30 };
  const untilMs = options.untilMs ?? history.untilMs;
  const bad = (column: string, message: string, hint: string): never => {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
  };
  if (!(FUNNEL_STAGES as readonly string[]).includes(target)) bad('--target', `target must be one of ${FUNNEL_STAGES.join(', ')}; got "${target}"`, 'choose the stage that counts as a conversion');
  if (!(horizonDays > 0) || !Number.isFinite(horizonDays)) bad('--horizon', `horizon must be a positive number of days; got ${horizonDays}`, 'e.g. --horizon 90');
  if (schedule.kind !== 'asOf' && (!(schedule.days > 0) || !Number.isFinite(schedule.days))) bad(schedule.kind === 'every' ? '--every' : '--as-of-age', `days must be positive; got ${schedule.days}`, 'e.g. --every 30');
  if (schedule.kind === 'asOf' && !Number.isFinite(schedule.ms)) bad('--as-of', 'as-of must be a date', 'e.g. --as-of 2025-06-30');
  if (!Number.isFinite(untilMs)) bad('--until', 'until must be a date (the history may be empty)', 'e.g. --until 2025-12-31');
  return { target, horizonDays, schedule, untilMs };
}

/**
 * Build a point-in-time frame. Pure: a function of (history, options) only; `onProgress` (a
 * progress bar) hears the leads done every few thousand.
 * Complexity: O(leads + snapshots).
 *
 * @example
 * const frame = buildFrame(history, { target: 'sql', horizonDays: 60, schedule: { kind: 'every', days: 30 } });
 * frame.count // => number of open, labelable snapshots
 */
export function buildFrame(history: History, options: FrameOptions = {}, onProgress?: (leadsDone: number, leads: number) => void): Frame {
  const resolved = resolveFrameOptions(history, options);
  checkFrameSize(history, resolved.schedule, resolved.target, resolved.untilMs, options.maxSnapshots);
  const { leads, outcomes } = history;
  const reach = outcomes.reachMs[FUNNEL_STAGES.indexOf(resolved.target)]!;
  const closed = outcomes.closedMs;
  const horizonMs = resolved.horizonDays * DAY_MS;
  const until = resolved.untilMs;
  const leftOut: LeftOut = { notCreated: 0, converted: 0, closed: 0, censored: 0 };

  let cap = 1024;
  let lead = new Int32Array(cap);
  let asOf = new Float64Array(cap);
  let label = new Uint8Array(cap);
  let count = 0;
  let positives = 0;
  const push = (i: number, t: number, y: number): void => {
    if (count === cap) {
      cap *= 2;
      const l2 = new Int32Array(cap); l2.set(lead); lead = l2;
      const a2 = new Float64Array(cap); a2.set(asOf); asOf = a2;
      const y2 = new Uint8Array(cap); y2.set(label); label = y2;
    }
    lead[count] = i;
    asOf[count] = t;
    label[count] = y;
    positives += y;
    count++;
  };
  const classify = (i: number, t: number): number => snapshotStatus(leads.createdMs[i]!, reach[i]!, closed[i]!, t, horizonMs, until);

  const s = resolved.schedule;
  for (let i = 0; i < leads.count; i++) {
    if (onProgress && (i & 4095) === 0) onProgress(i, leads.count);
    if (s.kind === 'every') {
      const step = s.days * DAY_MS;
      const created = leads.createdMs[i]!;
      for (let k = 1; ; k++) {
        const t = created + k * step;
        if (t > until) break;
        const reason = classify(i, t);
        if (reason === KEPT) push(i, t, labelWithin(reach[i]!, t, horizonMs));
        else {
          countLeftOut(leftOut, reason);
          if (reason === 2 || reason === 3) break; // the lead has left the population
        }
      }
    } else {
      const t = s.kind === 'asOf' ? s.ms : leads.createdMs[i]! + s.days * DAY_MS;
      const reason = classify(i, t);
      if (reason === KEPT) push(i, t, labelWithin(reach[i]!, t, horizonMs));
      else countLeftOut(leftOut, reason);
    }
  }
  onProgress?.(leads.count, leads.count);
  return {
    count,
    lead: lead.slice(0, count),
    asOfMs: asOf.slice(0, count),
    label: label.slice(0, count),
    positives,
    leftOut,
    options: resolved,
  };
}

/** The stable JSON summary printed by `leadcal frame --json`. */
export function frameSummary(frame: Frame): { snapshots: number; positives: number; leftOut: LeftOut } {
  return { snapshots: frame.count, positives: frame.positives, leftOut: { ...frame.leftOut } };
}
