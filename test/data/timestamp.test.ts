import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseOffset, parseTimestamp } from '../../src/index.js';

describe('parseTimestamp', () => {
  it.each([
    ['2025-01-02', Date.UTC(2025, 0, 2)],
    ['2025-01-02T03:04:05Z', Date.UTC(2025, 0, 2, 3, 4, 5)],
    ['2025-01-02 03:04', Date.UTC(2025, 0, 2, 3, 4)],
    ['2025-01-02T03:04:05.123Z', Date.UTC(2025, 0, 2, 3, 4, 5, 123)],
    ['2025-01-02T03:04:05.123456Z', Date.UTC(2025, 0, 2, 3, 4, 5, 123)],
    ['2025-01-02T05:04:05+02:00', Date.UTC(2025, 0, 2, 3, 4, 5)],
    ['2025-01-02T01:04:05-0200', Date.UTC(2025, 0, 2, 3, 4, 5)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each(['', '2025', '2025-13-01', '2025-02-29', '2025-01-02T24:00', '2025-01-02T10:00Z junk', '02/01/2025', '2025-01-02T10:00+2'])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNaN();
  });

  it('applies the assumed offset only to zone-less values', () => {
    expect(parseTimestamp('2025-01-02T02:00', 120)).toBe(Date.UTC(2025, 0, 2, 0));
    expect(parseTimestamp('2025-01-02T02:00Z', 120)).toBe(Date.UTC(2025, 0, 2, 2));
  });

  it('agrees with Date.parse on ISO strings (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseTimestamp(iso)).toBe(d.getTime());
        expect(parseTimestamp(formatTimestamp(d.getTime()))).toBe(d.getTime());
      }),
    );
  });

  it('parses offsets', () => {
    expect(parseOffset('UTC')).toBe(0);
    expect(parseOffset('+05:30')).toBe(330);
    expect(parseOffset('-0500')).toBe(-300);
    expect(parseOffset('Europe/Paris')).toBeNaN();
  });
});
