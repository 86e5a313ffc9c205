/**
 * A frame's size, estimated before it is built: an absurd schedule (`--every 0.0001`) or an end
 * of observation years after the data would otherwise allocate until the machine runs out of
 * memory. The estimate is the number of candidate snapshots (an upper bound of the kept ones):
 * with `every`, per lead ⌊(min(until, converted, closed) − created) / every⌋ + 1.
 */
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import type { FrameSchedule } from './frame.js';

/** Default `maxSnapshots`: about 650 MB of frame columns, far above a 1M-lead history's yearly frame. */
export const DEFAULT_MAX_SNAPSHOTS = 50_000_000;

/**
 * Upper bound of the candidate snapshots of a frame; stops counting once past `stopAt`.
 * Complexity: O(leads).
 *
 * @example
 * estimateSnapshots(history, { kind: 'every', days: 30 }, 'sql', history.untilMs) // => 24183
 */
export function estimateSnapshots(history: History, schedule: FrameSchedule, target: FunnelStage, untilMs: number, stopAt = Infinity): number {
  const { leads, outcomes } = history;
  if (schedule.kind !== 'every') return leads.count;
  const step = schedule.days * DAY_MS;
  const reach = outcomes.reachMs[FUNNEL_STAGES.indexOf(target)]!;
  let total = 0;
  for (let i = 0; i < leads.count && total <= stopAt; i++) {
    const end = Math.min(untilMs, reach[i]!, outcomes.closedMs[i]!);
    const span = end - leads.createdMs[i]!;
    if (span >= 0) total += Math.floor(span / step) + 1;
  }
  return total;
}

/**
 * Refuse a frame whose estimated size passes `maxSnapshots`.
 *
 * @throws {LeadcalError} `frame_too_large` with the estimate and what to change
 */
export function checkFrameSize(history: History, schedule: FrameSchedule, target: FunnelStage, untilMs: number, maxSnapshots = DEFAULT_MAX_SNAPSHOTS): void {
  const n = estimateSnapshots(history, schedule, target, untilMs, maxSnapshots);
  if (n <= maxSnapshots) return;
  throw new LeadcalError({
    code: 'frame_too_large', severity: 'error', column: '--max-snapshots',
    message: `the frame would have more than ${maxSnapshots.toLocaleString('en-US')} snapshots (${history.leads.count.toLocaleString('en-US')} leads, one every ${schedule.kind === 'every' ? schedule.days : '?'} days until ${new Date(untilMs).toISOString().slice(0, 10)})`,
    hint: 'take snapshots less often (--every 30), check --until and the dates in the data, or raise --max-snapshots if the memory is there',
  });
}
