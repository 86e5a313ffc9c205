// The split a model records is the split every later command measures on (#11, review of #12):
// calibrate and compare take a stratified holdout, an undated flat table defaults to one, and a
// calibrated model records the period it was calibrated on; the rule table carries base points.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrame, calibrateModel, compareScorers, ruleTable, splitFramesBy, type History } from '../../src/index.js';
import { timeSplit } from '../../src/compare/split.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { setWarningSink } from '../../src/warnings.js';
import { starter, synthHistory } from '../report/helpers.js';

let history: History;
beforeAll(async () => {
  history = (await synthHistory(1500, 7)).loaded.history!;
}, 120_000);

const FRAME = { target: 'sql' as const, horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } };

describe('holdouts beyond time splits', () => {
  it('timeSplit with a stratified holdout is splitFramesBy on the same frame, described in words', () => {
    const holdout = { kind: 'stratified' as const, testShare: 0.3, seed: 4 };
    const s = timeSplit(history, FRAME, undefined, holdout);
    const ref = splitFramesBy(buildFrame(history, FRAME), holdout);
    expect(Array.from(s.test.lead)).toEqual(Array.from(ref.test.lead));
    expect(Array.from(s.train.asOfMs)).toEqual(Array.from(ref.train.asOfMs));
    expect(Number.isNaN(s.testFromMs)).toBe(true);
    expect(s.description).toBe('stratified split: 30% of leads held out (seed 4)');
  });

  it('compare and calibrate measure on the holdout they are given', () => {
    const holdout = { kind: 'stratified' as const, testShare: 0.3, seed: 4 };
    const ref = splitFramesBy(buildFrame(history, FRAME), holdout);
    const c = compareScorers(history, [{ name: 'starter', model: starter() }], FRAME, { holdout });
    expect(c.test).toEqual({ snapshots: ref.test.count, positives: ref.test.positives });
    const r = calibrateModel(history, starter(), FRAME, { holdout });
    expect(r.test.snapshots).toBe(ref.test.count);
    expect(r.model.testSplit).toEqual({ share: 0.3, seed: 4 });
    expect(r.model.testFrom).toBeUndefined();
  });

  it('a calibrated model records the time split it was calibrated on', () => {
    const r = calibrateModel(history, starter(), FRAME, {});
    expect(r.model.testFrom).toBe(new Date(r.testFromMs).toISOString().replace('.000Z', 'Z'));
  });

  it('the rule table starts with the base points the scorer adds', () => {
    const previous = setWarningSink(() => {});
    try {
      const fit = fitScoringModel(history, { frame: FRAME, intervals: false, force: true });
      const rows = ruleTable(fit.model);
      expect(rows[0]).toMatchObject({ section: 'base', criterion: 'every lead', points: fit.model.basePoints });
    } finally {
      setWarningSink(previous);
    }
  });
});
