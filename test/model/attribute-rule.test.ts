// One model, one meaning (#19): for random attribute rules (level maps with and without
// `other`/`missing`, bins with open ends, gaps and overlaps, hand-edited `other`) and random
// leads, the scorer, the DuckDB SQL export, the rule table and the explanation give every lead
// the points of a reference reading written here from the documented semantics.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileModel, explainScore, loadHistory, modelToSql, parseModel, resolveAttributeRule, ruleTable, scoreAsOf, type AttributeRule } from '../../src/index.js';
import { isNumberText } from '../../src/data/columns.js';
import { sqlLiteral } from '../../src/model/sql.js';
import { csv, day, tempHistory } from '../helpers.js';

const AS_OF = Date.UTC(2026, 0, 1);
// prototype names are ordinary levels (#20 finding 5): keys are data everywhere
const TEXT_VALUES = ['software', 'retail', 'finance', 'x y', "o'brien", 'a,b', '50', '050', '7.5', '0x10', '0b1111', '1e3', 'constructor', '__proto__', 'toString'];
const NUMBER_VALUES = ['1', '5', '10', '50', '99.5', '100', '1000', '-3', '050'];

/** The documented semantics, read directly: missing, the listed level / first bin, else other. */
function expectedPoints(rule: AttributeRule, raw: string, numericColumn: boolean): { points: number; criterion: string } {
  const text = raw.trim();
  if (text === '') return { points: rule.missing ?? 0, criterion: `${rule.field} is empty` };
  if (rule.points) {
    const key = numericColumn ? String(Number(text)) : text;
    if (Object.hasOwn(rule.points, key)) return { points: rule.points[key]!, criterion: `${rule.field} = ${key}` };
  } else {
    const v = Number(text);
    if (isNumberText(text) && Number.isFinite(v)) {
      for (const b of rule.bins!) if ((b.min === undefined || v >= b.min) && (b.max === undefined || v < b.max)) return { points: b.points, criterion: JSON.stringify(b) };
    }
  }
  return { points: rule.other ?? 0, criterion: `${rule.field}: any other value` };
}

const points = fc.integer({ min: -50, max: 50 });
const levelRule = (values: string[]): fc.Arbitrary<AttributeRule> => fc.record({
  levels: fc.uniqueArray(fc.constantFrom(...values, 'unseen'), { maxLength: 6 }),
  pts: fc.array(points, { minLength: 6, maxLength: 6 }),
  missing: fc.option(points, { nil: undefined }),
  other: fc.option(points, { nil: undefined }),
}).map(({ levels, pts, missing, other }) => ({
  field: 'attr', points: Object.fromEntries(levels.map((l, k) => [l, pts[k]!])),
  ...(missing === undefined ? {} : { missing }), ...(other === undefined ? {} : { other }),
}));
const binRule: fc.Arbitrary<AttributeRule> = fc.record({
  edges: fc.uniqueArray(fc.integer({ min: -10, max: 1200 }), { minLength: 1, maxLength: 5 }),
  openLow: fc.boolean(), openHigh: fc.boolean(), gap: fc.boolean(),
  pts: fc.array(points, { minLength: 7, maxLength: 7 }),
  missing: fc.option(points, { nil: undefined }),
  other: fc.option(points, { nil: undefined }),
}).map(({ edges, openLow, openHigh, gap, pts, missing, other }) => {
  const e = [...edges].sort((a, b) => a - b);
  const bins: { min?: number; max?: number; points: number }[] = [];
  if (openLow) bins.push({ max: e[0]!, points: pts[0]! });
  for (let j = 0; j + 1 < e.length; j++) if (!(gap && j === 0)) bins.push({ min: e[j]!, max: e[j + 1]!, points: pts[j + 1]! });
  if (openHigh || bins.length === 0) bins.push({ min: e[e.length - 1]!, points: pts[6]! });
  return { field: 'attr', bins, ...(missing === undefined ? {} : { missing }), ...(other === undefined ? {} : { other }) };
});

let instance: DuckDBInstance;
let con: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  con = await instance.connect();
});
afterAll(() => {
  con.closeSync();
  instance.closeSync();
});

describe('an attribute rule has one meaning for every reader', () => {
  it('scorer = SQL = rule table = explanation = the documented semantics', async () => {
    await fc.assert(fc.asyncProperty(
      fc.boolean().chain((numeric) => fc.record({
        numeric: fc.constant(numeric),
        values: fc.array(fc.oneof(fc.constantFrom(...(numeric ? NUMBER_VALUES : TEXT_VALUES)), fc.constant('')), { minLength: 5, maxLength: 25 }),
        rule: numeric ? fc.oneof(binRule, levelRule(NUMBER_VALUES.map((v) => String(Number(v))))) : fc.oneof(levelRule(TEXT_VALUES), binRule),
      })),
      async ({ numeric, values, rule }) => {
        const rows = values.map((v, i) => `L${i},${day(i)},${v.includes("'") || v.includes(' ') || v.includes(',') ? `"${v}"` : v}`);
        const dir = tempHistory({ 'leads.csv': csv('lead_id,created_at,attr', rows), 'events.csv': csv('lead_id,type,occurred_at', []), 'outcomes.csv': csv('lead_id,stage,occurred_at', []) });
        const { history } = await loadHistory(dir);
        const column = history.leads.attributes.attr;
        const numericColumn = column?.kind === 'number';
        const model = parseModel(JSON.stringify({ leadcal: 1, name: 'p', threshold: 0, fit: [{ id: 'attr', ...rule }] }), 'p.json');
        const scored = scoreAsOf(model, history, AS_OF);
        const compiled = compileModel(model, history);
        const table = ruleTable(model).filter((r) => r.section === 'fit');
        const cases = resolveAttributeRule(model.fit[0]!, 'attr').cases;
        expect(table.map((r) => r.points)).toEqual(cases.map((c) => c.points));
        await con.run(`CREATE OR REPLACE TABLE leads AS SELECT * REPLACE (CAST(created_at AS TIMESTAMP) AS created_at) FROM read_csv(${sqlLiteral(`${dir}/leads.csv`)}, header = true, all_varchar = true)`); // the text as exported: DuckDB's sniffer would read 0x10 as 16
        await con.run('CREATE OR REPLACE TABLE events (lead_id VARCHAR, type VARCHAR, occurred_at TIMESTAMP)');
        const sqlRows = (await con.runAndReadAll(modelToSql(model, { dialect: 'duckdb', asOfMs: AS_OF }))).getRowObjectsJS();
        const sqlFit = new Map(sqlRows.map((r) => [String(r.lead_id), Number(r.fit)]));
        for (let k = 0; k < scored.count; k++) {
          const lead = scored.lead[k]!;
          const id = history.leads.ids[lead]!;
          const want = expectedPoints(model.fit[0]!, values[lead]!, numericColumn);
          const label = `${id} value "${values[lead]}" (${numericColumn ? 'numeric' : 'text'} column${numeric ? '' : ''})`;
          expect(scored.fit[k], `scorer, ${label}`).toBe(want.points);
          expect(sqlFit.get(id), `sql, ${label}`).toBe(want.points);
          const line = explainScore(compiled, id, AS_OF).lines.find((l) => l.group === 'fit');
          expect(line?.after ?? 0, `explanation, ${label}`).toBe(want.points);
          // the rule table row of the lead's case carries the same points
          expect(table[compiled.fitCases[0]![lead]!]!.points, `rule table, ${label}`).toBe(want.points);
        }
      },
    ), { numRuns: 60, seed: 19 });
  }, 120_000);
});
