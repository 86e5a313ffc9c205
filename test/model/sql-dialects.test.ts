/**
 * The primitives of every SQL dialect (`SQL_DIALECTS`): quoting of literals and identifiers with
 * an exact round trip, timestamps and epoch milliseconds, the regular-expression full match, safe
 * casts, the "every non-empty value is a number" aggregate, LIKE escapes. Each dialect's text is
 * pinned here; DuckDB and PostgreSQL run them in `sql-literals.test.ts` and the parity tests, and
 * a ClickHouse server (when installed) runs ClickHouse's below.
 */
import { describe, expect, it } from 'vitest';
import { SQL_DIALECT_CHOICES } from '../../src/cli/model-commands.js';
import { isNumberText } from '../../src/data/columns.js';
import { LeadcalError } from '../../src/errors.js';
import { NUMBER_PATTERN, SQL_DIALECTS, globToLike, sqlIdent, sqlLines, sqlLiteral, sqlNumber, type SqlDialectName } from '../../src/model/sql-dialect.js';
import { clickhouseQuery, testClickHouse } from '../setup/sql-databases.js';

const NAMES = Object.keys(SQL_DIALECTS) as SqlDialectName[];
const PAYLOADS = ["it's", "''", 'back\\slash', 'trail\\', "\\'", 'new\nline', 'tab\tx', 'dq"x', 'bt`x', 'ünï©ødé 🎉', '%_*?', "a -- 'b", '\\x27', '\\u0027'];
const MS = Date.UTC(2025, 5, 30, 12, 0, 0, 250);

describe('the dialect table', () => {
  it('is what `leadcal sql --dialect` offers', () => {
    expect([...SQL_DIALECT_CHOICES].sort()).toEqual([...NAMES].sort());
  });

  it('quotes literals the way each engine reads them', () => {
    const expected: Record<SqlDialectName, string[]> = {
      duckdb: ["'it''s'", "'a\\b'"],
      postgres: ["'it''s'", "E'a\\\\b'"],
      bigquery: ["'it\\x27s'", "'a\\\\b'"],
      snowflake: ["'it''s'", "'a\\\\b'"],
      redshift: ["'it''s'", "'a\\\\b'"],
      spark: ["'it\\u0027s'", "'a\\\\b'"],
      clickhouse: ["'it''s'", "'a\\\\b'"],
    };
    for (const d of NAMES) expect([sqlLiteral("it's", d), sqlLiteral('a\\b', d)], d).toEqual(expected[d]);
  });

  it('quotes identifiers with the engine quote, doubled inside', () => {
    for (const d of NAMES) {
      const q = d === 'bigquery' || d === 'spark' ? '`' : '"';
      expect(sqlIdent('job level', d), d).toBe(`${q}job level${q}`);
    }
    expect(sqlIdent('a"b', 'clickhouse')).toBe('"a""b"');
    expect(sqlIdent('a\\b', 'clickhouse')).toBe('"a\\\\b"');
    expect(sqlIdent('a`b', 'spark')).toBe('`a``b`');
    expect(() => sqlIdent('a`b', 'bigquery')).toThrow(LeadcalError);
    expect(() => sqlIdent('a\\b', 'bigquery')).toThrow(/backtick or a backslash/);
  });

  it('refuses NUL in every dialect', () => {
    for (const d of NAMES) {
      expect(() => sqlLiteral('a\u0000b', d), d).toThrow(LeadcalError);
      expect(() => sqlIdent('a\u0000b', d), d).toThrow(LeadcalError);
    }
  });

  it('keeps every literal and identifier whole through the line layout', () => {
    for (const d of NAMES) {
      for (const p of PAYLOADS) {
        const lit = sqlLiteral(p, d);
        expect(sqlLines(`SELECT ${lit}\nAS x`), `${d} ${JSON.stringify(p)}`).toEqual([`SELECT ${lit}`, 'AS x']);
        if (d === 'bigquery' && /[`\\]/.test(p)) continue;
        const id = sqlIdent(p, d);
        expect(sqlLines(`SELECT ${id}\nFROM t`), `${d} ${JSON.stringify(p)}`).toEqual([`SELECT ${id}`, 'FROM t']);
      }
    }
  });

  it('writes timestamps, epoch milliseconds and casts per engine', () => {
    const t: Record<SqlDialectName, string[]> = {
      duckdb: ["TIMESTAMP '2025-06-30 12:00:00.250'", 'epoch_ms(x)', 'CAST(0.5 AS DOUBLE)'],
      postgres: ["TIMESTAMP '2025-06-30 12:00:00.250'", 'CAST(floor(EXTRACT(EPOCH FROM x) * 1000) AS DOUBLE PRECISION)', 'CAST(0.5 AS DOUBLE PRECISION)'],
      bigquery: ["TIMESTAMP '2025-06-30 12:00:00.250+00'", 'CAST(UNIX_MILLIS(x) AS FLOAT64)', 'CAST(0.5 AS FLOAT64)'],
      snowflake: ["CAST('2025-06-30 12:00:00.250' AS TIMESTAMP_NTZ)", 'CAST(DATE_PART(epoch_millisecond, x) AS DOUBLE)', 'CAST(0.5 AS DOUBLE)'],
      redshift: ["CAST('2025-06-30 12:00:00.250' AS TIMESTAMP)", "CAST(DATEDIFF(millisecond, CAST('1970-01-01 00:00:00' AS TIMESTAMP), x) AS DOUBLE PRECISION)", 'CAST(0.5 AS DOUBLE PRECISION)'],
      spark: ["TIMESTAMP '2025-06-30 12:00:00.250'", 'CAST(unix_millis(x) AS DOUBLE)', 'CAST(0.5 AS DOUBLE)'],
      clickhouse: ["toDateTime64('2025-06-30 12:00:00.250', 3, 'UTC')", 'toFloat64(toUnixTimestamp64Milli(x))', 'CAST(0.5 AS Float64)'],
    };
    for (const d of NAMES) {
      const dialect = SQL_DIALECTS[d];
      expect([dialect.timestamp(MS), dialect.epochMs('x'), sqlNumber(0.5, dialect)], d).toEqual(t[d]);
      expect(sqlNumber(1e-7, dialect), d).toBe(`CAST('1e-7' AS ${dialect.double})`);
      expect(sqlNumber(-15, dialect), d).toBe('-15');
    }
  });

  it('anchors the number pattern and casts without errors where CASE is not lazy', () => {
    const m: Record<SqlDialectName, string> = {
      duckdb: `regexp_full_match(x, '${NUMBER_PATTERN}')`,
      postgres: `x ~ '^(${NUMBER_PATTERN})$'`,
      bigquery: `REGEXP_CONTAINS(x, '^(?:${NUMBER_PATTERN})$')`,
      snowflake: `REGEXP_LIKE(x, '^(${NUMBER_PATTERN})$')`,
      redshift: `x ~ '^(${NUMBER_PATTERN})$'`,
      spark: `x RLIKE '^(${NUMBER_PATTERN})$'`,
      clickhouse: `match(x, '^(${NUMBER_PATTERN})$')`,
    };
    for (const d of NAMES) expect(SQL_DIALECTS[d].fullMatch('x', NUMBER_PATTERN), d).toBe(m[d]);
    expect(SQL_DIALECTS.bigquery.toDouble('x')).toBe('SAFE_CAST(x AS FLOAT64)');
    expect(SQL_DIALECTS.snowflake.toDouble('x')).toBe('TRY_CAST(x AS DOUBLE)');
    expect(SQL_DIALECTS.spark.toDouble('x')).toBe('try_cast(x AS DOUBLE)');
    expect(SQL_DIALECTS.clickhouse.toDouble('x')).toBe('toFloat64OrNull(x)');
  });

  it('counts instead of bool_and … FILTER where the engine lacks them', () => {
    for (const d of NAMES) {
      const sql = SQL_DIALECTS[d].allWhere('p', 'c');
      if (d === 'duckdb' || d === 'postgres') expect(sql).toBe('coalesce(bool_and(p) FILTER (WHERE c), FALSE)');
      else expect(sql, d).toBe('(count(CASE WHEN c THEN 1 END) > 0 AND count(CASE WHEN (c) AND NOT (p) THEN 1 END) = 0)');
    }
  });

  it('escapes LIKE with a backslash: an ESCAPE clause where the engine has no default', () => {
    expect(SQL_DIALECTS.duckdb.likeEscape).toBe(" ESCAPE '\\'");
    expect(SQL_DIALECTS.postgres.likeEscape).toBe(" ESCAPE E'\\\\'");
    for (const d of ['snowflake', 'redshift', 'spark'] as const) expect(SQL_DIALECTS[d].likeEscape, d).toBe(` ESCAPE ${sqlLiteral('\\', d)}`);
    expect(SQL_DIALECTS.bigquery.likeEscape).toBe('');
    expect(SQL_DIALECTS.clickhouse.likeEscape).toBe('');
  });
});

const clickhouse = testClickHouse();

/** The 8 bytes of a double, as ClickHouse's `hex(reinterpretAsString(x))` prints them (little endian). */
function doubleHex(v: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b.toString('hex').toUpperCase();
}

describe.skipIf(clickhouse.skip)(clickhouse.title('ClickHouse runs its primitives'), () => {
  const ch = SQL_DIALECTS.clickhouse;
  const q = async (sql: string): Promise<Record<string, unknown>[]> => clickhouseQuery(clickhouse.require(), `${sql} FORMAT JSONEachRow`);

  it('reads every literal and identifier back byte for byte', async () => {
    const items = PAYLOADS.map((p, i) => `${sqlLiteral(p, 'clickhouse')} AS ${sqlIdent(`v${i} ${p}`, 'clickhouse')}`);
    const [row] = await q(`SELECT ${items.join(', ')}`);
    expect(row).toEqual(Object.fromEntries(PAYLOADS.map((p, i) => [`v${i} ${p}`, p])));
  });

  // (subnormal numbers are left out: Debian's ClickHouse 18.16 reads 5e-324 as 0)
  it('reads number literals and number text as exactly the same doubles', async () => {
    const values = [0.1, 1 / 3, 1e-7, 0.7 * 86_400_000, 1.5e6, -2.5, 123456789.12345679, 2.2250738585072014e-308, 1.7976931348623157e308, 2 ** 53 + 2, -0.3, 2.2, 4.75];
    const items = values.flatMap((v, i) => [`hex(reinterpretAsString(toFloat64(${sqlNumber(v, ch)}))) AS n${i}`, `hex(reinterpretAsString(${ch.toDouble(sqlLiteral(String(v), 'clickhouse'))})) AS t${i}`]);
    const [row] = await q(`SELECT ${items.join(', ')}`);
    for (const [i, v] of values.entries()) {
      // reinterpretAsString drops trailing zero bytes
      expect(String(row![`n${i}`]).padEnd(16, '0'), `literal ${v}`).toBe(doubleHex(v));
      expect(String(row![`t${i}`]).padEnd(16, '0'), `text ${v}`).toBe(doubleHex(v));
    }
  });

  it('types number text as leadcal does', async () => {
    const texts = ['50', '050', '-4', '+7', '7.0', '.5', '5.', '1e3', '1E-3', '0x10', '1e', 'e3', '.', '-', '1,5', 'Infinity', 'NaN', '1 2', ''];
    const [row] = await q(`SELECT ${texts.map((t, i) => `${ch.fullMatch(sqlLiteral(t, 'clickhouse'), NUMBER_PATTERN)} AS m${i}`).join(', ')}`);
    for (const [i, t] of texts.entries()) expect(row![`m${i}`], JSON.stringify(t)).toBe(isNumberText(t) ? 1 : 0);
  });

  it('aggregates "every non-empty value is a number" by counting', async () => {
    const kind = async (values: string[]): Promise<unknown> => {
      const x = 'x';
      const [row] = await q(`SELECT ${ch.allWhere(ch.fullMatch(x, NUMBER_PATTERN), `${x} <> ''`)} AS k FROM (SELECT arrayJoin([${values.map((v) => sqlLiteral(v, 'clickhouse')).join(', ')}]) AS x)`);
      return row!.k;
    };
    expect(await kind(['1', '', '2.5'])).toBe(1);
    expect(await kind(['1', 'a', '2'])).toBe(0);
    expect(await kind(['', ''])).toBe(0);
  });

  it('matches globs with LIKE and the default backslash escape', async () => {
    const cases: [string, string, boolean][] = [['promo_50%*', 'promo_50%off', true], ['promo_50%*', 'promoX50%off', false], ['promo_50%*', 'promo_50Xoff', false], ['docs\\*', 'docs\\x', true], ['docs\\*', 'docsx', false], ['careers?jobs', 'careers/jobs', true], ["blog/it's*", "blog/it's-new", true]];
    const [row] = await q(`SELECT ${cases.map(([glob, text], i) => `${sqlLiteral(text, 'clickhouse')} LIKE ${sqlLiteral(globToLike(glob), 'clickhouse')}${ch.likeEscape} AS g${i}`).join(', ')}`);
    for (const [i, [glob, text, hit]] of cases.entries()) expect(row![`g${i}`], `${text} ~ ${glob}`).toBe(hit ? 1 : 0);
  });

  it('computes the half-life decay factor as JavaScript does (1e-15)', async () => {
    const [row] = await q(`SELECT exp(-ln(2) / ${sqlNumber(3.5 * 86_400_000, ch)} * ${sqlNumber(123456789.5, ch)}) AS f`);
    expect(Math.abs(Number(row!.f) - Math.exp((-Math.LN2 / (3.5 * 86_400_000)) * 123456789.5))).toBeLessThan(1e-15);
  });
});
