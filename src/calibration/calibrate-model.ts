/**
 * Calibrate a model: fit a score → probability mapping (isotonic or Platt) on the training
 * period and measure it on the test period; the mapping is stored in the model so that
 * `leadcal score` prints a probability.
 */
import { brierDecomposition, calibrationCurve, calibrationSlopeIntercept, fitIsotonic, fitPlatt, maxCalibrationError, type CalibrationCurve } from './index.js';
import type { History } from '../data/history.js';
import { LeadcalError } from '../errors.js';
import type { FrameOptions } from '../frame/frame.js';
import type { HoldoutSpec } from '../frame/split.js';
import { formatTimestamp } from '../data/timestamp.js';
import { frameMetrics, type FrameMetrics } from '../fit/evaluate.js';
import { compileModel } from '../model/compile.js';
import { applyMapping, type ProbabilityMapping } from '../model/probability.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { timeSplit } from '../compare/split.js';

export interface CalibrationResult {
  model: ScoringModel;
  mapping: ProbabilityMapping;
  testFromMs: number;
  /** The split calibrated on (train) and checked on (test), and in words. */
  holdout: HoldoutSpec;
  description: string;
  train: FrameMetrics;
  test: FrameMetrics & { mce?: number; slope?: number; intercept?: number; reliability?: number; resolution?: number; uncertainty?: number };
  /** Reliability curve on the test period (quantile bins). */
  curve?: CalibrationCurve;
}

/**
 * Fit and check a calibration.
 *
 * @example
 * const r = calibrateModel(history, model, { horizonDays: 90 }, { method: 'isotonic' }); r.test.ece // => 0.012
 */
export function calibrateModel(history: History, model: ScoringModel, frameOptions: FrameOptions, options: { method?: 'isotonic' | 'platt'; testFromMs?: number; holdout?: HoldoutSpec } = {}): CalibrationResult {
  const split = timeSplit(history, frameOptions, options.testFromMs, options.holdout);
  const { train, test } = split;
  if (train.positives === 0 || train.positives === train.count) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: '--test-from', message: `the training period has ${train.count} snapshots and ${train.positives} positives: calibration needs both classes`, hint: 'choose a later --test-from or a longer history' });
  }
  const compiled = compileModel(model, history);
  const trainScores = scoreSnapshots(compiled, train.lead, train.asOfMs).score;
  const testScores = scoreSnapshots(compiled, test.lead, test.asOfMs).score;
  const method = options.method ?? 'isotonic';
  const mapping: ProbabilityMapping = method === 'isotonic' ? fitIsotonic(trainScores, train.label) : fitPlatt(trainScores, train.label);
  const trainMetrics = frameMetrics(train.label, trainScores, applyMapping(mapping, trainScores));
  const pTest = applyMapping(mapping, testScores);
  const testMetrics: CalibrationResult['test'] = frameMetrics(test.label, testScores, pTest);
  let curve: CalibrationCurve | undefined;
  if (test.count > 0 && test.positives > 0 && test.positives < test.count) {
    testMetrics.mce = maxCalibrationError(test.label, pTest, { bins: 10 });
    const si = calibrationSlopeIntercept(test.label, pTest.map((p) => Math.min(1 - 1e-9, Math.max(1e-9, p))));
    testMetrics.slope = si.slope;
    testMetrics.intercept = si.intercept;
    const d = brierDecomposition(test.label, pTest);
    testMetrics.reliability = d.reliability;
    testMetrics.resolution = d.resolution;
    testMetrics.uncertainty = d.uncertainty;
    curve = calibrationCurve(test.label, pTest, { bins: 10, strategy: 'quantile' });
  }
  // the calibrated model records the split it was calibrated on: later commands report that test period
  const { testSplit: _ts, testFrom: _tf, ...rest } = model;
  const recorded = split.holdout.kind === 'time' ? { testFrom: formatTimestamp(split.holdout.testFromMs) } : { testSplit: { share: split.holdout.testShare, seed: split.holdout.seed } };
  return { model: { ...rest, ...recorded, calibration: mapping as unknown as Record<string, unknown> }, mapping, testFromMs: split.testFromMs, holdout: split.holdout, description: split.description, train: trainMetrics, test: testMetrics, ...(curve ? { curve } : {}) };
}
