// The one probability policy: a stored calibration is used as is; without one, an isotonic
// mapping fitted on the training snapshots (never on the measured ones); none for one class.
import { describe, expect, it } from 'vitest';
import { applyIsotonic, fitIsotonic } from '../../src/calibration/index.js';
import { probabilitiesFor, probabilityMappingFor } from '../../src/model/probabilities-for.js';
import { checkModel } from '../../src/model/schema.js';

const uncalibrated = checkModel({ leadcal: 1, name: 'u', threshold: 50 });
const logistic = checkModel({ leadcal: 1, name: 'l', threshold: 50, calibration: { kind: 'logistic', intercept: -3, slope: 0.05 } });
const train = { scores: Float64Array.of(10, 20, 30, 40, 50, 60), labels: Uint8Array.of(0, 0, 1, 0, 1, 1) };
const measured = Float64Array.of(15, 35, 60);

describe('probabilitiesFor', () => {
  it('uses the model\'s stored mapping, whatever the training snapshots say', () => {
    const p = probabilitiesFor(logistic, train, Float64Array.of(60, 0));
    expect(p.origin).toBe('model');
    expect(p.description).toBe("the model's own logistic mapping");
    expect(p.probabilities![0]).toBeCloseTo(0.5, 12);
    expect(p.probabilities![1]).toBeCloseTo(1 / (1 + Math.exp(3)), 12);
  });

  it('fits isotonic on the training snapshots for a model without calibration, and applies it to the measured scores', () => {
    const p = probabilitiesFor(uncalibrated, train, measured);
    expect(p.origin).toBe('training');
    expect(p.description).toBe('isotonic mapping fitted on the training snapshots');
    expect(p.mapping).toEqual(fitIsotonic(train.scores, train.labels));
    expect(Array.from(p.probabilities!)).toEqual(Array.from(applyIsotonic(fitIsotonic(train.scores, train.labels), measured)));
    expect(probabilitiesFor(uncalibrated, train, measured, { inSample: true }).description).toBe('isotonic mapping fitted on all snapshots (in-sample)');
  });

  it('gives no probabilities when the training snapshots have a single class', () => {
    for (const labels of [new Uint8Array(6), new Uint8Array(6).fill(1), new Uint8Array(0)]) {
      const p = probabilitiesFor(uncalibrated, { scores: train.scores.subarray(0, labels.length), labels }, measured);
      expect(p).toMatchObject({ origin: 'none', mapping: null, probabilities: null, description: 'none (the training snapshots have a single class)' });
    }
    expect(probabilityMappingFor(logistic, { scores: new Float64Array(0), labels: new Uint8Array(0) }).origin).toBe('model');
  });
});
