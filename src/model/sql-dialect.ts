/**
 * The two SQL dialects a scoring model exports to (DuckDB and PostgreSQL): quoting of
 * identifiers and literals, number literals that keep JavaScript's doubles exactly, epoch
 * milliseconds of a `TIMESTAMP`, and the regular-expression test leadcal uses to type columns.
 */
import { LeadcalError } from '../errors.js';

export type SqlDialectName = 'duckdb' | 'postgres';

export interface SqlDialect {
  name: SqlDialectName;
  /** The text type for casts. */
  text: string;
  /** The double-precision type for casts. */
  double: string;
  /** Epoch milliseconds (a double, sub-millisecond part dropped) of a `TIMESTAMP` expression. */
  epochMs(expr: string): string;
  /** Does the whole text match the regular expression (RE2 / POSIX syntax shared by both)? */
  fullMatch(expr: string, pattern: string): string;
}

export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = {
  duckdb: {
    name: 'duckdb',
    text: 'VARCHAR',
    double: 'DOUBLE',
    epochMs: (expr) => `epoch_ms(${expr})`,
    fullMatch: (expr, pattern) => `regexp_full_match(${expr}, ${sqlLiteral(pattern)})`,
  },
  postgres: {
    name: 'postgres',
    text: 'TEXT',
    double: 'DOUBLE PRECISION',
    epochMs: (expr) => `CAST(floor(EXTRACT(EPOCH FROM ${expr}) * 1000) AS DOUBLE PRECISION)`,
    fullMatch: (expr, pattern) => `${expr} ~ ${sqlLiteral(`^(${pattern})$`, 'postgres')}`,
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
 * A string literal: single quotes doubled. For PostgreSQL a value with a backslash is written
 * as an escape string (`E'…'`), so it reads the same whatever `standard_conforming_strings` is.
 *
 * @example
 * sqlLiteral("O'Brien") // => "'O''Brien'"
 * sqlLiteral('a\\b', 'postgres') // => "E'a\\\\b'"
 */
export function sqlLiteral(value: string, dialect: SqlDialectName = 'duckdb'): string {
  rejectNul(value, 'value');
  const quoted = value.replaceAll("'", "''");
  if (dialect === 'postgres' && quoted.includes('\\')) return `E'${quoted.replaceAll('\\', '\\\\')}'`;
  return `'${quoted}'`;
}

/**
 * A quoted identifier (double quotes doubled); the same in both dialects.
 *
 * @example
 * sqlIdent('job level') // => '"job level"'
 * sqlIdent('a"b') // => '"a""b"'
 */
export function sqlIdent(name: string): string {
  rejectNul(name, 'identifier');
  return `"${name.replaceAll('"', '""')}"`;
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

/** `TIMESTAMP 'YYYY-MM-DD HH:MM:SS.mmm'` for epoch milliseconds (UTC). */
export function sqlTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 23)}'`;
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
 * literal ('…', E'…') or a quoted identifier ("…"), so that indenting the lines keeps every
 * value byte for byte. Quotes inside literals are always doubled (see {@link sqlLiteral}), and
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
    } else if (ch === "'" || ch === '"') quote = ch;
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
