/**
 * The SQL dialects a scoring model exports to, one row of {@link SQL_DIALECTS} each: quoting of
 * identifiers and literals (exact round trip of every value), number literals that keep
 * JavaScript's doubles exactly, epoch milliseconds of a `TIMESTAMP`, the regular-expression test
 * leadcal uses to type columns, "every non-empty value is a number" as an aggregate, and the
 * few places where engines part ways (LIKE escapes, safe casts, correlated subqueries).
 *
 * DuckDB and PostgreSQL are run for real in the parity tests (and ClickHouse when installed);
 * BigQuery, Snowflake, Redshift and Spark SQL / Databricks are checked by golden SQL and by the
 * unit tests of their primitives (`test/model/sql-dialects.test.ts`).
 */
import { LeadcalError } from '../errors.js';

export type SqlDialectName = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake' | 'redshift' | 'spark' | 'clickhouse';

export interface SqlDialect {
  name: SqlDialectName;
  /** The engine's name, for the query header. */
  title: string;
  /** The text type for casts (nullable). */
  text: string;
  /** The double-precision type for casts. */
  double: string;
  /** The 64-bit integer type for casts (nullable). */
  bigint: string;
  /** A string literal that reads back as exactly `value` (NUL refused). */
  literal(value: string): string;
  /** A quoted identifier that names exactly `name`. */
  ident(name: string): string;
  /** The text with leading and trailing spaces (U+0020 only) removed. */
  trim(expr: string): string;
  /** What the query expects of `created_at` / `occurred_at`, for its header. */
  timeNote: string;
  /** A `TIMESTAMP` literal (UTC, milliseconds) for epoch milliseconds. */
  timestamp(ms: number): string;
  /** Epoch milliseconds (a double, sub-millisecond part dropped) of a `TIMESTAMP` expression. */
  epochMs(expr: string): string;
  /** Does the whole text match the regular expression (the RE2 / POSIX / Java subset of {@link NUMBER_PATTERN})? */
  fullMatch(expr: string, pattern: string): string;
  /** The double a text that passed `fullMatch(…, NUMBER_PATTERN)` spells (NULL elsewhere, never an error). */
  toDouble(text: string): string;
  /** Aggregate: TRUE when `test` holds on every row where `where` holds and there is at least one such row. */
  allWhere(test: string, where: string): string;
  /** The ` ESCAPE …` clause for a LIKE pattern escaped with `\`, '' when `\` is the engine's only escape. */
  likeEscape: string;
  /** Can the query use correlated subqueries with inequalities (else the unanswered rule joins)? */
  correlated: boolean;
  /** Column aliases the engine accepts (others become `column_N`); bytes at most. */
  alias: { pattern: RegExp; maxBytes: number; separator: string };
  /** Text after the final `ORDER BY` (engine settings), '' for none. */
  settings: string;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of epoch milliseconds. */
function timestampText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** `'…'` with `'` doubled (standard SQL; backslash is an ordinary character). */
const standardLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/**
 * `'…'` for engines where backslash starts an escape: `\` doubled, `'` written as `quote` (never
 * `\'`, so that {@link sqlLines} needs no knowledge of backslash escapes).
 */
const backslashLiteral = (quote: string) => (value: string): string => `'${value.replaceAll('\\', '\\\\').replaceAll("'", quote)}'`;

/** `"…"` with `"` doubled. */
const doubleQuoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `"…"` for ClickHouse, whose quoted identifiers take backslash escapes: `\` and `"` doubled. */
const clickhouseIdent = (name: string): string => `"${name.replaceAll('\\', '\\\\').replaceAll('"', '""')}"`;

/** `` `…` `` with `` ` `` doubled (Spark SQL). */
const backtickDoubled = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

/** `` `…` `` for BigQuery, whose quoted identifiers take backslash escapes: `` ` `` and `\` refused. */
function bigqueryIdent(name: string): string {
  if (/[`\\]/.test(name)) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'identifier', message: `BigQuery identifier ${JSON.stringify(name)} contains a backtick or a backslash, which leadcal does not quote for BigQuery`, hint: 'rename the column (BigQuery column names are letters, digits and _ anyway)' });
  }
  return `\`${name}\``;
}

const countAll = (test: string, where: string): string =>
  `(count(CASE WHEN ${where} THEN 1 END) > 0 AND count(CASE WHEN (${where}) AND NOT (${test}) THEN 1 END) = 0)`;

const anyAlias = { pattern: /^[^\u0000]*$/, maxBytes: 1024, separator: ':' };

export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = {
  duckdb: {
    name: 'duckdb',
    trim: (x) => `trim(${x})`,
    timeNote: 'created_at and occurred_at are TIMESTAMP in UTC',
    title: 'DuckDB',
    text: 'VARCHAR',
    double: 'DOUBLE',
    bigint: 'BIGINT',
    literal: standardLiteral,
    ident: doubleQuoted,
    timestamp: (ms) => `TIMESTAMP '${timestampText(ms)}'`,
    epochMs: (expr) => `epoch_ms(${expr})`,
    fullMatch: (expr, pattern) => `regexp_full_match(${expr}, ${standardLiteral(pattern)})`,
    toDouble: (text) => `CAST(${text} AS DOUBLE)`,
    allWhere: (test, where) => `coalesce(bool_and(${test}) FILTER (WHERE ${where}), FALSE)`,
    likeEscape: ` ESCAPE '\\'`,
    correlated: true,
    alias: anyAlias,
    settings: '',
  },
  postgres: {
    name: 'postgres',
    trim: (x) => `trim(${x})`,
    timeNote: 'created_at and occurred_at are TIMESTAMP (without time zone) in UTC',
    title: 'PostgreSQL',
    text: 'TEXT',
    double: 'DOUBLE PRECISION',
    bigint: 'BIGINT',
    // an escape string reads the same whatever `standard_conforming_strings` is
    literal: (value) => {
      const quoted = standardLiteral(value);
      return quoted.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
    },
    ident: doubleQuoted,
    timestamp: (ms) => `TIMESTAMP '${timestampText(ms)}'`,
    epochMs: (expr) => `CAST(floor(EXTRACT(EPOCH FROM ${expr}) * 1000) AS DOUBLE PRECISION)`,
    fullMatch: (expr, pattern) => `${expr} ~ ${standardLiteral(`^(${pattern})$`)}`,
    toDouble: (text) => `CAST(${text} AS DOUBLE PRECISION)`,
    allWhere: (test, where) => `coalesce(bool_and(${test}) FILTER (WHERE ${where}), FALSE)`,
    likeEscape: ` ESCAPE E'\\\\'`,
    correlated: true,
    alias: { pattern: /^[^\u0000]*$/, maxBytes: 63, separator: ':' },
    settings: '',
  },
  bigquery: {
    name: 'bigquery',
    trim: (x) => `TRIM(${x}, ' ')`,
    timeNote: 'created_at and occurred_at are TIMESTAMP',
    title: 'BigQuery (GoogleSQL)',
    text: 'STRING',
    double: 'FLOAT64',
    bigint: 'INT64',
    literal: backslashLiteral('\\x27'),
    ident: bigqueryIdent,
    timestamp: (ms) => `TIMESTAMP '${timestampText(ms)}+00'`,
    epochMs: (expr) => `CAST(UNIX_MILLIS(${expr}) AS FLOAT64)`,
    fullMatch: (expr, pattern) => `REGEXP_CONTAINS(${expr}, ${backslashLiteral('\\x27')(`^(?:${pattern})$`)})`,
    toDouble: (text) => `SAFE_CAST(${text} AS FLOAT64)`,
    allWhere: countAll,
    likeEscape: '',
    correlated: false,
    alias: { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, maxBytes: 300, separator: '__' },
    settings: '',
  },
  snowflake: {
    name: 'snowflake',
    trim: (x) => `trim(${x})`,
    timeNote: 'created_at and occurred_at are TIMESTAMP_NTZ in UTC; column names are matched exactly as the model spells them (quoted)',
    title: 'Snowflake',
    text: 'VARCHAR',
    double: 'DOUBLE',
    bigint: 'BIGINT',
    literal: backslashLiteral("''"),
    ident: doubleQuoted,
    timestamp: (ms) => `CAST('${timestampText(ms)}' AS TIMESTAMP_NTZ)`,
    epochMs: (expr) => `CAST(DATE_PART(epoch_millisecond, ${expr}) AS DOUBLE)`,
    fullMatch: (expr, pattern) => `REGEXP_LIKE(${expr}, ${backslashLiteral("''")(`^(${pattern})$`)})`,
    toDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
    allWhere: countAll,
    likeEscape: ` ESCAPE '\\\\'`,
    correlated: false,
    alias: { pattern: /^[^\u0000]*$/, maxBytes: 255, separator: ':' },
    settings: '',
  },
  redshift: {
    name: 'redshift',
    trim: (x) => `trim(${x})`,
    timeNote: 'created_at and occurred_at are TIMESTAMP (without time zone) in UTC',
    title: 'Amazon Redshift',
    text: 'VARCHAR(65535)',
    double: 'DOUBLE PRECISION',
    bigint: 'BIGINT',
    literal: backslashLiteral("''"),
    ident: doubleQuoted,
    timestamp: (ms) => `CAST('${timestampText(ms)}' AS TIMESTAMP)`,
    epochMs: (expr) => `CAST(DATEDIFF(millisecond, CAST('1970-01-01 00:00:00' AS TIMESTAMP), ${expr}) AS DOUBLE PRECISION)`,
    fullMatch: (expr, pattern) => `${expr} ~ ${backslashLiteral("''")(`^(${pattern})$`)}`,
    toDouble: (text) => `CAST(${text} AS DOUBLE PRECISION)`,
    allWhere: countAll,
    likeEscape: ` ESCAPE '\\\\'`,
    correlated: false,
    alias: { pattern: /^[^\u0000"]*$/, maxBytes: 127, separator: ':' },
    settings: '',
  },
  spark: {
    name: 'spark',
    trim: (x) => `trim(${x})`,
    timeNote: 'created_at and occurred_at are TIMESTAMP, read with spark.sql.session.timeZone = UTC',
    title: 'Spark SQL / Databricks',
    text: 'STRING',
    double: 'DOUBLE',
    bigint: 'BIGINT',
    literal: backslashLiteral('\\u0027'),
    ident: backtickDoubled,
    timestamp: (ms) => `TIMESTAMP '${timestampText(ms)}'`,
    epochMs: (expr) => `CAST(unix_millis(${expr}) AS DOUBLE)`,
    fullMatch: (expr, pattern) => `${expr} RLIKE ${backslashLiteral('\\u0027')(`^(${pattern})$`)}`,
    toDouble: (text) => `try_cast(${text} AS DOUBLE)`,
    allWhere: countAll,
    likeEscape: ` ESCAPE '\\\\'`,
    correlated: false,
    alias: { pattern: /^[^\u0000`.]*$/, maxBytes: 255, separator: ':' },
    settings: '',
  },
  clickhouse: {
    name: 'clickhouse',
    trim: (x) => `trimBoth(${x})`,
    timeNote: "created_at and occurred_at are DateTime64(3, 'UTC'); needs ClickHouse 21.9 or later (CTEs, window functions)",
    title: 'ClickHouse',
    text: 'Nullable(String)',
    double: 'Float64',
    bigint: 'Nullable(Int64)',
    literal: backslashLiteral("''"),
    ident: clickhouseIdent,
    timestamp: (ms) => `toDateTime64('${timestampText(ms)}', 3, 'UTC')`,
    epochMs: (expr) => `toFloat64(toUnixTimestamp64Milli(${expr}))`,
    fullMatch: (expr, pattern) => `match(${expr}, ${backslashLiteral("''")(`^(${pattern})$`)})`,
    toDouble: (text) => `toFloat64OrNull(${text})`,
    allWhere: countAll,
    likeEscape: '',
    correlated: false,
    alias: { pattern: /^[^\u0000]*$/, maxBytes: 1024, separator: ':' },
    settings: ' SETTINGS join_use_nulls = 1',
  },
};

/** leadcal's "plain decimal number" (see `isNumberText`), as a regular expression both databases accept. */
export const NUMBER_PATTERN = '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?';

function rejectNul(text: string, what: string): void {
  if (text.includes('\u0000')) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: what, message: `${what} ${JSON.stringify(text)} contains a NUL character, which SQL text cannot hold`, hint: 'remove the NUL character from the model' });
  }
}

/**
 * A string literal in the dialect that reads back as exactly `value`: single quotes doubled
 * (or, where backslash is an escape, backslashes doubled and quotes hex-escaped). For PostgreSQL
 * a value with a backslash is an escape string (`E'…'`).
 *
 * @throws LeadcalError (`option_invalid`) for a NUL character.
 * @example
 * sqlLiteral("O'Brien") // => "'O''Brien'"
 * sqlLiteral('a\\b', 'postgres') // => "E'a\\\\b'"
 * sqlLiteral("it's", 'spark') // => "'it\\u0027s'"
 */
export function sqlLiteral(value: string, dialect: SqlDialectName = 'duckdb'): string {
  rejectNul(value, 'value');
  return SQL_DIALECTS[dialect].literal(value);
}

/**
 * A quoted identifier in the dialect (`"…"` with `"` doubled; backticks for BigQuery and Spark).
 *
 * @example
 * sqlIdent('job level') // => '"job level"'
 * sqlIdent('a"b') // => '"a""b"'
 * sqlIdent('job level', 'spark') // => '`job level`'
 */
export function sqlIdent(name: string, dialect: SqlDialectName = 'duckdb'): string {
  rejectNul(name, 'identifier');
  return SQL_DIALECTS[dialect].ident(name);
}

/**
 * A number literal that the database reads as exactly the same double: safe integers as they
 * are, other values cast to the double type (`CAST(2.5 AS DOUBLE)`, `CAST('1e-7' AS DOUBLE)`).
 *
 * @throws LeadcalError (`option_invalid`) for NaN and infinities, which the model schema forbids anyway.
 * @example
 * sqlNumber(-15, SQL_DIALECTS.duckdb) // => '-15'
 * sqlNumber(0.5, SQL_DIALECTS.postgres) // => 'CAST(0.5 AS DOUBLE PRECISION)'
 */
export function sqlNumber(value: number, dialect: SqlDialect): string {
  if (!Number.isFinite(value)) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'model', message: `a model number must be finite; got ${String(value)}`, hint: 'fix the model file' });
  }
  if (Number.isSafeInteger(value)) return String(value === 0 ? 0 : value);
  const text = String(value);
  // DuckDB reads a plain decimal as DECIMAL; with at most 15 significant digits the DECIMAL →
  // DOUBLE conversion is exact-rounded, longer or exponent forms go through text.
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
  const plain = /^-?\d+\.\d+$/.test(text) && digits <= 15;
  const body = plain ? text : `'${text}'`;
  return `CAST(${body} AS ${dialect.double})`;
}

/** A `TIMESTAMP` literal for epoch milliseconds (UTC) in the dialect. */
export function sqlTimestamp(ms: number, dialect: SqlDialect = SQL_DIALECTS.duckdb): string {
  return dialect.timestamp(ms);
}

/** A `TIMESTAMP` literal in the dialect around `YYYY-MM-DD HH:MM:SS.mmm` text (or a template yielding it). */
export function sqlTimestampText(text: string, dialect: SqlDialect): string {
  return dialect.timestamp(0).replace(timestampText(0), text);
}

/**
 * A glob (`*` any run, `?` one character) as a LIKE pattern with `\` as the escape character.
 *
 * @example
 * globToLike('50%_off*') // => '50\\%\\_off%'
 */
export function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/**
 * Split SQL text into lines at the line breaks that are SQL layout, never inside a string
 * literal ('…', E'…') or a quoted identifier ("…", `…`), so that indenting the lines keeps every
 * value byte for byte. Quotes inside literals are always doubled or hex-escaped, never
 * backslash-escaped (see {@link sqlLiteral}), and
 * a `--` comment runs to the end of its line.
 *
 * @example
 * sqlLines("a = 'x\ny'\nAND b") // => ["a = 'x\ny'", 'AND b']
 */
export function sqlLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) {
        if (text[i + 1] === quote) i++;
        else quote = '';
      }
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (ch === '\n') {
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** A comment line's text: line breaks folded so user text cannot end the comment. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
