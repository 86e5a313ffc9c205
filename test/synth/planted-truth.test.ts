import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../src/synth/index.js';
import { eventTimes, records, sqlRate, stageTimes } from './helpers.js';

const DAY = 86_400_000;

const history = generateHistory({ leads: 6000, seed: 11 });
const leads = records(history.leads);
const ids = leads.map((lead) => lead['lead_id'] ?? '');
const stages = stageTimes(history.outcomes);

/**
 * SQL conversions per lead-day inside vs outside a state, over each lead's open time
 * (creation until sql, disqualification or the end). `windows(id)` gives the lead's
 * in-state intervals [from, to); a conversion at t is in the state when t lies in one.
 */
function hazards(windows: (id: string) => [number, number][]): { inside: number; outside: number } {
  let insideDays = 0;
  let outsideDays = 0;
  let insideSql = 0;
  let outsideSql = 0;
  for (const lead of leads) {
    const id = lead['lead_id'] ?? '';
    const byStage = stages.get(id);
    const sqlMs = byStage?.get('sql');
    const openFrom = Date.parse(lead['created_at'] ?? '');
    const openTo = Math.min(sqlMs ?? Infinity, byStage?.get('disqualified') ?? Infinity, history.endMs);
    let inside = 0;
    let converted = false;
    for (const [from, to] of windows(id)) {
      inside += Math.max(0, Math.min(to, openTo) - Math.max(from, openFrom));
      if (sqlMs !== undefined && sqlMs > from && sqlMs < to) converted = true;
    }
    insideDays += inside / DAY;
    outsideDays += (openTo - openFrom - inside) / DAY;
    if (sqlMs !== undefined && converted) insideSql += 1;
    else if (sqlMs !== undefined) outsideSql += 1;
  }
  return { inside: insideSql / insideDays, outside: outsideSql / outsideDays };
}

/** Merged [t, t + span) windows after each event time. */
function after(times: readonly number[], spanMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const t of times) {
    const last = out[out.length - 1];
    if (last !== undefined && t <= last[1]) last[1] = t + spanMs;
    else out.push([t, t + spanMs]);
  }
  return out;
}

describe('the planted truth is visible in the generated history', () => {
  it('converts leads with a demo request much more often', () => {
    const demos = eventTimes(history.events, 'demo_request');
    const withDemo = ids.filter((id) => demos.has(id));
    const without = ids.filter((id) => !demos.has(id));
    expect(withDemo.length).toBeGreaterThan(300);
    expect(sqlRate(withDemo, stages)).toBeGreaterThan(1.25 * sqlRate(without, stages));
    // Per lead-day, the 30 days after a demo request carry several times the SQL hazard.
    const rates = hazards((id) => after(demos.get(id) ?? [], 30 * DAY));
    expect(rates.inside).toBeGreaterThan(2.5 * rates.outside);
  });

  it('converts students far less often', () => {
    const students = leads.filter((lead) => lead['job_level'] === 'student').map((lead) => lead['lead_id'] ?? '');
    const others = leads.filter((lead) => !['student', ''].includes(lead['job_level'] ?? '')).map((lead) => lead['lead_id'] ?? '');
    expect(students.length).toBeGreaterThan(300);
    expect(sqlRate(students, stages)).toBeLessThan(0.5 * sqlRate(others, stages));
  });

  it('converts unsubscribed leads less often', () => {
    const unsubscribes = eventTimes(history.events, 'unsubscribe');
    const unsubscribed = ids.filter((id) => unsubscribes.has(id));
    const others = ids.filter((id) => !unsubscribes.has(id));
    expect(unsubscribed.length).toBeGreaterThan(300);
    expect(sqlRate(unsubscribed, stages)).toBeLessThan(sqlRate(others, stages));
    // After the unsubscribe (a permanent −1.2) the daily hazard drops to well under half.
    const rates = hazards((id) => after(unsubscribes.get(id) ?? [], 10_000 * DAY));
    expect(rates.inside).toBeLessThan(0.6 * rates.outside);
  });

  it('converts bigger companies more often (employee bins)', () => {
    const bySegment = (segment: string): string[] =>
      leads.filter((lead) => lead['segment'] === segment).map((lead) => lead['lead_id'] ?? '');
    expect(sqlRate(bySegment('enterprise'), stages)).toBeGreaterThan(sqlRate(bySegment('smb'), stages));
    expect(sqlRate(bySegment('mid_market'), stages)).toBeGreaterThan(sqlRate(bySegment('smb'), stages));
  });
});
