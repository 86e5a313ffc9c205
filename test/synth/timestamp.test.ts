import { describe, expect, it } from 'vitest';
import { createTimestampFormatter, formatTimestamp } from '../../src/synth/timestamp.js';

describe('timestamps', () => {
  it.each([
    [Date.UTC(2025, 2, 4, 10, 15), '2025-03-04T10:15:00Z'],
    [Date.UTC(2025, 0, 1), '2025-01-01T00:00:00Z'],
    [Date.UTC(2024, 1, 29, 23, 59, 59), '2024-02-29T23:59:59Z'],
    [Date.UTC(2025, 2, 4, 10, 15, 0, 250), '2025-03-04T10:15:00.250Z'],
    [Date.UTC(1969, 11, 31, 23, 0, 1, 5), '1969-12-31T23:00:01.005Z'],
  ])('formats %d as %s, with and without caches', (ms, text) => {
    const format = createTimestampFormatter();
    expect(format(ms)).toBe(text);
    expect(format(ms)).toBe(text);
    expect(formatTimestamp(ms)).toBe(text);
    expect(Date.parse(text)).toBe(ms);
  });
});
