import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, daysBetween, daysToMs } from '../../src/stats/days.js';

describe('day arithmetic', () => {
  it('has exact 24-hour days', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
    expect(HOUR_MS * 24).toBe(DAY_MS);
    expect(Date.UTC(2025, 2, 31) - Date.UTC(2025, 2, 30)).toBe(DAY_MS); // no DST in UTC epoch ms
  });

  it('matches its @examples', () => {
    expect(daysBetween(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2, 12))).toBe(1.5);
    expect(daysBetween(Date.UTC(2025, 0, 2), Date.UTC(2025, 0, 1))).toBe(-1);
    expect(daysToMs(1.5)).toBe(129_600_000);
  });
});
