// Binning helpers: the radix sort orders values exactly as Float64Array.prototype.sort does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSort } from '../../src/gbm/bin-mapper.js';

describe('radixSort', () => {
  it('sorts any non-NaN doubles as the typed-array sort does, −0 before +0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 300 }), (xs) => {
        const expected = Float64Array.from(xs).sort();
        const actual = radixSort(Float64Array.from(xs));
        expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }),
    );
    const special = Float64Array.of(0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1, -1, 0, -0);
    expect(Array.from(radixSort(special.slice()), (x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(Array.from(special.slice().sort(), (x) => Object.is(x, -0) ? '-0' : String(x)));
  });
});
