// Finding 6 of issue #20: a level containing a newline used to be re-indented inside its SQL
// literal ('new\n    line'), so DuckDB scored such leads differently from `score`, and a column
// name with a newline broke the query. Every string now round-trips byte for byte in literals
// and identifiers, in DuckDB and PostgreSQL, shown on a payload dataset; NUL is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { LeadcalError } from '../../src/errors.js';
import { parseModel, type ScoringModel } from '../../src/model/schema.js';
import { scoreAsOf } from '../../src/model/score.js';
import { modelToSql } from '../../src/model/sql.js';
import { sqlLines } from '../../src/model/sql-dialect.js';
import { compareScores, duckdbWith, postgresWith, testPostgres, type SqlDatabase } from '../setup/sql-databases.js';
import { day, tempHistory } from '../helpers.js';

/** Strings that break naive quoting or layout (no leading/trailing blanks: the loader trims). */
const PAYLOADS = [
  'new\nline', 'multi\n\n\nblank', 'crlf\r\nline', "it's", "''", 'dq"x', 'back\\slash', 'back\\\\two', 'trail\\', "E'x'",
  'tab\tx', 'ünï©ødé 🎉', "x'; DROP TABLE leads; --", "a -- 'b", '%_*?', 'new\n  indented\n    more', '$1 $$ $tag$',
];
const COLUMN = 'job\nlevel "x"';

const quote = (v: string): string => `"${v.replaceAll('"', '""')}"`;

let dir: string;
let history: History;
let model: ScoringModel;
const AS_OF = Date.UTC(2025, 11, 1);

beforeAll(async () => {
  const leads = [`lead_id,created_at,industry,${quote(COLUMN)}`];
  const events = ['lead_id,type,occurred_at,page'];
  for (let i = 0; i < 120; i++) {
    const p = PAYLOADS[i % PAYLOADS.length]!;
    const q = PAYLOADS[(i * 7 + 3) % PAYLOADS.length]!;
    leads.push(`L${i},${day(i)},${quote(p)},${quote(q)}`);
    events.push(`L${i},page_view,${day(i + 1)},${quote(PAYLOADS[(i * 5 + 1) % PAYLOADS.length]!)}`);
  }
  dir = tempHistory({ 'leads.csv': `${leads.join('\n')}\n`, 'events.csv': `${events.join('\n')}\n`, 'outcomes.csv': 'lead_id,stage,occurred_at\n' });
  history = (await loadHistory(dir)).history;
  const levels = Object.fromEntries(PAYLOADS.map((p, k) => [p, k + 1]));
  model = parseModel(JSON.stringify({
    leadcal: 1, name: "payloads 'n\nl'", threshold: 10,
    segments: [{ name: 'seg\nment', when: { industry: PAYLOADS[0] } }],
    fit: [
      { id: 'ind\nustry', field: 'industry', points: levels },
      { field: COLUMN, points: Object.fromEntries(PAYLOADS.map((p, k) => [p, 100 * (k + 1)])), other: -1 },
    ],
    behavior: PAYLOADS.map((p, k) => ({ id: `b${k}`, event: 'page_view', where: { page: p }, points: 1000 * (k + 1) })),
  }), 'payloads.json');
});

async function expectParity(db: SqlDatabase, dialect: 'duckdb' | 'postgres'): Promise<void> {
  const js = scoreAsOf(model, history, AS_OF);
  const rows = await db.query(modelToSql(model, { dialect, asOfMs: AS_OF }));
  const p = compareScores(history, js, rows);
  expect(p.missing).toEqual([]);
  expect(p.extra).toEqual([]);
  expect(p.segmentMismatches).toEqual([]);
  for (const [part, diff] of Object.entries(p.maxAbsDiff)) expect(diff, `${db.name}: ${part} (worst lead ${p.worst})`).toBe(0);
}

describe('SQL literals and identifiers are exact', () => {
  it('the payload history is read byte for byte, and every payload level scores', () => {
    const col = history.leads.attributes.industry!;
    expect(col.kind === 'category' && [...col.values].sort()).toEqual([...PAYLOADS].sort());
    const fit = scoreAsOf(model, history, AS_OF).fit;
    expect(new Set(fit).size).toBe(PAYLOADS.length);
  });

  it('sqlLines never splits inside a literal, an identifier or after a comment\'s quote', () => {
    expect(sqlLines("a = 'x\ny'\nAND \"c\nd\" = 1 -- it's\nEND")).toEqual(["a = 'x\ny'", 'AND "c\nd" = 1 -- it\'s', 'END']);
    expect(sqlLines("'it''s\n'\nx")).toEqual(["'it''s\n'", 'x']);
  });

  it('matches scoreAsOf exactly on DuckDB', async () => {
    const db = await duckdbWith(dir, { allVarchar: true });
    try {
      await expectParity(db, 'duckdb');
    } finally {
      await db.close();
    }
  });

  const postgres = testPostgres();
  it.skipIf(postgres.skip)(postgres.title('matches scoreAsOf exactly on PostgreSQL'), async () => {
    const db = await postgresWith(postgres.require(), dir);
    try {
      await expectParity(db, 'postgres');
    } finally {
      await db.close();
    }
  });

  it('a NUL character is refused with a clear error, not written', () => {
    const nul = parseModel('leadcal: 1\nname: m\nthreshold: 0\nfit:\n  - field: industry\n    points: { "a\\0b": 1 }\n', 'nul.yaml');
    expect(() => modelToSql(nul, { dialect: 'duckdb', asOfMs: AS_OF })).toThrow(LeadcalError);
    expect(() => modelToSql(nul, { dialect: 'postgres', asOfMs: AS_OF })).toThrow(/contains a NUL character/);
  });
});

afterAll(() => undefined);
