/**
 * The funnel tables on a history that records only some stages (Olist has MQLs and won deals;
 * Maven has no MQL → SQL step of its own): implied stages are shown as implied, never as rates.
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { funnelTables } from '../../src/report/tables-funnel.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

async function history(outcomes: string[]) {
  const dir = tempHistory({
    'leads.csv': csv('lead_id,created_at', ['A', 'B', 'C', 'D', 'E'].map((id) => `${id},${day(0)}`)),
    'events.csv': csv('lead_id,type,occurred_at', []),
    'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes),
  });
  return (await loadHistory(dir, { untilMs: T0 + 100 * DAY })).history;
}

describe('funnel tables with implied stages', () => {
  it('shows sql and opportunity as implied when only mql and won are recorded, and rates won against mql', async () => {
    const [funnel, cohorts, time] = funnelTables(await history([`A,mql,${day(1)}`, `B,mql,${day(1)}`, `C,mql,${day(1)}`, `D,mql,${day(2)}`, `A,won,${day(9)}`]), 'won');
    expect(funnel!.rows.map((r) => [r.stage, r.recorded, r.leads, r.stepRate, r.from])).toEqual([
      ['lead', 'yes', 5, null, ''],
      ['mql', 'yes', 4, 0.8, 'lead'],
      ['sql', 'no: implied by a later stage', 1, null, ''],
      ['opportunity', 'no: implied by a later stage', 1, null, ''],
      ['won', 'yes', 1, 0.25, 'mql'],
    ]);
    expect(funnel!.finding).toBe('80% of leads become MQLs and 25% of MQLs become won deals; 1 lead in 5 reaches won (sql and opportunity are not recorded in the history, only implied by later stages)');
    expect(funnel!.finding).not.toMatch(/MQLs become SQLs/);
    expect(cohorts!.rows.every((r) => r.mqlToSql === null)).toBe(true);
    expect(time!.finding).not.toMatch(/SQL/);
    expect(time!.note).toMatch(/into or out of sql and opportunity time the next recorded stage: those stages are only implied/);
  });

  it('says nothing is implied when every stage is recorded', async () => {
    const [funnel] = funnelTables(await history([`A,mql,${day(1)}`, `B,mql,${day(1)}`, `A,sql,${day(2)}`, `A,opportunity,${day(3)}`, `A,won,${day(9)}`]), 'won');
    expect(funnel!.finding).toBe('40% of leads become MQLs and 50% of MQLs become SQLs; 1 lead in 5 reaches won');
    expect(funnel!.rows.every((r) => r.recorded === 'yes')).toBe(true);
  });
});
