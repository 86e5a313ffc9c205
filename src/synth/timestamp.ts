/**
 * ISO 8601 UTC timestamps as the history writes them: `YYYY-MM-DDTHH:MM:SSZ`, with
 * `.mmm` only when the milliseconds are not zero. The generator formats millions of
 * timestamps that fall on a few hundred days, so parts are cached per formatter.
 */
import { DAY_MS } from '../stats/days.js';

/** A formatter with caches; create one per generation run. */
export type TimestampFormatter = (ms: number) => string;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * Creates a timestamp formatter (valid for years 0000–9999). Dates and whole-second times of
 * day are cached, so a timestamp costs one concatenation of two shared strings.
 *
 * @example
 * createTimestampFormatter()(Date.UTC(2025, 2, 4, 10, 15)); // => '2025-03-04T10:15:00Z'
 * createTimestampFormatter()(Date.UTC(2025, 2, 4, 10, 15, 0, 250)); // => '2025-03-04T10:15:00.250Z'
 */
export function createTimestampFormatter(): TimestampFormatter {
  const dates = new Map<number, string>();
  const times: (string | undefined)[] = new Array<string | undefined>(86_400).fill(undefined);
  return (ms: number): string => {
    const day = Math.floor(ms / DAY_MS);
    let date = dates.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      dates.set(day, date);
    }
    const inDay = ms - day * DAY_MS;
    const millis = inDay % 1000;
    const seconds = (inDay - millis) / 1000;
    let time = times[seconds];
    if (time === undefined) {
      const hh = Math.floor(seconds / 3600);
      const mm = Math.floor((seconds % 3600) / 60);
      time = `T${pad2(hh)}:${pad2(mm)}:${pad2(seconds % 60)}`;
      times[seconds] = time;
    }
    return millis === 0 ? `${date}${time}Z` : `${date}${time}.${String(millis).padStart(3, '0')}Z`;
  };
}

/**
 * Formats one timestamp without caches (for occasional use).
 *
 * @example
 * formatTimestamp(Date.UTC(2025, 0, 1)); // => '2025-01-01T00:00:00Z'
 */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
