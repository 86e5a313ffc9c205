/**
 * Calibration: how well scores rank leads (discrimination), how well probabilities match observed
 * conversion (calibration), and the mappings that turn scores into probabilities. One public
 * function per file; each validates its arguments and calls a typed-array kernel. Definitions
 * follow scikit-learn 1.2 where it has the metric (tested against committed fixtures).
 */
export type { Labels, Scores, Weights, BinStrategy } from './types.js';

// Discrimination
export { rocAuc, type RocAucOptions } from './roc-auc.js';
export { rocCurve, type RocCurve, type RocCurveOptions } from './roc-curve.js';
export { averagePrecision, type AveragePrecisionOptions } from './average-precision.js';
export { precisionRecallCurve, type PrecisionRecallCurve, type PrecisionRecallOptions } from './precision-recall-curve.js';
export { ksStatistic, type KsStatistic, type KsOptions } from './ks-statistic.js';
export { gini } from './gini.js';
export { liftTable, type LiftTable, type LiftRow, type LiftTableOptions } from './lift-table.js';
export { conversionByBand, type BandTable, type BandRow, type ConversionByBandOptions } from './conversion-by-band.js';

// AUC intervals
export { deLongAuc, type DeLongAuc, type DeLongOptions } from './delong-auc.js';
export { deLongTest, type DeLongTest } from './delong-test.js';
export { bootstrapAuc, type BootstrapAuc, type BootstrapAucOptions } from './bootstrap-auc.js';

// Calibration
export { brierScore, type BrierOptions } from './brier-score.js';
export { logLoss, type LogLossOptions } from './log-loss.js';
export { calibrationCurve, type CalibrationCurve, type CalibrationCurveOptions } from './calibration-curve.js';
export { type BinOptions } from './probability-bins.js';
export { expectedCalibrationError } from './expected-calibration-error.js';
export { maxCalibrationError } from './max-calibration-error.js';
export { brierDecomposition, type BrierDecomposition, type BrierDecompositionOptions } from './brier-decomposition.js';
export { calibrationSlopeIntercept, type CalibrationSlopeIntercept, type CalibrationSlopeOptions } from './calibration-slope-intercept.js';
export { wilsonInterval } from './wilson-interval.js';

// Score → probability mappings
export { fitIsotonic, type IsotonicMapping, type FitIsotonicOptions } from './fit-isotonic.js';
export { applyIsotonic } from './apply-isotonic.js';
export { fitPlatt, type PlattMapping, type FitPlattOptions } from './fit-platt.js';
export { applyPlatt } from './apply-platt.js';
