/**
 * The predictive baseline: a regularised logistic regression on all engineered features —
 * attribute levels and bins, behaviour counts at several fixed half-lives (log-transformed),
 * recency, activity volume and lead age — giving probabilities, not points. It answers "is
 * the rule-based score as good as a model?". Features are planned on the training frame only
 * and then computed for any frame with the same plan (no test information leaks into bins).
 */
import type { History } from '../data/history.js';
import { eventsBefore } from '../data/history.js';
import { decayRatePerMs } from '../stats/decay.js';
import { DAY_MS } from '../stats/days.js';
import { behaviorPairs, type BehaviorPlan } from '../features/behaviors.js';
import type { Frame } from '../frame/frame.js';
import { conditionsMask } from '../model/conditions.js';
import { planAttributes, type AttributeFeature } from './attribute-features.js';
import { fitLogistic } from '../logistic/logistic.js';
import { predictProbability } from '../logistic/logistic-predict.js';
import type { LogisticFit } from '../logistic/logistic-types.js';

const HALF_LIVES = [7, 60];

export interface PredictiveModel {
  attributes: AttributeFeature[];
  behaviors: BehaviorPlan[];
  names: string[];
  mean: Float64Array;
  sd: Float64Array;
  fit: LogisticFit;
}

function attributeColumn(history: History, frame: Frame, f: AttributeFeature): Float64Array {
  const col = history.leads.attributes[f.field];
  const out = new Float64Array(frame.count);
  if (!col) return out;
  for (let s = 0; s < frame.count; s++) {
    const l = frame.lead[s]!;
    if (col.kind === 'category') {
      const c = col.codes[l]!;
      if (f.kind === 'missing') out[s] = c < 0 ? 1 : 0;
      else out[s] = c >= 0 && f.levels!.includes(col.values[c]!) ? 1 : 0;
    } else {
      const v = col.values[l]!;
      if (f.kind === 'missing') out[s] = Number.isNaN(v) ? 1 : 0;
      else out[s] = v >= (f.min ?? -Infinity) && v < (f.max ?? Infinity) ? 1 : 0;
    }
  }
  return out;
}

/** The engineered features planned on a training frame (shared by the logistic and boosted baselines). */
export interface PredictiveFeaturePlan {
  attributes: AttributeFeature[];
  behaviors: BehaviorPlan[];
  names: string[];
}

/** Plan the engineered features on a training frame: attribute levels and bins, behaviours with enough support. */
export function planPredictiveFeatures(history: History, frame: Frame, options: { minSupport?: number } = {}): PredictiveFeaturePlan {
  const minSupport = options.minSupport ?? Math.max(30, Math.ceil(0.005 * frame.count));
  const attributes = planAttributes(history, frame, { minSupport }).flatMap((p) => p.features);
  const behaviors = behaviorPairs(history, frame, { minSnapshots: minSupport, minPairs: minSupport }).plans;
  const names = [...attributes.map((f) => f.label), ...behaviors.flatMap((p) => HALF_LIVES.map((h) => `${p.label} (half-life ${h} d)`)), 'days since last event', 'events so far', 'lead age'];
  return { attributes, behaviors, names };
}

/** Feature columns of a frame under a plan (attribute indicators, decayed behaviour counts, recency, volume, age). */
export function predictiveColumns(history: History, frame: Frame, plan: Pick<PredictiveFeaturePlan, 'attributes' | 'behaviors'>): Float64Array[] {
  const { attributes, behaviors } = plan;
  const ev = history.events;
  const cols = attributes.map((f) => attributeColumn(history, frame, f));
  const behaviorOf = new Int32Array(ev.count).fill(-1);
  behaviors.forEach((p, b) => {
    const typeCode = ev.type.values.indexOf(p.event);
    const where = p.where ? conditionsMask(ev.columns, p.where, ev.count) : undefined;
    for (let k = 0; k < ev.count; k++) if (ev.type.codes[k] === typeCode && (!where || where[k])) behaviorOf[k] = b;
  });
  const decayed = behaviors.flatMap(() => HALF_LIVES.map(() => new Float64Array(frame.count)));
  const recency = new Float64Array(frame.count);
  const volume = new Float64Array(frame.count);
  const age = new Float64Array(frame.count);
  const rates = HALF_LIVES.map(decayRatePerMs);
  for (let s = 0; s < frame.count; s++) {
    const l = frame.lead[s]!;
    const t = frame.asOfMs[s]!;
    const start = ev.offsets[l]!;
    const end = eventsBefore(ev, l, t);
    for (let k = start; k < end; k++) {
      const b = behaviorOf[k]!;
      if (b < 0) continue;
      const a = t - ev.occurredMs[k]!;
      for (let h = 0; h < rates.length; h++) decayed[b * rates.length + h]![s]! += Math.exp(-rates[h]! * a);
    }
    recency[s] = Math.log1p(end > start ? (t - ev.occurredMs[end - 1]!) / DAY_MS : 3650);
    volume[s] = Math.log1p(end - start);
    age[s] = Math.log1p((t - history.leads.createdMs[l]!) / DAY_MS);
  }
  for (const d of decayed) for (let s = 0; s < d.length; s++) d[s] = Math.log1p(d[s]!);
  return [...cols, ...decayed, recency, volume, age];
}

/**
 * Fit the predictive baseline on a training frame.
 *
 * @example
 * const m = fitPredictive(history, train); predictPredictive(m, history, test) // => Float64Array of probabilities
 */
export function fitPredictive(history: History, frame: Frame, options: { l2?: number; minSupport?: number } = {}): PredictiveModel {
  const { attributes, behaviors, names } = planPredictiveFeatures(history, frame, options.minSupport === undefined ? {} : { minSupport: options.minSupport });
  const raw = predictiveColumns(history, frame, { attributes, behaviors });
  const mean = new Float64Array(raw.length);
  const sd = new Float64Array(raw.length);
  raw.forEach((c, j) => {
    let m = 0;
    for (const v of c) m += v;
    m /= Math.max(1, c.length);
    let v2 = 0;
    for (const v of c) v2 += (v - m) ** 2;
    mean[j] = m;
    sd[j] = Math.sqrt(v2 / Math.max(1, c.length)) || 1;
  });
  const X = { rows: frame.count, columns: raw.map((c, j) => c.map((v) => (v - mean[j]!) / sd[j]!)), names };
  // standardised features: a ridge of 1% of the rows keeps ~100 features from overfitting
  const fit = fitLogistic(X, frame.label, { l2: options.l2 ?? Math.max(1, 0.01 * frame.count), standardErrors: false });
  return { attributes, behaviors, names, mean, sd, fit };
}

/** Probabilities of the predictive baseline on any frame of the same history. */
export function predictPredictive(model: PredictiveModel, history: History, frame: Frame): Float64Array {
  const raw = predictiveColumns(history, frame, model);
  const X = { rows: frame.count, columns: raw.map((c, j) => c.map((v) => (v - model.mean[j]!) / model.sd[j]!)), names: model.names };
  return predictProbability(model.fit, X);
}
