/**
 * What happens once a lead reaches sql: an mql row if it was never MQL (unless it skips
 * MQL), the sql row, then opportunity → won/lost or disqualified after exponential delays
 * of at least an hour, and sales calls/meetings strictly after the sql time. Rows at or after
 * the end of the period are cut (censored).
 */
import type { CompiledTruth } from './compile-truth.js';
import type { RowSink, Scratch } from './event-buffer.js';
import type { Random } from '../random.js';
import type { SampledLead } from './sample-lead.js';
import type { TimestampFormatter } from './timestamp.js';
import { DAY_MS, HOUR_MS } from '../stats/days.js';

/** Random delay with the given mean in days, whole seconds, at least one hour. */
function delayMs(random: Random, meanDays: number): number {
  return Math.max(HOUR_MS, Math.round(random.exponential(meanDays * DAY_MS) / 1000) * 1000);
}

/** Uniform whole-second time in [fromMs + 1 minute, max(toMs, fromMs + 1 minute)]. */
function timeAfter(random: Random, fromMs: number, toMs: number): number {
  const spanSeconds = Math.max(0, Math.floor((toMs - fromMs) / 1000) - 60);
  return fromMs + 60_000 + random.int(spanSeconds + 1) * 1000;
}

/**
 * Post-SQL funnel of a lead that converted at `sqlMs`: its outcome rows, plus sales
 * activity queued in `scratch.sales` (flushed with the marketing events by the kernel).
 *
 * @example
 * convertLead(model, lead, 'L000001', sqlMs, false, endMs, random, format, scratch, sink);
 * sink.outcomes.at(-1)?.[1]; // => 'won', 'lost', 'disqualified' or 'sql'/'opportunity' when censored
 */
export function convertLead(
  model: CompiledTruth, lead: SampledLead, leadId: string, sqlMs: number, isMql: boolean,
  endMs: number, random: Random, format: TimestampFormatter, scratch: Scratch, sink: RowSink,
): void {
  const funnel = model.truth.funnel;
  const outcome = (stage: string, ms: number): void => {
    if (ms < endMs) sink.outcomes.push([leadId, stage, format(ms)]);
  };
  if (!isMql && !(random.next() < funnel.skipMqlShare)) outcome('mql', sqlMs);
  outcome('sql', sqlMs);
  let salesEndMs: number;
  let opportunityMs = Number.NaN;
  if (random.next() < funnel.opportunityGivenSql) {
    opportunityMs = sqlMs + delayMs(random, funnel.sqlToOpportunityDays);
    const won = random.next() < funnel.wonGivenOpportunity[lead.segmentKey];
    salesEndMs = opportunityMs + delayMs(random, funnel.opportunityToCloseDays);
    outcome('opportunity', opportunityMs);
    outcome(won ? 'won' : 'lost', salesEndMs);
  } else {
    salesEndMs = sqlMs + delayMs(random, funnel.sqlToDisqualifiedDays);
    outcome('disqualified', salesEndMs);
  }
  const calls = 1 + random.poisson(funnel.salesCallsMean);
  for (let i = 0; i < calls; i += 1) {
    const at = timeAfter(random, sqlMs, salesEndMs);
    if (at < endMs) scratch.sales.insertSorted(at, model.count);
  }
  if (!Number.isNaN(opportunityMs)) {
    const meetings = 1 + random.poisson(funnel.meetingsMean);
    for (let i = 0; i < meetings; i += 1) {
      const at = timeAfter(random, opportunityMs, salesEndMs);
      if (at < endMs) scratch.sales.insertSorted(at, model.count + 1);
    }
  }
}

