/** Public calibration functions never modify their inputs. */
import { expect, it } from 'vitest';
import * as calibration from '../../src/calibration/index.js';
import { createRandom } from '../../src/random.js';

function checksum(a: ArrayLike<number>): string {
  return Array.from(a).join(',');
}

it('leaves labels, scores and weights untouched', () => {
  const random = createRandom(21);
  const n = 3000; // above the radix-sort threshold
  const labels = Uint8Array.from({ length: n }, () => (random.next() < 0.3 ? 1 : 0));
  const scores = Float64Array.from({ length: n }, () => Math.round(random.next() * 500) / 500);
  const other = Float64Array.from({ length: n }, () => random.next());
  const weights = Float64Array.from({ length: n }, () => random.int(3));
  const before = [labels, scores, other, weights].map(checksum);
  const options = { weights };
  calibration.rocAuc(labels, scores, options);
  calibration.rocCurve(labels, scores, options);
  calibration.averagePrecision(labels, scores, options);
  calibration.precisionRecallCurve(labels, scores, options);
  calibration.ksStatistic(labels, scores, options);
  calibration.gini(labels, scores, options);
  calibration.liftTable(labels, scores);
  calibration.conversionByBand(labels, scores, [0, 0.5, 1]);
  calibration.deLongAuc(labels, scores);
  calibration.deLongTest(labels, scores, other);
  calibration.bootstrapAuc(labels, scores, { random: createRandom(1), resamples: 3 });
  calibration.brierScore(labels, scores, options);
  calibration.logLoss(labels, scores, options);
  calibration.calibrationCurve(labels, scores, { strategy: 'quantile' });
  calibration.expectedCalibrationError(labels, scores);
  calibration.maxCalibrationError(labels, scores);
  calibration.brierDecomposition(labels, scores, { bins: 'distinct' });
  calibration.calibrationSlopeIntercept(labels, other, options);
  const isotonic = calibration.fitIsotonic(scores, labels, options);
  calibration.applyIsotonic(isotonic, scores);
  const platt = calibration.fitPlatt(scores, labels, options);
  calibration.applyPlatt(platt, scores);
  expect([labels, scores, other, weights].map(checksum)).toEqual(before);
});
