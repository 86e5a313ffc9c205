// Flat labelled tables (issue #12): one row per lead with a label column becomes a history with
// one snapshot per lead and every label observed; missing-value tokens are read as empty before
// typing; label values map to stages; bad labels are reported with file and line.
import { describe, expect, it } from 'vitest';
import { buildFrame, FLAT_EPOCH_MS, formatIssue, loadHistory, readHistory, type Mapping } from '../../src/index.js';
import { csv, tempHistory } from '../helpers.js';

const TABLE = csv('Prospect ID,Converted,Visits,Source,Quality', [
  'a,1,3,Google,High',
  'b,0,N/A,Select,Select',
  'c,0,1,Chat,-',
  'd,1,7,Google,High',
  'e,,2,Chat,Low',
]);
const MAPPING: Mapping = { missing: ['Select', 'N/A'], leads: { file: 'Leads.csv', columns: { lead_id: 'Prospect ID' }, missing: { Quality: ['-'] } }, label: { column: 'Converted', positive: '1' } };

describe('flat labelled table', () => {
  it('reads one table: ids, synthetic created_at in file order, outcomes from the label, unlabelled rows left out', async () => {
    const dir = tempHistory({ 'Leads.csv': TABLE });
    const { history, warnings } = await loadHistory(dir, { mapping: MAPPING });
    expect(history.leads.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(history.leads.createdMs)).toEqual([0, 1, 2, 3].map((i) => FLAT_EPOCH_MS + i * 60_000));
    expect(history.flat).toMatchObject({ labelColumn: 'Converted', target: 'won', dated: false, positives: 2, negatives: 2, unlabelled: 1 });
    // the label is not an attribute; tokens are empty before typing: Visits stays numeric
    expect(Object.keys(history.leads.attributes)).toEqual(['Visits', 'Source', 'Quality']);
    expect(history.leads.attributes.Visits!.kind).toBe('number');
    expect(Number.isNaN((history.leads.attributes.Visits as { values: Float64Array }).values[1]!)).toBe(true);
    const source = history.leads.attributes.Source!;
    expect(source.kind === 'category' && source.values).toEqual(['Google', 'Chat']);
    const quality = history.leads.attributes.Quality!;
    expect(quality.kind === 'category' && Array.from(quality.codes)).toEqual([0, -1, -1, 0]);
    // said once: no point-in-time guarantee; and the unlabelled row
    expect(warnings.filter((w) => w.code === 'point_in_time_unknown')).toHaveLength(1);
    expect(warnings.some((w) => w.code === 'value_missing' && /1 row\(s\) without a label/.test(w.message))).toBe(true);
  });

  it('has one frame whatever the options: every lead once, its label observed', async () => {
    const { history } = await loadHistory(tempHistory({ 'Leads.csv': TABLE }), { mapping: MAPPING });
    for (const options of [{}, { horizonDays: 90, schedule: { kind: 'every' as const, days: 30 } }, { target: 'sql' as const }]) {
      const frame = buildFrame(history, options);
      expect(Array.from(frame.lead)).toEqual([0, 1, 2, 3]);
      expect(Array.from(frame.label)).toEqual([1, 0, 0, 1]);
    }
  });

  it('maps label values to stages, uses line numbers as ids without an id column, reads a date column as created_at', async () => {
    const dir = tempHistory({ 'bank.csv': csv('"age";"when";"y"', ['30;2024-01-05;"yes"', '41;2024-02-01;"no"', '52;2024-03-01;"No"']) });
    const { history } = await loadHistory(dir, { mapping: { leads: { file: 'bank.csv', delimiter: ';', columns: { created_at: 'when' } }, label: { column: 'y', stages: { yes: 'won', no: 'lost' } } } });
    expect(history.leads.ids).toEqual(['2', '3', '4']);
    expect(history.flat).toMatchObject({ dated: true, positives: 1, lineIds: true });
    expect(history.leads.createdMs[0]).toBe(Date.UTC(2024, 0, 5));
    expect(Array.from(buildFrame(history).label)).toEqual([1, 0, 0]);
  });

  it('reports label values that are neither positive nor negative, and a missing label column, with file and line', async () => {
    const dir = tempHistory({ 'Leads.csv': csv('id,Converted', ['a,1', 'b,0', 'c,maybe']) });
    const bad = await readHistory(dir, { mapping: { leads: { file: 'Leads.csv', columns: { lead_id: 'id' } }, label: { column: 'Converted', positive: '1', negative: '0' } } });
    expect(bad.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([
      expect.stringMatching(/^.*Leads\.csv:4: column Converted: label value "maybe" is neither positive nor negative/),
    ]);
    const missing = await readHistory(dir, { mapping: { leads: { file: 'Leads.csv' }, label: { column: 'Convertd', positive: '1' } } });
    expect(missing.issues.map(formatIssue).join('\n')).toMatch(/Leads\.csv:1: column Convertd: label column "Convertd" is missing — did you mean "Converted"\?/);
  });

  it('refuses a mapping with both a label and outcomes', async () => {
    const dir = tempHistory({ 'Leads.csv': TABLE });
    const report = await readHistory(dir, { mapping: { ...MAPPING, outcomes: { file: 'Leads.csv' } } });
    expect(report.issues.some((i) => i.severity === 'error' && i.code === 'mapping_invalid')).toBe(true);
  });
});
