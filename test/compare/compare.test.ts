// Calibration from points to probabilities on a time split, and the comparison of scorers.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory, type History } from '../../src/index.js';
import { calibrateModel } from '../../src/calibration/calibrate-model.js';
import { compareScorers } from '../../src/compare/compare.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { applyMapping, modelMapping } from '../../src/model/probability.js';
import { readModel, type ScoringModel } from '../../src/model/schema.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { tempHistory } from '../helpers.js';

const FRAME = { horizonDays: 60, schedule: { kind: 'every' as const, days: 30 } };
const TEST_FROM = Date.UTC(2025, 10, 1);
let history: History;
let fitted: ScoringModel;

beforeAll(async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 8000, seed: 12 }));
  history = (await loadHistory(dir)).history;
  fitted = fitScoringModel(history, { frame: FRAME, testFromMs: TEST_FROM, intervals: false }).model;
}, 180_000);

describe('calibration', () => {
  it('isotonic probabilities have ECE < 0.02 on the test period', () => {
    const r = calibrateModel(history, fitted, FRAME, { method: 'isotonic', testFromMs: TEST_FROM });
    console.info(`test ECE ${r.test.ece?.toFixed(4)} on ${r.test.snapshots} snapshots`);
    expect(r.test.snapshots).toBeGreaterThan(5000);
    expect(r.test.ece!).toBeLessThan(0.02);
    // stored with the model: the mapping is plain data that round-trips
    expect(modelMapping(r.model)?.kind).toBe('isotonic');
    const p = applyMapping(modelMapping(r.model)!, Float64Array.of(-1e9, 0, 1e9));
    expect(p[0]!).toBeLessThanOrEqual(p[1]!);
    expect(p[1]!).toBeLessThanOrEqual(p[2]!);
  });

  it('Platt scaling also calibrates within the same bound', () => {
    const r = calibrateModel(history, fitted, FRAME, { method: 'platt', testFromMs: TEST_FROM });
    expect(r.test.ece!).toBeLessThan(0.02);
    expect(r.test.slope!).toBeGreaterThan(0.5);
  });
});

describe('compare', () => {
  it('ranks the fitted model above the uncalibrated starter, with a paired DeLong test', () => {
    const starter = readModel(join(import.meta.dirname, '..', '..', 'datasets', 'models', 'starter.yaml'));
    const c = compareScorers(history, [{ name: 'starter', model: starter }, { name: 'fitted', model: fitted }], FRAME, { testFromMs: TEST_FROM, predictive: 'logistic' });
    expect(c.scorers.map((s) => s.name)).toEqual(['starter', 'fitted', 'predictive (logistic regression)']);
    const [s0, s1, s2] = c.scorers;
    expect(s1!.auc).toBeGreaterThan(s0!.auc);
    expect(s1!.versusFirst!.difference).toBeCloseTo(s1!.auc - s0!.auc, 9);
    expect(s1!.versusFirst!.pValue).toBeLessThan(0.05);
    expect(s2!.auc).toBeGreaterThan(0.6);
    for (const s of c.scorers) {
      expect(s.aucLower).toBeLessThanOrEqual(s.auc);
      expect(s.aucUpper).toBeGreaterThanOrEqual(s.auc);
      expect(s.top10.captured).toBeLessThanOrEqual(s.top20.captured);
    }
    expect(c.disagreements.length).toBeGreaterThan(0);
  });

  it('the boosted baseline is the default predictive scorer', () => {
    const starter = readModel(join(import.meta.dirname, '..', '..', 'datasets', 'models', 'starter.yaml'));
    const boosted = compareScorers(history, [{ name: 'starter', model: starter }], FRAME, { testFromMs: TEST_FROM, predictive: true });
    const logistic = compareScorers(history, [{ name: 'starter', model: starter }], FRAME, { testFromMs: TEST_FROM, predictive: 'logistic' });
    const g = boosted.scorers[1]!;
    expect(g.kind).toBe('predictive');
    expect(g.name).toMatch(/^gbm/);
    console.info(`test AUC: boosted ${g.auc.toFixed(4)}, logistic ${logistic.scorers[1]!.auc.toFixed(4)}`);
    expect(g.auc).toBeGreaterThan(0.55);
    expect(compareScorers(history, [{ name: 'starter', model: starter }], FRAME, { testFromMs: TEST_FROM, predictive: 'gbm' }).scorers[1]!.auc).toBe(g.auc);
  });
});
