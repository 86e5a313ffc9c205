// Finding 3 of issue #20: one "n/a", "NaN", "Infinity", "0x10", "1,234" or decimal comma used to
// turn a numeric column into hundreds of categories silently. A mostly numeric column (≥ 20
// values, ≥ 95% plain numbers) stays numeric and the other values are errors at their lines.
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { formatIssue } from '../../src/errors.js';
import { typeTextColumn } from '../../src/data/number-typing.js';
import { csv, day, tempHistory } from '../helpers.js';

const numbers = (n: number): string[] => Array.from({ length: n }, (_, i) => String(10 + i));

describe('typeTextColumn', () => {
  for (const bad of ['n/a', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1,234', '2,5', '12 people']) {
    it(`"${bad}" in a numeric column is an error, the column stays numeric`, () => {
      const t = typeTextColumn([...numbers(40), bad, '']);
      expect(t.column.kind).toBe('number');
      expect(t.bad).toEqual([{ row: 40, value: bad, reason: 'not_a_number' }]);
      expect(Number.isNaN((t.column as { values: Float64Array }).values[40])).toBe(true);
    });
  }

  it('a declared missing token is missing, not an error', () => {
    const t = typeTextColumn([...numbers(40), 'n/a', ' N/A '], new Set(['n/a', 'N/A']));
    expect(t.column.kind).toBe('number');
    expect(t.bad).toEqual([]);
  });

  it('below 20 numbers or 95% the column is a category column', () => {
    expect(typeTextColumn([...numbers(19), 'n/a']).column.kind).toBe('category');
    expect(typeTextColumn([...numbers(30), 'a', 'b']).column.kind).toBe('category'); // 30/32 < 95%
    expect(typeTextColumn(['software', 'retail']).column.kind).toBe('category');
    expect(typeTextColumn(['1', '', '2.5']).column.kind).toBe('number');
  });

  it('control characters are errors in any column', () => {
    const t = typeTextColumn(['software', 'retail\u0000x', 'retail']);
    expect(t.column.kind).toBe('category');
    expect(t.bad).toEqual([{ row: 1, value: 'retail\u0000x', reason: 'control_character' }]);
    expect((t.column as { values: string[] }).values).toEqual(['software', 'retail']);
  });
});

describe('loading a mostly numeric column', () => {
  it('validate lists the bad values with file:line, and the column stays numeric', async () => {
    const rows = numbers(60).map((n, i) => `L${i},${day(i)},${n}`);
    rows[7] = `L7,${day(7)},n/a`;
    rows[9] = `L9,${day(9)},"1,234"`;
    const dir = tempHistory({ 'leads.csv': csv('lead_id,created_at,employees', rows), 'events.csv': csv('lead_id,type,occurred_at', []), 'outcomes.csv': csv('lead_id,stage,occurred_at', []) });
    const report = await readHistory(dir);
    const lines = report.issues.filter((i) => i.severity === 'error').map(formatIssue);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/leads\.csv:9: column employees: "n\/a" is not a number in a numeric column — if "n\/a" means unknown, declare it a missing-value token/);
    expect(lines[1]).toMatch(/leads\.csv:11: column employees: "1,234" is not a number in a numeric column — thousands separators are not read/);
    expect(report.history!.leads.attributes.employees!.kind).toBe('number');
  });
});
