/**
 * ISO 8601 timestamps to epoch milliseconds, without Date objects or regexes in the loop.
 *
 * Accepted: `YYYY-MM-DD`, `YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]]` followed by `Z`, `±HH:MM`, `±HHMM`,
 * `±HH`, or nothing. A value without a zone is read in the caller's assumed offset (UTC unless
 * told otherwise) and flagged so validation can say which convention was assumed.
 */
import { DAY_MS, HOUR_MS } from '../stats/days.js';

/** Result flags of the last {@link parseTimestamp} call. */
export const lastParse = { hadZone: false };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parse an ISO 8601 timestamp to epoch ms, or NaN when it is not one. Sets
 * `lastParse.hadZone`. `assumedOffsetMinutes` applies to values without a zone.
 *
 * Complexity: O(length).
 *
 * @example
 * parseTimestamp('2025-01-02T03:04:05Z') // => 1735787045000
 * parseTimestamp('2025-01-02T05:04:05+02:00') // => 1735787045000
 * parseTimestamp('2025-02-30') // => NaN
 */
export function parseTimestamp(s: string, assumedOffsetMinutes = 0): number {
  lastParse.hadZone = false;
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 32) n--;
  let i = 0;
  while (i < n && s.charCodeAt(i) === 32) i++;
  if (n - i < 10) return NaN;
  const y = digits(s, i, 4);
  if (y < 0 || s[i + 4] !== '-' || s[i + 7] !== '-') return NaN;
  const mo = digits(s, i + 5, 2);
  const d = digits(s, i + 8, 2);
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d > dim) return NaN;
  let ms = daysFromCivil(y, mo, d) * DAY_MS;
  i += 10;
  if (i === n) return ms - assumedOffsetMinutes * 60_000;
  const sep = s[i];
  if (sep !== 'T' && sep !== ' ' && sep !== 't') return NaN;
  i++;
  const hh = digits(s, i, 2);
  if (hh < 0 || hh > 23 || s[i + 2] !== ':') return NaN;
  const mi = digits(s, i + 3, 2);
  if (mi < 0 || mi > 59) return NaN;
  ms += hh * HOUR_MS + mi * 60_000;
  i += 5;
  if (i < n && s[i] === ':') {
    const ss = digits(s, i + 1, 2);
    if (ss < 0 || ss > 59) return NaN;
    ms += ss * 1000;
    i += 3;
    if (i < n && (s[i] === '.' || s[i] === ',')) {
      i++;
      let scale = 100;
      let frac = 0;
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
      ms += Math.floor(frac);
    }
  }
  if (i === n) return ms - assumedOffsetMinutes * 60_000;
  const z = s[i];
  if ((z === 'Z' || z === 'z') && i + 1 === n) {
    lastParse.hadZone = true;
    return ms;
  }
  if (z !== '+' && z !== '-') return NaN;
  const sign = z === '+' ? 1 : -1;
  const oh = digits(s, i + 1, 2);
  if (oh < 0 || oh > 18) return NaN;
  let om = 0;
  const rest = n - (i + 3);
  if (rest === 3 && s[i + 3] === ':') om = digits(s, i + 4, 2);
  else if (rest === 2) om = digits(s, i + 3, 2);
  else if (rest !== 0) return NaN;
  if (om < 0 || om > 59) return NaN;
  lastParse.hadZone = true;
  return ms - sign * (oh * 60 + om) * 60_000;
}

/**
 * Parse a fixed UTC offset such as `UTC`, `Z`, `+02:00` or `-0530` into minutes east of UTC.
 * Returns NaN for anything else (IANA zone names are not supported: give the offset).
 *
 * @example
 * parseOffset('+05:30') // => 330
 */
export function parseOffset(s: string): number {
  const t = s.trim();
  if (t === 'UTC' || t === 'Z' || t === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(t);
  if (!m) return NaN;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

/**
 * Format epoch ms as ISO 8601 UTC, dropping a zero millisecond part.
 *
 * @example
 * formatTimestamp(1735787045000) // => '2025-01-02T03:04:05Z'
 */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/**
 * Parse a user-given date option (`2025-06-30` or a full timestamp; zone-less means UTC).
 *
 * @example
 * parseDateOption('2025-01-02') // => 1735776000000
 */
export function parseDateOption(s: string): number {
  return parseTimestamp(s, 0);
}
