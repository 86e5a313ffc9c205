/**
 * Turns a validated truth into the flat arrays the simulation kernel loops over, so the
 * hot loop never touches option objects or records.
 */
import { CATEGORICAL_ATTRIBUTES, CHANNEL_BY_TYPE, EMAIL_EVENT_TYPES, type CategoricalAttribute } from './columns.js';
import type { SynthTruth } from './truth.js';
import { DAY_MS } from '../stats/days.js';
import { parseTimestamp } from '../data/timestamp.js';

/** Check times fall on whole minutes after a lead's day start; see `simulate-lead.ts`. */
export const MINUTES_PER_DAY = 1440;

/** One categorical attribute as parallel arrays over its levels. */
export interface CompiledAttribute {
  readonly name: CategoricalAttribute;
  readonly missingShare: number;
  readonly levels: readonly string[];
  readonly shares: Float64Array;
  readonly engagement: Float64Array;
}

/** Behaviour arrays indexed by behaviour; sales activity uses the two codes after them. */
export interface CompiledTruth {
  readonly truth: SynthTruth;
  readonly attributes: readonly CompiledAttribute[];
  /** Number of marketing behaviours; code `count` is sales_call, `count + 1` is meeting. */
  readonly count: number;
  readonly typeName: readonly string[];
  readonly page: readonly string[];
  readonly channel: readonly string[];
  readonly effect: Float64Array;
  /** ln 2 / half-life, per millisecond. */
  readonly decayPerMs: Float64Array;
  /** 2^(−1 / halfLifeDays): one day of decay. */
  readonly dailyFactor: Float64Array;
  readonly isEmail: Uint8Array;
  readonly isUnsubscribe: Uint8Array;
  /** exp(−ln 2 · minute / half-life) at [b · 1440 + minute]: decay within a day. */
  readonly minuteFactor: Float64Array;
  /** Behaviours whose rate ignores interest (drawn as a constant-rate Poisson process). */
  readonly constant: Int32Array;
  /** Base rate per day of each behaviour. */
  readonly baseRatePerDay: Float64Array;
  /** Cumulative interest-driven base rates, and the same with email behaviours zeroed. */
  readonly cumulativeAll: Float64Array;
  readonly cumulativeNoEmail: Float64Array;
  readonly totalAll: number;
  readonly totalNoEmail: number;
  /** exp(−ln 2 / interest half-life): daily decay of interest above the floor. */
  readonly interestDailyDecay: number;
  /** Planted drift, per entry: behaviour index, start (epoch ms) and factor on its effect. */
  readonly drift: readonly { behaviour: number; fromMs: number; factor: number }[];
}

function cumulative(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  values.forEach((value, i) => {
    sum += value;
    out[i] = sum;
  });
  return out;
}

/**
 * Compiles a truth for the simulation kernel.
 *
 * @example
 * compileTruth(defaultTruth).count; // => 13
 */
export function compileTruth(truth: SynthTruth): CompiledTruth {
  const attributes = CATEGORICAL_ATTRIBUTES.map((name): CompiledAttribute => {
    const levels = Object.entries(truth.attributes[name].levels);
    return {
      name,
      missingShare: truth.attributes[name].missingShare,
      levels: levels.map(([level]) => level),
      shares: Float64Array.from(levels.map(([, level]) => level.share)),
      engagement: Float64Array.from(levels.map(([, level]) => level.engagement ?? 1)),
    };
  });
  const behaviours = truth.behaviours;
  const follows = behaviours.map((b) => b.followsInterest !== false);
  const rates = behaviours.map((b, i) => (follows[i] ? b.baseRatePerDay : 0));
  const ratesNoEmail = behaviours.map((b, i) => (EMAIL_EVENT_TYPES.has(b.type) ? 0 : (rates[i] ?? 0)));
  const decayPerMs = Float64Array.from(behaviours.map((b) => Math.LN2 / (b.halfLifeDays * DAY_MS)));
  const minuteFactor = new Float64Array(behaviours.length * MINUTES_PER_DAY);
  decayPerMs.forEach((rate, b) => {
    for (let m = 0; m < MINUTES_PER_DAY; m += 1) minuteFactor[b * MINUTES_PER_DAY + m] = Math.exp(-rate * m * 60_000);
  });
  const cumulativeAll = cumulative(rates);
  const cumulativeNoEmail = cumulative(ratesNoEmail);
  return {
    truth,
    attributes,
    count: behaviours.length,
    typeName: [...behaviours.map((b) => b.type), 'sales_call', 'meeting'],
    page: [...behaviours.map((b) => b.page ?? ''), '', ''],
    channel: [...behaviours.map((b) => CHANNEL_BY_TYPE[b.type] ?? ''), CHANNEL_BY_TYPE['sales_call'] ?? '', CHANNEL_BY_TYPE['meeting'] ?? ''],
    effect: Float64Array.from(behaviours.map((b) => b.effect)),
    decayPerMs,
    minuteFactor,
    constant: Int32Array.from(behaviours.flatMap((_, i) => (follows[i] ? [] : [i]))),
    baseRatePerDay: Float64Array.from(behaviours.map((b) => b.baseRatePerDay)),
    dailyFactor: Float64Array.from(behaviours.map((b) => 2 ** (-1 / b.halfLifeDays))),
    isEmail: Uint8Array.from(behaviours.map((b) => (EMAIL_EVENT_TYPES.has(b.type) ? 1 : 0))),
    isUnsubscribe: Uint8Array.from(behaviours.map((b) => (b.type === 'unsubscribe' ? 1 : 0))),
    cumulativeAll,
    cumulativeNoEmail,
    totalAll: cumulativeAll[cumulativeAll.length - 1] ?? 0,
    totalNoEmail: cumulativeNoEmail[cumulativeNoEmail.length - 1] ?? 0,
    interestDailyDecay: Math.exp(-Math.LN2 / truth.interest.halfLifeDays),
    drift: (truth.drift ?? []).map((d) => ({ behaviour: behaviours.findIndex((b) => b.name === d.behaviour), fromMs: parseTimestamp(d.from), factor: d.factor })),
  };
}
