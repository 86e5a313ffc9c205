import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../../src/errors.js';
import { wilsonRange } from '../../src/thresholds/index.js';

// Reference values from scipy, made by reference/wilson.py.
const reference = JSON.parse(readFileSync(new URL('./reference/wilson.json', import.meta.url), 'utf8')) as { rows: { successes: number; trials: number; low: number; high: number }[] };

describe('wilsonRange', () => {
  it.each(reference.rows)('$successes of $trials matches scipy to 1e-12', ({ successes, trials, low, high }) => {
    const got = wilsonRange(successes, trials);
    expect(got.low).toBeCloseTo(low, 12);
    expect(got.high).toBeCloseTo(high, 12);
  });

  it('has no interval without trials: NaN bounds, the one empty-group policy (stats/wilson.ts)', () => {
    expect(wilsonRange(0, 0)).toEqual({ low: NaN, high: NaN });
  });

  it.each([
    ['negative trials', 0, -1, undefined, 'trials must be a finite number ≥ 0; got -1'],
    ['NaN trials', 0, NaN, undefined, 'trials must be a finite number ≥ 0; got NaN'],
    ['successes above trials', 5, 4, undefined, 'successes must be between 0 and trials (4); got 5'],
    ['zero z', 1, 4, 0, 'z must be a positive number; got 0'],
  ])('rejects %s', (_name, successes, trials, z, message) => {
    expect(() => wilsonRange(successes, trials, z)).toThrow(LeadcalError);
    expect(() => wilsonRange(successes, trials, z)).toThrow(message);
  });
});
