/**
 * The dbt project of `leadcal dbt`. dbt itself cannot be installed here (no PyPI), so the tests
 * render the project's Jinja with a minimal renderer that knows exactly the constructs leadcal
 * writes (config, source, ref, var, `{{ '{' }}`) and run the SQL on DuckDB: the model scores
 * like `scoreAsOf`, and the project's singular tests return no rows.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { LeadcalError } from '../../src/errors.js';
import { DBT_MODEL, dbtProject, jinjaText, writeDbtProject } from '../../src/model/dbt.js';
import { parseModel, readModel, type ScoringModel } from '../../src/model/schema.js';
import { scoreAsOf } from '../../src/model/score.js';
import { compareScores, duckdbWith, type SqlDatabase } from '../setup/sql-databases.js';
import { writeParityHistory, type ParityHistory } from '../setup/sql-history.js';
import { tempHistory } from '../helpers.js';

const DAY = 86_400_000;

/** dbt's rendering of the constructs leadcal writes; anything else is an error. */
function render(template: string, tables: Record<string, string>, asOfText?: string): string {
  expect(template).not.toMatch(/\{%|\{#/);
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === "'{'") return '{';
    if (expr.startsWith('config(')) return '';
    let m = /^source\('([^']*)', '([^']*)'\)$/.exec(expr);
    if (m) return tables[`${m[1]}.${m[2]}`] ?? fail(expr);
    m = /^ref\('([^']*)'\)$/.exec(expr);
    if (m) return tables[m[1]!] ?? fail(expr);
    if (expr.startsWith("var('leadcal_as_of', run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f')[:23])")) return asOfText ?? fail(expr);
    return fail(expr);
  });
}

function fail(expr: string): never {
  throw new Error(`unexpected Jinja: {{ ${expr} }}`);
}

const asOfText = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

const MODEL = readFileSync('test/fixtures/sql/model.yaml', 'utf8');
const featuresModel = parseModel(MODEL, 'model.yaml');
const starterModel = readModel('datasets/models/starter.yaml');
/** Thresholds per segment, and model text Jinja would read. */
const jinjaModel = parseModel(
  MODEL.replace('  - name: big\n', '  - name: big\n    threshold: 70\n').replace('software: 20', 'software: 20, "{{ x }}": 3, "{% raw %}": 4, "{#": 5'),
  'jinja.yaml',
);

let data: ParityHistory;
let history: History;
let db: SqlDatabase;

beforeAll(async () => {
  data = await writeParityHistory({ leads: 300, seed: 5, days: 240, sendReplyDays: 14 });
  history = (await loadHistory(data.dir)).history;
  db = await duckdbWith(data.dir);
});

afterAll(async () => {
  await db?.close();
  rmSync(data.dir, { recursive: true, force: true });
});

describe('jinjaText', () => {
  it('renders back to exactly the text', () => {
    for (const s of ['{{ x }}', '{% raw %}{% endraw %}', '{#', '{{{', 'a{b}', "'{{'", '{', '}}']) expect(render(jinjaText(s), {})).toBe(s);
  });
});

describe('the dbt project on DuckDB', () => {
  const asOfs = (): number[] => [data.startMs + 60 * DAY, data.eventMs, data.endMs].map(Math.floor);

  for (const [name, model, refs] of [['starter', starterModel, false], ['features', featuresModel, true], ['jinja-looking text, segment thresholds', jinjaModel, false]] as [string, ScoringModel, boolean][]) {
    it(`scores like scoreAsOf and passes its own tests (${name}, ${refs ? 'refs' : 'sources'})`, async () => {
      const files = dbtProject(model, { dialect: 'duckdb', refs });
      const tables = refs ? { leads: 'leads', events: 'events' } : { 'crm.leads': 'leads', 'crm.events': 'events' };
      for (const ms of asOfs()) {
        const sql = render(files[`models/${DBT_MODEL}.sql`]!, tables, asOfText(ms));
        const rows = await db.query(sql);
        const js = scoreAsOf(model, history, ms);
        const p = compareScores(history, js, rows);
        expect(p.missing).toEqual([]);
        expect(p.extra).toEqual([]);
        expect(p.segmentMismatches).toEqual([]);
        for (const diff of Object.values(p.maxAbsDiff)) expect(diff).toBeLessThanOrEqual(1e-9);
        const scores = { ...tables, [DBT_MODEL]: `(${sql}) AS leadcal_scores_table` };
        for (const test of ['tests/leadcal_score_parts.sql', 'tests/leadcal_thresholds.sql']) {
          const failing = await db.query(render(files[test]!, scores).replace(`(${sql}) AS leadcal_scores_table AS s`, `(${sql}) AS s`));
          expect(failing, test).toEqual([]);
        }
      }
    });
  }

  it('declares the sources and the column tests', () => {
    const files = dbtProject(starterModel, { dialect: 'snowflake', source: 'salesforce' });
    expect(Object.keys(files).sort()).toEqual(['README.md', 'dbt_project.yml', `models/${DBT_MODEL}.sql`, 'models/schema.yml', 'tests/leadcal_score_parts.sql', 'tests/leadcal_thresholds.sql']);
    expect(files['models/schema.yml']).toContain('  - name: "salesforce"');
    expect(files['models/schema.yml']).toContain('        tests: [unique, not_null]');
    expect(files[`models/${DBT_MODEL}.sql`]).toContain("{{ source('salesforce', 'leads') }}");
    expect(files[`models/${DBT_MODEL}.sql`]).not.toMatch(/;\s*$/);
    expect(files[`models/${DBT_MODEL}.sql`]).toContain('DATE_PART(epoch_millisecond, ');
  });
});

describe('writeDbtProject', () => {
  it('writes the project, replaces a project it wrote, and refuses any other folder', () => {
    const root = tempHistory({});
    const out = join(root, 'dbt');
    writeDbtProject(dbtProject(starterModel, { dialect: 'duckdb' }), out);
    expect(readFileSync(join(out, 'models', `${DBT_MODEL}.sql`), 'utf8')).toContain('starter');
    writeDbtProject(dbtProject(featuresModel, { dialect: 'postgres' }), out);
    expect(readFileSync(join(out, 'models', `${DBT_MODEL}.sql`), 'utf8')).toContain('PostgreSQL');
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'keep.txt'), 'x');
    expect(() => writeDbtProject(dbtProject(starterModel, { dialect: 'duckdb' }), mine)).toThrow(LeadcalError);
    expect(existsSync(join(mine, 'keep.txt'))).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });
});
