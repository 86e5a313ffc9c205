/**
 * Every public calibration function checks its arguments up front: one row per rejected case,
 * each expecting a LeadcalError (option_invalid) naming the argument, with "X must be …; got Y".
 */
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import {
  applyIsotonic,
  applyPlatt,
  averagePrecision,
  bootstrapAuc,
  brierDecomposition,
  brierScore,
  calibrationCurve,
  calibrationSlopeIntercept,
  conversionByBand,
  deLongAuc,
  deLongTest,
  expectedCalibrationError,
  fitIsotonic,
  fitPlatt,
  gini,
  ksStatistic,
  liftTable,
  logLoss,
  maxCalibrationError,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  wilsonInterval,
  type IsotonicMapping,
  type PlattMapping,
} from '../../src/calibration/index.js';
import { createRandom } from '../../src/random.js';

type Call = (labels: unknown, values: unknown, options?: unknown) => unknown;
type Row = [name: string, call: () => unknown, column: string, message: RegExp];

const Y = [0, 1, 0, 1];
const P = [0.1, 0.8, 0.3, 0.6];
const loose = (f: unknown): Call => f as Call;

/** Rows shared by every (labels, values, options) function. */
function common(name: string, fn: Call, valueName: string, options: Record<string, unknown> = {}): Row[] {
  return [
    [`${name}: labels not an array`, () => fn('0101', P, options), 'labels', /^labels must be a Uint8Array or an array of 0\/1; got '0101'$/],
    [`${name}: labels empty`, () => fn([], [], options), 'labels', /^labels must not be empty; got 0 rows$/],
    [`${name}: label 2`, () => fn([0, 2, 0, 1], P, options), 'labels', /^labels must be 0 or 1; got 2 at index 1$/],
    [`${name}: label 0.5`, () => fn([0, 1, 0.5, 1], P, options), 'labels', /^labels must be 0 or 1; got 0.5 at index 2$/],
    [`${name}: Uint8Array label 3`, () => fn(Uint8Array.of(0, 1, 3, 1), P, options), 'labels', /^labels must be 0 or 1; got 3 at index 2$/],
    [`${name}: ${valueName} too short`, () => fn(Y, P.slice(1), options), valueName, new RegExp(`^${valueName} must have the same length as labels \\(4\\); got 3$`)],
    [`${name}: ${valueName} NaN`, () => fn(Y, [0.1, NaN, 0.3, 0.6], options), valueName, new RegExp(`^${valueName} must be finite numbers; got NaN at index 1$`)],
    [`${name}: ${valueName} Infinity`, () => fn(Y, Float64Array.of(0.1, 0.2, Infinity, 0.6), options), valueName, new RegExp(`^${valueName} must be finite numbers; got Infinity at index 2$`)],
    [`${name}: ${valueName} a string`, () => fn(Y, [0.1, '0.2', 0.3, 0.6], options), valueName, new RegExp(`^${valueName} must be finite numbers; got '0.2' at index 1$`)],
  ];
}

function probabilityRows(name: string, fn: Call, options: Record<string, unknown> = {}): Row[] {
  return [
    [`${name}: probability above 1`, () => fn(Y, [0.1, 1.2, 0.3, 0.6], options), 'probabilities', /^probabilities must lie in \[0, 1\]; got 1.2 at index 1$/],
    [`${name}: probability below 0`, () => fn(Y, [0.1, 0.2, -0.01, 0.6], options), 'probabilities', /^probabilities must lie in \[0, 1\]; got -0.01 at index 2$/],
  ];
}

function weightRows(name: string, fn: Call, extra: Record<string, unknown> = {}): Row[] {
  return [
    [`${name}: negative weight`, () => fn(Y, P, { ...extra, weights: [1, -1, 1, 1] }), 'weights', /^weights must be non-negative; got -1 at index 1$/],
    [`${name}: NaN weight`, () => fn(Y, P, { ...extra, weights: [1, 1, NaN, 1] }), 'weights', /^weights must be finite numbers; got NaN at index 2$/],
    [`${name}: weights too long`, () => fn(Y, P, { ...extra, weights: [1, 1, 1, 1, 1] }), 'weights', /^weights must have the same length as labels \(4\); got 5$/],
    [`${name}: all-zero weights`, () => fn(Y, P, { ...extra, weights: [0, 0, 0, 0] }), 'weights', /^weights must have a positive sum; got 0$/],
  ];
}

function classRows(name: string, fn: Call, need: 'both' | 'positive', options: Record<string, unknown> = {}, weighted = true): Row[] {
  const rows: Row[] = [
    [`${name}: no positive`, () => fn([0, 0, 0, 0], P, options), 'labels', /^labels must contain at least one positive \(1\); got 0 among 4 rows$/],
  ];
  if (need === 'both') rows.push([`${name}: no negative`, () => fn([1, 1, 1, 1], P, options), 'labels', /^labels must contain at least one negative \(0\); got 0 among 4 rows$/]);
  if (weighted) {
    rows.push([`${name}: positives all weighted 0`, () => fn(Y, P, { ...options, weights: [1, 0, 1, 0] }), 'labels', /^labels must contain at least one positive \(1\) with a positive weight; got 0 among 4 rows$/]);
  }
  return rows;
}

const binRows = (name: string, fn: Call): Row[] => [
  [`${name}: bins 0`, () => fn(Y, P, { bins: 0 }), 'bins', /^bins must be an integer ≥ 1; got 0$/],
  [`${name}: bins 2.5`, () => fn(Y, P, { bins: 2.5 }), 'bins', /^bins must be an integer ≥ 1; got 2.5$/],
  [`${name}: bins as text`, () => fn(Y, P, { bins: '10' }), 'bins', /^bins must be an integer ≥ 1; got '10'$/],
  [`${name}: strategy unknown`, () => fn(Y, P, { strategy: 'kmeans' }), 'strategy', /^strategy must be one of 'uniform', 'quantile'; got 'kmeans'$/],
];

const levelRows = (name: string, call: (level: unknown) => unknown): Row[] => [
  [`${name}: level 1`, () => call(1), 'level', /^level must be a number strictly between 0 and 1; got 1$/],
  [`${name}: level 0`, () => call(0), 'level', /^level must be a number strictly between 0 and 1; got 0$/],
  [`${name}: level 95`, () => call(95), 'level', /^level must be a number strictly between 0 and 1; got 95$/],
  [`${name}: level NaN`, () => call(NaN), 'level', /^level must be a number strictly between 0 and 1; got NaN$/],
];

const iso: IsotonicMapping = { kind: 'isotonic', x: [0, 0.5, 1], y: [0, 0.2, 0.9] };
const bad = <T>(value: unknown): T => value as T;

const rows: Row[] = [
  // Discrimination
  ...common('rocAuc', loose(rocAuc), 'scores'),
  ...weightRows('rocAuc', loose(rocAuc)),
  ...classRows('rocAuc', loose(rocAuc), 'both'),
  ...common('rocCurve', loose(rocCurve), 'scores'),
  ...weightRows('rocCurve', loose(rocCurve)),
  ...classRows('rocCurve', loose(rocCurve), 'both'),
  ...common('averagePrecision', loose(averagePrecision), 'scores'),
  ...weightRows('averagePrecision', loose(averagePrecision)),
  ...classRows('averagePrecision', loose(averagePrecision), 'positive'),
  ...common('precisionRecallCurve', loose(precisionRecallCurve), 'scores'),
  ...weightRows('precisionRecallCurve', loose(precisionRecallCurve)),
  ...classRows('precisionRecallCurve', loose(precisionRecallCurve), 'positive'),
  ...common('ksStatistic', loose(ksStatistic), 'scores'),
  ...weightRows('ksStatistic', loose(ksStatistic)),
  ...classRows('ksStatistic', loose(ksStatistic), 'both'),
  ...common('gini', loose(gini), 'scores'),
  ...weightRows('gini', loose(gini)),
  ...classRows('gini', loose(gini), 'both'),
  ...common('liftTable', loose(liftTable), 'scores'),
  ...classRows('liftTable', loose(liftTable), 'positive', { groups: 2 }, false),
  ['liftTable: groups 0', () => liftTable(Y, P, { groups: 0 }), 'groups', /^groups must be an integer between 1 and 4; got 0$/],
  ['liftTable: more groups than rows', () => liftTable(Y, P, { groups: 5 }), 'groups', /^groups must be an integer between 1 and 4; got 5$/],
  ['liftTable: fractional groups', () => liftTable(Y, P, { groups: 2.5 }), 'groups', /^groups must be an integer between 1 and 4; got 2.5$/],
  ...common('conversionByBand', (y, v) => conversionByBand(y as number[], v as number[], [0, 0.5, 1]), 'scores'),
  ['conversionByBand: no positive', () => conversionByBand([0, 0, 0, 0], P, [0, 0.5, 1]), 'labels', /^labels must contain at least one positive \(1\); got 0 among 4 rows$/],
  ['conversionByBand: one edge', () => conversionByBand(Y, P, [0]), 'edges', /^edges must be an array of at least 2 increasing numbers; got an array of length 1$/],
  ['conversionByBand: edges not an array', () => conversionByBand(Y, P, bad('0,1')), 'edges', /^edges must be an array of at least 2 increasing numbers; got '0,1'$/],
  ['conversionByBand: decreasing edges', () => conversionByBand(Y, P, [0, 0.6, 0.5, 1]), 'edges', /^edges must be strictly increasing; got 0.6 then 0.5 at index 2$/],
  ['conversionByBand: repeated edge', () => conversionByBand(Y, P, [0, 0.5, 0.5, 1]), 'edges', /^edges must be strictly increasing; got 0.5 then 0.5 at index 2$/],
  ['conversionByBand: NaN edge', () => conversionByBand(Y, P, [0, NaN, 1]), 'edges', /^edges must be numbers; got NaN at index 1$/],
  ['conversionByBand: names of wrong length', () => conversionByBand(Y, P, [0, 0.5, 1], { names: ['low'] }), 'names', /^names must have one entry per band \(2\); got an array of length 1$/],
  ['conversionByBand: scores outside the edges', () => conversionByBand(Y, [0.1, 0.8, 1.3, -2], [0, 0.5, 1]), 'scores', /^scores must lie within the band edges \[0, 1\]; got 2 outside \(first 1.3 at index 2\)$/],

  // AUC intervals
  ...common('deLongAuc', loose(deLongAuc), 'scores'),
  ['deLongAuc: one positive', () => deLongAuc([0, 1, 0, 0], P), 'labels', /^labels must contain at least 2 positives; got 1 among 4 rows$/],
  ['deLongAuc: one negative', () => deLongAuc([1, 1, 0, 1], P), 'labels', /^labels must contain at least 2 negatives; got 1 among 4 rows$/],
  ...levelRows('deLongAuc', (level) => deLongAuc(Y, P, { level: level as number })),
  ...common('deLongTest', (y, v) => deLongTest(y as number[], v as number[], P), 'scoresA'),
  ['deLongTest: scoresB too short', () => deLongTest(Y, P, [0.1, 0.2]), 'scoresB', /^scoresB must have the same length as labels \(4\); got 2$/],
  ['deLongTest: scoresB NaN', () => deLongTest(Y, P, [0.1, 0.2, NaN, 0.3]), 'scoresB', /^scoresB must be finite numbers; got NaN at index 2$/],
  ['deLongTest: one positive', () => deLongTest([0, 1, 0, 0], P, P), 'labels', /^labels must contain at least 2 positives; got 1 among 4 rows$/],
  ...levelRows('deLongTest', (level) => deLongTest(Y, P, P, { level: level as number })),
  ...common('bootstrapAuc', (y, v) => bootstrapAuc(y as number[], v as number[], { random: createRandom(1) }), 'scores'),
  ...classRows('bootstrapAuc', (y, v) => bootstrapAuc(y as number[], v as number[], { random: createRandom(1) }), 'both', {}, false),
  ['bootstrapAuc: no random', () => bootstrapAuc(Y, P, bad({})), 'random', /^random must be a random source with int\(\); got undefined$/],
  ['bootstrapAuc: Math.random', () => bootstrapAuc(Y, P, bad({ random: Math.random })), 'random', /^random must be a random source with int\(\); got function$/],
  ['bootstrapAuc: resamples 0', () => bootstrapAuc(Y, P, { random: createRandom(1), resamples: 0 }), 'resamples', /^resamples must be an integer ≥ 1; got 0$/],
  ['bootstrapAuc: resamples 10.5', () => bootstrapAuc(Y, P, { random: createRandom(1), resamples: 10.5 }), 'resamples', /^resamples must be an integer ≥ 1; got 10.5$/],
  ...levelRows('bootstrapAuc', (level) => bootstrapAuc(Y, P, { random: createRandom(1), level: level as number })),

  // Calibration
  ...common('brierScore', loose(brierScore), 'probabilities'),
  ...probabilityRows('brierScore', loose(brierScore)),
  ...weightRows('brierScore', loose(brierScore)),
  ...common('logLoss', loose(logLoss), 'probabilities'),
  ...probabilityRows('logLoss', loose(logLoss)),
  ...weightRows('logLoss', loose(logLoss)),
  ['logLoss: eps 0.5', () => logLoss(Y, P, { eps: 0.5 }), 'eps', /^eps must be a number in \[0, 0.5\); got 0.5$/],
  ['logLoss: eps negative', () => logLoss(Y, P, { eps: -1e-9 }), 'eps', /^eps must be a number in \[0, 0.5\); got -1e-9$/],
  ...common('calibrationCurve', loose(calibrationCurve), 'probabilities'),
  ...probabilityRows('calibrationCurve', loose(calibrationCurve)),
  ...binRows('calibrationCurve', loose(calibrationCurve)),
  ...levelRows('calibrationCurve', (level) => calibrationCurve(Y, P, { level: level as number })),
  ...common('expectedCalibrationError', loose(expectedCalibrationError), 'probabilities'),
  ...probabilityRows('expectedCalibrationError', loose(expectedCalibrationError)),
  ...binRows('expectedCalibrationError', loose(expectedCalibrationError)),
  ...common('maxCalibrationError', loose(maxCalibrationError), 'probabilities'),
  ...probabilityRows('maxCalibrationError', loose(maxCalibrationError)),
  ...binRows('maxCalibrationError', loose(maxCalibrationError)),
  ...common('brierDecomposition', loose(brierDecomposition), 'probabilities'),
  ...probabilityRows('brierDecomposition', loose(brierDecomposition)),
  ...binRows('brierDecomposition', loose(brierDecomposition)),
  ['brierDecomposition: bins "unique"', () => brierDecomposition(Y, P, { bins: bad<number>('unique') }), 'bins', /^bins must be an integer ≥ 1; got 'unique'$/],
  ...common('calibrationSlopeIntercept', loose(calibrationSlopeIntercept), 'probabilities'),
  ...probabilityRows('calibrationSlopeIntercept', loose(calibrationSlopeIntercept)),
  ...weightRows('calibrationSlopeIntercept', loose(calibrationSlopeIntercept)),
  ...classRows('calibrationSlopeIntercept', loose(calibrationSlopeIntercept), 'both'),
  ['calibrationSlopeIntercept: probability 0', () => calibrationSlopeIntercept(Y, [0, 0.8, 0.3, 0.6]), 'probabilities', /^probabilities must lie strictly between 0 and 1 for a logit; got 0 at index 0$/],
  ['calibrationSlopeIntercept: probability 1', () => calibrationSlopeIntercept(Y, [0.1, 1, 0.3, 0.6]), 'probabilities', /^probabilities must lie strictly between 0 and 1 for a logit; got 1 at index 1$/],
  ['calibrationSlopeIntercept: one distinct probability', () => calibrationSlopeIntercept(Y, [0.3, 0.3, 0.3, 0.3]), 'probabilities', /^probabilities must take at least two distinct values for a slope; got only 0.3$/],
  ['wilsonInterval: negative trials', () => wilsonInterval(0, -1), 'trials', /^trials must be a finite number ≥ 0; got -1$/],
  ['wilsonInterval: infinite trials', () => wilsonInterval(1, Infinity), 'trials', /^trials must be a finite number ≥ 0; got Infinity$/],
  ['wilsonInterval: successes above trials', () => wilsonInterval(11, 10), 'successes', /^successes must be a number in \[0, trials\]; got 11$/],
  ['wilsonInterval: negative successes', () => wilsonInterval(-1, 10), 'successes', /^successes must be a number in \[0, trials\]; got -1$/],
  ...levelRows('wilsonInterval', (level) => wilsonInterval(3, 10, level as number)),

  // Mappings (argument order: scores first, as scikit-learn's fit(X, y))
  ['fitIsotonic: scores empty', () => fitIsotonic([], []), 'scores', /^scores must not be empty; got 0 rows$/],
  ['fitIsotonic: scores not an array', () => fitIsotonic(bad(0.5), [1]), 'scores', /^scores must be a Float64Array or an array of numbers; got 0.5$/],
  ['fitIsotonic: NaN score', () => fitIsotonic([0.1, NaN], [0, 1]), 'scores', /^scores must be finite numbers; got NaN at index 1$/],
  ['fitIsotonic: targets too short', () => fitIsotonic(P, [0, 1]), 'targets', /^targets must have the same length as scores \(4\); got 2$/],
  ['fitIsotonic: NaN target', () => fitIsotonic(P, [0, 1, NaN, 1]), 'targets', /^targets must be finite numbers; got NaN at index 2$/],
  ['fitIsotonic: Uint8Array target 2', () => fitIsotonic(P, Uint8Array.of(0, 1, 2, 1)), 'targets', /^targets must be 0 or 1; got 2 at index 2$/],
  ['fitIsotonic: negative weight', () => fitIsotonic(P, Y, { weights: [1, 1, -2, 1] }), 'weights', /^weights must be non-negative; got -2 at index 2$/],
  ['fitIsotonic: all-zero weights', () => fitIsotonic(P, Y, { weights: [0, 0, 0, 0] }), 'weights', /^weights must have a positive sum; got 0$/],
  ['applyIsotonic: wrong kind', () => applyIsotonic(bad({ kind: 'platt', a: 1, b: 0 }), P), 'mapping', /^mapping.kind must be 'isotonic'; got 'platt'$/],
  ['applyIsotonic: no mapping', () => applyIsotonic(bad(undefined), P), 'mapping', /^mapping.kind must be 'isotonic'; got undefined$/],
  ['applyIsotonic: empty x', () => applyIsotonic({ kind: 'isotonic', x: [], y: [] }, P), 'mapping', /^mapping.x must be a non-empty array; got an array of length 0$/],
  ['applyIsotonic: y shorter than x', () => applyIsotonic({ kind: 'isotonic', x: [0, 1], y: [0] }, P), 'mapping', /^mapping.y must have the same length as mapping.x \(2\); got an array of length 1$/],
  ['applyIsotonic: x not increasing', () => applyIsotonic({ kind: 'isotonic', x: [0, 1, 1], y: [0, 0.5, 1] }, P), 'mapping', /^mapping.x must be strictly increasing; got 1 then 1 at index 2$/],
  ['applyIsotonic: null in y', () => applyIsotonic(bad({ kind: 'isotonic', x: [0, 1], y: [0, null] }), P), 'mapping', /^mapping.y must be finite numbers; got null at index 1$/],
  ['applyIsotonic: NaN score', () => applyIsotonic(iso, [0.2, NaN]), 'scores', /^scores must be finite numbers; got NaN at index 1$/],
  ...common('fitPlatt', (y, v, o) => fitPlatt(v as number[], y as number[], o as object), 'scores'),
  ...weightRows('fitPlatt', (y, v, o) => fitPlatt(v as number[], y as number[], o as object)),
  ...classRows('fitPlatt', (y, v, o) => fitPlatt(v as number[], y as number[], o as object), 'both'),
  ['applyPlatt: wrong kind', () => applyPlatt(bad(iso), P), 'mapping', /^mapping.kind must be 'platt'; got 'isotonic'$/],
  ['applyPlatt: a missing', () => applyPlatt(bad({ kind: 'platt', b: 1 }), P), 'mapping', /^mapping.a must be a finite number; got undefined$/],
  ['applyPlatt: b infinite', () => applyPlatt({ kind: 'platt', a: 1, b: Infinity } satisfies PlattMapping, P), 'mapping', /^mapping.b must be a finite number; got Infinity$/],
  ['applyPlatt: scores not an array', () => applyPlatt({ kind: 'platt', a: 1, b: 0 }, bad('0.5')), 'scores', /^scores must be a Float64Array or an array of numbers; got '0.5'$/],
];

describe('rejected arguments', () => {
  it('covers every public function', () => {
    const covered = new Set(rows.map(([name]) => name.split(':')[0]));
    expect([...covered].sort()).toEqual(
      [
        'applyIsotonic', 'applyPlatt', 'averagePrecision', 'bootstrapAuc', 'brierDecomposition', 'brierScore', 'calibrationCurve',
        'calibrationSlopeIntercept', 'conversionByBand', 'deLongAuc', 'deLongTest', 'expectedCalibrationError', 'fitIsotonic',
        'fitPlatt', 'gini', 'ksStatistic', 'liftTable', 'logLoss', 'maxCalibrationError', 'precisionRecallCurve', 'rocAuc',
        'rocCurve', 'wilsonInterval',
      ].sort(),
    );
  });

  it.each(rows)('%s', (_, call, column, message) => {
    let caught: unknown;
    try {
      call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LeadcalError);
    const error = caught as LeadcalError;
    expect(error.code).toBe('option_invalid');
    expect(error.issues[0]!.column).toBe(column);
    expect(error.issues[0]!.message).toMatch(message);
    expect(error.issues[0]!.hint).toBeTruthy();
  });
});
