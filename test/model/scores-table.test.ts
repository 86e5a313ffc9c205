// The scores CSV: header, one row per scored lead, optional probability and label columns,
// numbers rounded to 1e-6 and text cells escaped.
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { compileModel } from '../../src/model/compile.js';
import { checkModel } from '../../src/model/schema.js';
import { scoreAsOf } from '../../src/model/score.js';
import { scoresToCsv } from '../../src/model/scores-table.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

async function scored() {
  const { history } = await loadHistory(tempHistory({
    'leads.csv': csv('lead_id,created_at,industry', [`A,${day(0)},software`, `"=B,1",${day(0)},retail`]),
    'events.csv': csv('lead_id,type,occurred_at', [`A,email_open,${day(2)}`]),
    'outcomes.csv': 'lead_id,stage,occurred_at\n',
  }));
  const model = checkModel({ leadcal: 1, name: 't', threshold: 10, fit: [{ field: 'industry', points: { software: 10 } }], behavior: [{ event: 'email_open', points: 1 / 3 }] });
  return { history, table: scoreAsOf(compileModel(model, history), history, T0 + 10 * DAY) };
}

describe('scoresToCsv', () => {
  it('writes the header and one row per lead, rounded and escaped', async () => {
    const { history, table } = await scored();
    const lines = scoresToCsv(table, history.leads.ids).split('\n');
    expect(lines[0]).toBe('lead_id,as_of,score,fit,behavior,decay,segment,grade,matrix,threshold,above_threshold');
    expect(lines[1]).toBe(`A,${day(10)},10.333333,10,0.333333,0,default,,,10,1`);
    expect(lines[2]!.startsWith(`"'=B,1",${day(10)},0,0,0,0,default`)).toBe(true);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('adds the probability and label columns when given', async () => {
    const { history, table } = await scored();
    const text = scoresToCsv(table, history.leads.ids, { probability: Float64Array.of(0.1234567891, 0.5), labels: Uint8Array.of(1, 0) });
    const lines = text.split('\n');
    expect(lines[0]!.endsWith('above_threshold,probability,label')).toBe(true);
    expect(lines[1]!.endsWith(',1,0.123457,1')).toBe(true);
    expect(lines[2]!.endsWith(',0,0.5,0')).toBe(true);
  });
});
