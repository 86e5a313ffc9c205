/**
 * How conversion varies with ICP fit: a table by fit band with leads, conversions, rate and
 * Wilson interval (and a totals row), plus the same per ICP criterion (met vs missed).
 *
 * Measured leads: those observable for the whole horizon, created_at + horizon ≤ until (the
 * others are left out as censored, never counted as non-conversions). A lead converts when it
 * reaches the target stage (won by default; a later stage implies it) by created_at + horizon.
 */
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import { DAY_MS } from '../stats/days.js';
import { groupCount } from './group-count.js';
import type { IcpFit } from './icp-fit.js';

export interface IcpConversionOptions {
  /** Stage that counts as a conversion (default won). */
  target?: FunnelStage;
  /** Days after creation within which the target must be reached (default 180). */
  horizonDays?: number;
  /** End of observation (default the history's untilMs). */
  untilMs?: number;
  /** Band edges on the 0–100 fit, increasing, from 0 to 100 (default 0, 20, 40, 60, 80, 100). */
  edges?: number[];
}

/** Leads, how many converted, the rate and its 95% Wilson interval (null when empty). */
export interface ConversionCount {
  leads: number;
  conversions: number;
  rate: number | null;
  interval: [number, number] | null;
}

function conversionCount(leads: number, conversions: number): ConversionCount {
  const g = groupCount(leads, conversions);
  return { leads, conversions, rate: g.rate, interval: g.interval };
}

export interface IcpBandRow extends ConversionCount {
  /** e.g. "40–60"; bands are [lower, upper), the last one [lower, 100]. */
  band: string;
  lower: number;
  upper: number;
}

export interface IcpCriterionRow {
  criterion: string;
  met: ConversionCount;
  missed: ConversionCount;
  /** Share of measured leads whose value was missing. */
  unknownShare: number | null;
}

export interface IcpConversionTable {
  target: FunnelStage;
  horizonDays: number;
  rows: IcpBandRow[];
  total: ConversionCount;
  criteria: IcpCriterionRow[];
  /** Leads not observable for the whole horizon. */
  censored: number;
}

const bad = (column: string, message: string, hint: string): never => {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
};

/**
 * Conversion by ICP-fit band and by criterion.
 *
 * @throws {LeadcalError} option_invalid on a bad target, horizon or edges
 * Complexity: O(leads · (bands + criteria)).
 * @example
 * icpConversion(history, icpFit(history, icp)).rows.map((r) => r.rate)
 * // => [0.01, 0.02, 0.04, 0.07, 0.11] (rising with fit when the ICP is right)
 */
export function icpConversion(history: History, fit: IcpFit, options: IcpConversionOptions = {}): IcpConversionTable {
  const target = options.target ?? 'won';
  const horizonDays = options.horizonDays ?? 180;
  const untilMs = options.untilMs ?? history.untilMs;
  const edges = options.edges ?? [0, 20, 40, 60, 80, 100];
  if (!(FUNNEL_STAGES as readonly string[]).includes(target)) bad('--target', `target must be one of ${FUNNEL_STAGES.join(', ')}; got "${target}"`, 'e.g. --target won');
  if (!(horizonDays > 0) || !Number.isFinite(horizonDays)) bad('--horizon', `horizon must be a positive number of days; got ${horizonDays}`, 'e.g. --horizon 180');
  if (edges.length < 2 || edges[0] !== 0 || edges[edges.length - 1] !== 100 || edges.some((e, b) => b > 0 && !(e > edges[b - 1]!))) {
    bad('--bands', `band edges must increase from 0 to 100; got ${edges.join(', ')}`, 'e.g. --bands 0,50,80,100');
  }
  const reach = history.outcomes.reachMs[FUNNEL_STAGES.indexOf(target)]!;
  const created = history.leads.createdMs;
  const horizonMs = horizonDays * DAY_MS;
  const k = edges.length - 1;
  const m = fit.icp.criteria.length;
  const bandLeads = new Float64Array(k);
  const bandConversions = new Float64Array(k);
  const crit = new Float64Array(m * 5); // met, met conversions, missed, missed conversions, unknown
  let censored = 0;
  for (let i = 0; i < created.length; i++) {
    if (created[i]! + horizonMs > untilMs) {
      censored++;
      continue;
    }
    const y = reach[i]! <= created[i]! + horizonMs ? 1 : 0;
    let b = 0;
    while (b < k - 1 && fit.fit[i]! >= edges[b + 1]!) b++;
    bandLeads[b]!++;
    bandConversions[b]! += y;
    for (let j = 0; j < m; j++) {
      const slot = j * 5 + ((fit.missed[i]! >>> j) & 1 ? 2 : 0);
      crit[slot]!++;
      crit[slot + 1]! += y;
      crit[j * 5 + 4]! += (fit.unknown[i]! >>> j) & 1;
    }
  }
  const rows = Array.from({ length: k }, (_, b): IcpBandRow => ({ band: `${edges[b]}–${edges[b + 1]}`, lower: edges[b]!, upper: edges[b + 1]!, ...conversionCount(bandLeads[b]!, bandConversions[b]!) }));
  const n = bandLeads.reduce((a, x) => a + x, 0);
  const criteria = fit.icp.criteria.map((c, j): IcpCriterionRow => ({
    criterion: c.name,
    met: conversionCount(crit[j * 5]!, crit[j * 5 + 1]!),
    missed: conversionCount(crit[j * 5 + 2]!, crit[j * 5 + 3]!),
    unknownShare: n > 0 ? crit[j * 5 + 4]! / n : null,
  }));
  return { target, horizonDays, rows, total: conversionCount(n, bandConversions.reduce((a, x) => a + x, 0)), criteria, censored };
}
