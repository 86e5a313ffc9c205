/**
 * Does a frame see the conversions it is meant to predict? A snapshot is taken only while a
 * lead is open, so when most leads reach the target before their first snapshot (Olist: median
 * 14 days to `won`, first snapshot at 30 days) the frame keeps only the slow converters; and a
 * target that leads reach at creation (Maven: every opportunity starts past `sql`) leaves an
 * empty frame. `diagnoseFrame` measures both and proposes the frame that fits.
 */
import type { History } from '../data/history.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { quantileSorted } from '../stats/quantile.js';
import type { Issue } from '../errors.js';
import type { Frame, FrameSchedule } from './frame.js';

export interface FrameDiagnosis {
  /** Leads created before until that reach the target after their creation. */
  convertingLeads: number;
  /** Leads that reach the target at their creation (never open for this target). */
  convertedAtCreation: number;
  /** Converting leads that reached the target at or before their first snapshot time. */
  lostBeforeFirstSnapshot: number;
  /** Median days from creation to the target among converting leads (NaN when none). */
  medianDaysToTarget: number;
  /** Per funnel stage: leads reaching it after creation (to propose another target). */
  reachAfterCreation: Record<FunnelStage, number>;
  /** A frame problem worth stopping for, with the proposed fix; none when the frame is sound. */
  issue?: Omit<Issue, 'severity'>;
}

/** Share of converting leads a frame may lose before it refuses (or warns). */
export const LOST_CONVERSIONS_LIMIT = 0.5;

const fmt = (n: number): string => n.toLocaleString('en-US');

function firstSnapshot(schedule: FrameSchedule, createdMs: number): number {
  return schedule.kind === 'asOf' ? schedule.ms : createdMs + schedule.days * DAY_MS;
}

/**
 * Diagnose a frame: conversions lost before the first snapshot, and leads past the target at
 * creation. Complexity: O(leads log leads).
 *
 * @example
 * diagnoseFrame(history, frame).issue?.message
 * // => '832 of 842 leads that reach won do so before their first snapshot (median 14 days after creation) …'
 */
export function diagnoseFrame(history: History, frame: Frame): FrameDiagnosis {
  const { leads, outcomes } = history;
  const { target, schedule, untilMs } = frame.options;
  const reach = outcomes.reachMs[FUNNEL_STAGES.indexOf(target)]!;
  let converting = 0;
  let atCreation = 0;
  let lost = 0;
  const days: number[] = [];
  const reachAfterCreation = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStage, number>;
  for (let i = 0; i < leads.count; i++) {
    const created = leads.createdMs[i]!;
    if (!(created < untilMs)) continue;
    FUNNEL_STAGES.forEach((s, k) => {
      const r = outcomes.reachMs[k]![i]!;
      if (r > created && r <= untilMs) reachAfterCreation[s]++;
    });
    const r = reach[i]!;
    if (!(r <= untilMs)) continue;
    if (r <= created) { atCreation++; continue; }
    converting++;
    days.push((r - created) / DAY_MS);
    if (r <= firstSnapshot(schedule, created)) lost++;
  }
  days.sort((a, b) => a - b);
  const median = quantileSorted(days, 0.5); // NaN when no lead converts
  const out: FrameDiagnosis = { convertingLeads: converting, convertedAtCreation: atCreation, lostBeforeFirstSnapshot: lost, medianDaysToTarget: median, reachAfterCreation };
  const schedText = schedule.kind === 'every' ? `every ${schedule.days} days` : schedule.kind === 'asOfAge' ? `at age ${schedule.days} days` : 'at one as-of date';
  if (converting > 0 && lost / converting > LOST_CONVERSIONS_LIMIT) {
    // the largest whole as-of age (≥ 1 day) that loses at most 20% of the conversions, and
    // what it really keeps (less than 80% when many convert within the first day)
    const allowed = Math.floor(0.2 * days.length);
    const age = Math.max(1, Math.ceil(days[allowed] ?? 1) - 1);
    const kept = days.filter((d) => d > age).length / days.length;
    out.issue = {
      code: 'frame_loses_conversions', column: '--every',
      message: `${fmt(lost)} of ${fmt(converting)} leads that reach ${target} do so before their first snapshot (median ${median.toFixed(0)} days after creation; snapshots ${schedText}): the frame cannot learn from them`,
      hint: `take the snapshot earlier, e.g. --as-of-age ${age} (keeps ${Math.round(100 * kept)}% of conversions), or --every ${Math.max(1, Math.min(age, 7))}`,
    };
  } else if (frame.count === 0 || frame.positives === 0) {
    const better = FUNNEL_STAGES.filter((s) => s !== target && reachAfterCreation[s] > 0).sort((a, b) => reachAfterCreation[b] - reachAfterCreation[a])[0];
    const why = atCreation > 0 ? `${fmt(atCreation)} leads are already at or past ${target} when created` : `no lead reaches ${target} after its first snapshot`;
    out.issue = {
      code: 'frame_loses_conversions', column: '--target',
      message: `the frame has ${frame.count} snapshots and ${frame.positives} positives for target ${target}: ${why}`,
      hint: better ? `choose a stage leads reach after creation, e.g. --target ${better} (${fmt(reachAfterCreation[better])} leads reach it)` : 'check the outcomes table and the mapping of stages',
    };
  }
  return out;
}
