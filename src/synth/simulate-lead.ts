/**
 * Simulation kernel: one lead, day by day from creation to the end of the period.
 *
 * Each day: latent interest decays towards its floor and may burst; the day's marketing
 * events ~ Poisson(interest × engagement × Σ base rates), split over behaviours by base
 * rate, at uniform whole-second times (no email events after an unsubscribe); behaviours
 * with `followsInterest: false` arrive at a constant rate instead. While the lead is open,
 * one check time u (a whole minute after the lead's day start) is drawn in the day; the
 * truth score at u (events strictly before u) decides MQL (score ≥ threshold) and SQL
 * (probability sigmoid(base + score)); otherwise the lead may be disqualified. After SQL
 * the funnel and sales activity follow (`convert-lead.ts`).
 */
import { MINUTES_PER_DAY, type CompiledTruth } from './compile-truth.js';
import { convertLead } from './convert-lead.js';
import type { RowSink, Scratch } from './event-buffer.js';
import type { Random } from '../random.js';
import type { SampledLead } from './sample-lead.js';
import type { TimestampFormatter } from './timestamp.js';
import { DAY_MS } from '../stats/days.js';

const SECONDS_PER_DAY = 86_400;

function pickCumulative(cumulative: Float64Array, target: number): number {
  const last = cumulative.length - 1;
  for (let i = 0; i < last; i += 1) if (target < (cumulative[i] ?? 0)) return i;
  return last;
}

/** sigmoid(−2.944) < 0.05: a cheap exact bound that skips the exp on most days. */
const CUT_PROBABILITY = 0.05;
const CUT_LOGIT = Math.log(CUT_PROBABILITY / (1 - CUT_PROBABILITY));

/** Is u < sigmoid(logit)? Exact; avoids `Math.exp` when u ≥ 0.05 and logit < logit(0.05). */
function converts(u: number, logit: number): boolean {
  if (u >= CUT_PROBABILITY && logit < CUT_LOGIT) return false;
  return u < 1 / (1 + Math.exp(-logit));
}

/** Appends the lead's marketing and sales events, merged in time order. */
function flushEvents(model: CompiledTruth, leadId: string, format: TimestampFormatter, scratch: Scratch, sink: RowSink): void {
  const { marketing, sales } = scratch;
  let i = 0;
  let j = 0;
  while (i < marketing.length || j < sales.length) {
    const takeSales = j < sales.length && (i >= marketing.length || (sales.times[j] ?? 0) < (marketing.times[i] ?? 0));
    const time = takeSales ? (sales.times[j] ?? 0) : (marketing.times[i] ?? 0);
    const code = takeSales ? (sales.codes[j] ?? 0) : (marketing.codes[i] ?? 0);
    if (takeSales) j += 1;
    else i += 1;
    sink.events.push([leadId, model.typeName[code] ?? '', format(time), model.page[code] ?? '', model.channel[code] ?? '']);
  }
}

/** The behaviours' effects at `atMs` under the planted drift, written into `out` (the truth's `behaviourEffectAt`). */
function effectsAt(model: CompiledTruth, atMs: number, out: Float64Array): void {
  out.set(model.effect);
  for (const d of model.drift) if (d.fromMs <= atMs) out[d.behaviour] = (out[d.behaviour] ?? 0) * d.factor;
}

/** Whole-second time of a constant-rate behaviour's next event after `fromMs`. */
function nextConstantMs(random: Random, fromMs: number, ratePerDay: number): number {
  if (!(ratePerDay > 0)) return Number.POSITIVE_INFINITY;
  return fromMs + Math.max(1000, Math.round(random.exponential(DAY_MS / ratePerDay) / 1000) * 1000);
}

/**
 * Simulates one lead from `createdMs` to `endMs`, appending its event and outcome rows.
 * Check times fall on whole minutes after the lead's day start, so the within-day decay
 * of D_b comes from a table instead of one `exp` per behaviour per day.
 *
 * @example
 * const model = compileTruth(defaultTruth);
 * const random = createRandom(1);
 * const sink = { events: [], outcomes: [] };
 * simulateLead(model, sampleLead(model, random), 'L000001', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1), random, createTimestampFormatter(), createScratch(model), sink);
 * sink.events.length > 0; // => true (usually)
 */
export function simulateLead(
  model: CompiledTruth, lead: SampledLead, leadId: string, createdMs: number, endMs: number,
  random: Random, format: TimestampFormatter, scratch: Scratch, sink: RowSink,
): void {
  const { truth, count, decayPerMs, dailyFactor, minuteFactor, isEmail, isUnsubscribe, constant } = model;
  const { interest, funnel } = truth;
  const { decayed, nextMs, day, marketing } = scratch;
  decayed.fill(0);
  marketing.length = 0;
  scratch.sales.length = 0;
  for (let c = 0; c < constant.length; c += 1) {
    const b = constant[c] ?? 0;
    nextMs[c] = nextConstantMs(random, createdMs, (model.baseRatePerDay[b] ?? 0) * lead.engagement);
  }
  // the effects in force at the day's check time: the truth's, or with planted drift a copy updated each day
  const effect = model.drift.length ? Float64Array.from(model.effect) : model.effect;
  let excess = interest.initial - interest.floor;
  let unsubscribed = false;
  let open = true;
  let isMql = false;
  for (let startMs = createdMs; startMs < endMs; startMs += DAY_MS) {
    if (startMs > createdMs) {
      excess *= model.interestDailyDecay;
      if (random.next() < interest.burstsPerDay) excess += random.exponential(interest.burstMean);
    }
    const level = Math.max(0, interest.floor + excess) * lead.engagement;
    const cumulative = unsubscribed ? model.cumulativeNoEmail : model.cumulativeAll;
    const total = unsubscribed ? model.totalNoEmail : model.totalAll;
    const drawn = random.poisson(level * total);
    const nextStartMs = startMs + DAY_MS;
    day.length = 0;
    for (let k = 0; k < drawn; k += 1) {
      const at = startMs + random.int(SECONDS_PER_DAY) * 1000;
      const code = pickCumulative(cumulative, random.next() * total);
      if (at < endMs) day.insertSorted(at, code);
    }
    for (let c = 0; c < constant.length; c += 1) {
      const b = constant[c] ?? 0;
      while ((nextMs[c] ?? 0) < nextStartMs) {
        const at = nextMs[c] ?? 0;
        if (at < endMs) day.insertSorted(at, b);
        nextMs[c] = nextConstantMs(random, at, (model.baseRatePerDay[b] ?? 0) * lead.engagement);
      }
    }
    // Keep the day's events, dropping email events after an unsubscribe.
    let kept = 0;
    for (let k = 0; k < day.length; k += 1) {
      const code = day.codes[k] ?? 0;
      if (unsubscribed && isEmail[code] === 1) continue;
      if (isUnsubscribe[code] === 1) unsubscribed = true;
      day.times[kept] = day.times[k] ?? 0;
      day.codes[kept] = code;
      kept += 1;
      marketing.push(day.times[k] ?? 0, code);
    }
    day.length = kept;
    if (!open) continue;
    const minute = random.int(MINUTES_PER_DAY);
    const checkMs = startMs + minute * 60_000;
    if (checkMs < endMs) {
      if (model.drift.length) effectsAt(model, checkMs, effect);
      let score = lead.attributeScore;
      for (let b = 0; b < count; b += 1) {
        const d = decayed[b] ?? 0;
        if (d !== 0) score += (effect[b] ?? 0) * d * (minuteFactor[b * MINUTES_PER_DAY + minute] ?? 0);
      }
      for (let k = 0; k < day.length; k += 1) {
        const at = day.times[k] ?? 0;
        if (at >= checkMs) break;
        const code = day.codes[k] ?? 0;
        if ((effect[code] ?? 0) !== 0) score += (effect[code] ?? 0) * Math.exp(-(decayPerMs[code] ?? 0) * (checkMs - at));
      }
      if (!isMql && score >= funnel.mqlScoreThreshold) {
        isMql = true;
        sink.outcomes.push([leadId, 'mql', format(checkMs)]);
      }
      if (converts(random.next(), truth.baseDailyLogit + score)) {
        open = false;
        convertLead(model, lead, leadId, checkMs, isMql, endMs, random, format, scratch, sink);
        continue;
      }
      if (random.next() < funnel.openDisqualifyHazardPerDay) {
        open = false;
        sink.outcomes.push([leadId, 'disqualified', format(checkMs)]);
        continue;
      }
    }
    // Advance the decayed sums to the next day's start (only effects ≠ 0 matter).
    for (let b = 0; b < count; b += 1) decayed[b] = (decayed[b] ?? 0) * (dailyFactor[b] ?? 1);
    for (let k = 0; k < day.length; k += 1) {
      const code = day.codes[k] ?? 0;
      if ((model.effect[code] ?? 0) === 0) continue;
      decayed[code] = (decayed[code] ?? 0) + Math.exp(-(decayPerMs[code] ?? 0) * (nextStartMs - (day.times[k] ?? 0)));
    }
  }
  flushEvents(model, leadId, format, scratch, sink);
}
