/**
 * The headline metrics of a scorer on a frame: discrimination (AUC) and, when probabilities
 * are given, calibration (Brier, log loss, ECE). Definitions follow scikit-learn (see
 * src/calibration/).
 */
import { brierScore, expectedCalibrationError, logLoss, rocAuc } from '../calibration/index.js';

export interface FrameMetrics {
  snapshots: number;
  positives: number;
  /** NaN when the frame has a single class. */
  auc: number;
  brier?: number;
  logLoss?: number;
  ece?: number;
}

/**
 * Metrics of scores (and probabilities) against 0/1 labels.
 *
 * @example
 * frameMetrics(labels, scores, probabilities) // => { snapshots: 6874, positives: 375, auc: 0.71, brier: 0.049, … }
 */
export function frameMetrics(labels: Uint8Array, scores: Float64Array, probabilities?: Float64Array): FrameMetrics {
  let positives = 0;
  for (const y of labels) positives += y;
  const twoClasses = positives > 0 && positives < labels.length;
  const out: FrameMetrics = { snapshots: labels.length, positives, auc: twoClasses ? rocAuc(labels, scores) : NaN };
  if (probabilities && labels.length > 0) {
    out.brier = brierScore(labels, probabilities);
    if (twoClasses) out.logLoss = logLoss(labels, probabilities);
    out.ece = expectedCalibrationError(labels, probabilities, { bins: 10 });
  }
  return out;
}
