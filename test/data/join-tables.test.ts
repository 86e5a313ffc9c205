// Joins (issue #12): further tables joined to the leads by a key; their columns become
// attributes; a key without a match is an error naming the leads file and line.
import { describe, expect, it } from 'vitest';
import { formatIssue, loadHistory, readHistory, type Mapping } from '../../src/index.js';
import { csv, day, tempHistory } from '../helpers.js';

const FILES = {
  'leads.csv': csv('lead_id,created_at,account,agent', [`L1,${day(0)},Acme,Ann`, `L2,${day(1)},,Bob`, `L3,${day(2)},Beta,Ann`]),
  'accounts.csv': csv('account,sector,revenue', ['Acme,tech,1100.5', 'Beta,medical,251']),
  'teams.csv': csv('sales_agent,region', ['Ann,East', 'Bob,West']),
  'outcomes.csv': csv('lead_id,stage,occurred_at', [`L1,won,${day(5)}`]),
};
const MAPPING: Mapping = { events: null, leads: { file: 'leads.csv', attributes: ['account'], join: [{ file: 'accounts.csv', on: 'account' }, { file: 'teams.csv', on: 'agent', key: 'sales_agent' }] } };

describe('joins', () => {
  it('brings the joined columns in as typed attributes; an empty key leaves them empty', async () => {
    const { history } = await loadHistory(tempHistory(FILES), { mapping: MAPPING });
    expect(Object.keys(history.leads.attributes)).toEqual(['account', 'sector', 'revenue', 'region']);
    const revenue = history.leads.attributes.revenue!;
    expect(revenue.kind).toBe('number');
    expect(Array.from((revenue as { values: Float64Array }).values)).toEqual([1100.5, NaN, 251]);
    const region = history.leads.attributes.region!;
    expect(region.kind === 'category' && Array.from(region.codes, (c) => region.values[c])).toEqual(['East', 'West', 'East']);
  });

  it('names the leads file and line of a key without a match, and a key that appears twice in the joined table', async () => {
    const files = { ...FILES, 'accounts.csv': csv('account,sector,revenue', ['Acme,tech,1', 'Acme,tech,2']) };
    const report = await readHistory(tempHistory(files), { mapping: MAPPING });
    const lines = report.issues.filter((i) => i.severity === 'error').map(formatIssue);
    expect(lines).toContainEqual(expect.stringMatching(/accounts\.csv:3: column account: key "Acme" appears twice \(first on line 2\)/));
    expect(lines).toContainEqual(expect.stringMatching(/leads\.csv:4: column account: "Beta" has no row in .*accounts\.csv \(joined on account\)/));
  });

  it('reports a join key missing from either table', async () => {
    const report = await readHistory(tempHistory(FILES), { mapping: { ...MAPPING, leads: { ...MAPPING.leads!, join: [{ file: 'teams.csv', on: 'agent' }] } } });
    expect(report.issues.map(formatIssue).join('\n')).toMatch(/teams\.csv:1: column agent: join key "agent" is missing \(needed to join .*leads\.csv on "agent"\)/);
  });
});
