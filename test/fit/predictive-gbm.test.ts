// The boosted predictive baseline: same feature plan as the logistic one, contributions that add up.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timeSplit } from '../../src/compare/split.js';
import { loadHistory } from '../../src/data/load.js';
import { explainBoostedPredictive, fitBoostedPredictive, predictBoostedPredictive } from '../../src/fit/predictive-gbm.js';
import { planPredictiveFeatures } from '../../src/fit/predictive.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { tempHistory } from '../helpers.js';

describe('fitBoostedPredictive', () => {
  it('uses the logistic baseline\'s features, and its contributions add up to each probability\'s log-odds', async () => {
    const dir = join(tempHistory({}), 'h');
    await writeHistory(dir, generateHistory({ leads: 1500, seed: 4 }));
    const history = (await loadHistory(dir)).history;
    const { train, test } = timeSplit(history, { horizonDays: 60, schedule: { kind: 'every', days: 30 } }, Date.UTC(2025, 10, 1));
    const m = fitBoostedPredictive(history, train, { maxIter: 20 });
    expect(m.plan.names).toEqual(planPredictiveFeatures(history, train).names);
    const p = predictBoostedPredictive(m, history, test);
    const e = explainBoostedPredictive(m, history, test);
    expect(e.contributions).toHaveLength(e.names.length);
    for (let i = 0; i < test.count; i += 7) {
      let raw = e.expectedValue;
      for (const c of e.contributions) raw += c[i]!;
      expect(1 / (1 + Math.exp(-raw))).toBeCloseTo(p[i]!, 10);
    }
    expect(JSON.parse(JSON.stringify(m.gbm))).toEqual(m.gbm);
  }, 120_000);
});
