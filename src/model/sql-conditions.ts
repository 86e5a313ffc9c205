/**
 * Model conditions (segment `when`, rule `where`) and attribute lookups as SQL, with leadcal's
 * column typing reproduced in the query: a column is numeric when every non-empty value is a
 * plain decimal number (computed over the whole table, as the loader does); numeric columns
 * compare numbers (`employees: 50` matches "50", "050" and 50.0), other columns compare trimmed
 * text. The type test is emitted only where the two readings can differ, i.e. when a model
 * value looks like a number; `min`/`max` ranges and bins always compare the number a value
 * spells. Missing (NULL or blank) values match only `{ missing: true }`, as in `conditions.ts`.
 */
import { isNumberText } from '../data/columns.js';
import type { AttributeCase, ResolvedAttributeRule } from './attribute-rule.js';
import type { Condition } from './schema.js';
import { NUMBER_PATTERN, globToLike, sqlIdent, sqlLiteral, sqlNumber, type SqlDialect } from './sql-dialect.js';

/** One column of `leads` or `events` as the generated query sees it. */
export interface SqlColumn {
  /** Trimmed text, NULL when missing. */
  text: string;
  /** The number the text spells, NULL when it spells none. */
  number(): string;
  /** TRUE when leadcal types the whole column as numbers. */
  numeric(): string;
}

interface ColumnUse {
  name: string;
  textAlias: string;
  numberAlias?: string;
  numericAlias?: string;
}

/**
 * The columns of one table that a model reads, with the aliases they get in the normalising CTE
 * (`scored_leads` for leads, `past_events` for events).
 */
export class SqlColumns {
  private readonly uses = new Map<string, ColumnUse>();
  private readonly taken: Set<string>;

  /**
   * @param qualifier alias of the normalising CTE where the columns are used (`l`, `e`)
   * @param taken output names of that CTE that columns must not reuse
   * @param absent contract columns the loader does not expose as attributes (always missing)
   */
  constructor(private readonly qualifier: string, taken: string[], private readonly absent: Set<string>, private readonly dialect: SqlDialect) {
    this.taken = new Set(taken);
  }

  /**
   * A free output name; names the dialect cannot hold (PostgreSQL cuts names at 63 bytes,
   * BigQuery takes only letters, digits and `_`) become `column_N`.
   */
  private alias(base: string, suffix = ''): string {
    const { pattern, maxBytes, separator } = this.dialect.alias;
    const tail = suffix ? separator + suffix : '';
    const fits = (name: string): boolean => pattern.test(name) && new TextEncoder().encode(name).length <= maxBytes;
    const short = fits(`${base}_99${tail}`) ? base : `column_${this.uses.size + 1}`;
    let name = short + tail;
    for (let k = 2; this.taken.has(name); k++) name = `${short}_${k}${tail}`;
    this.taken.add(name);
    return name;
  }

  /** The column `name` (NULL throughout when the table cannot have it). */
  get(name: string): SqlColumn {
    if (this.absent.has(name)) return { text: 'NULL', number: () => 'NULL', numeric: () => 'FALSE' };
    let use = this.uses.get(name);
    if (!use) {
      use = { name, textAlias: this.alias(name) };
      this.uses.set(name, use);
    }
    const u = use;
    const q = this.qualifier;
    return {
      text: `${q}.${this.dialect.ident(u.textAlias)}`,
      number: () => `${q}.${this.dialect.ident((u.numberAlias ??= this.alias(name, 'number')))}`,
      numeric: () => `${q}.${this.dialect.ident((u.numericAlias ??= this.alias(name, 'numeric')))}`,
    };
  }

  /** Columns of the normalising CTE, from the source table alias and the kinds CTE alias. */
  selectItems(source: string, kinds: string): string[] {
    const dialect = this.dialect;
    const ident = (name: string): string => sqlIdent(name, dialect.name);
    const items: string[] = [];
    for (const u of this.uses.values()) {
      const text = dialect.trim(`CAST(${source}.${ident(u.name)} AS ${dialect.text})`);
      items.push(`NULLIF(${text}, '') AS ${ident(u.textAlias)}`);
      if (u.numberAlias) items.push(`CASE WHEN ${dialect.fullMatch(text, NUMBER_PATTERN)} THEN ${dialect.toDouble(text)} END AS ${ident(u.numberAlias)}`);
      if (u.numericAlias) items.push(`${kinds}.${ident(u.numericAlias)}`);
    }
    return items;
  }

  /** A comment on the `:number` / `:numeric` columns, when there are any. */
  legend(): string[] {
    const uses = [...this.uses.values()];
    const lines: string[] = [];
    const sep = this.dialect.alias.separator;
    if (uses.some((u) => u.numberAlias)) lines.push(`x${sep}number = the number the value of x spells (NULL when none)`);
    if (uses.some((u) => u.numericAlias)) lines.push(`x${sep}numeric = whether leadcal types column x as numbers (then values compare as numbers, else as text)`);
    return lines;
  }

  /** Items of the one-row kinds CTE (empty when no condition needs a column's type). */
  kindItems(): string[] {
    const dialect = this.dialect;
    const items: string[] = [];
    for (const u of this.uses.values()) {
      if (!u.numericAlias) continue;
      const text = dialect.trim(`CAST(${sqlIdent(u.name, dialect.name)} AS ${dialect.text})`);
      items.push(`${dialect.allWhere(dialect.fullMatch(text, NUMBER_PATTERN), `${text} <> ''`)} AS ${sqlIdent(u.numericAlias, dialect.name)}`);
    }
    return items;
  }
}

function list(items: string[]): string {
  return items.length === 1 ? items[0]! : `(${items.join(', ')})`;
}

function inList(expr: string, items: string[], negate: boolean): string {
  if (items.length === 1) return `${expr} ${negate ? '<>' : '='} ${items[0]}`;
  return `${expr} ${negate ? 'NOT IN' : 'IN'} ${list(items)}`;
}

/** Equality with one of some values, read as text on text columns and as numbers on numeric ones. */
function valueIn(column: SqlColumn, texts: string[], numbers: number[], negate: boolean, dialect: SqlDialect): string {
  const textTest = inList(column.text, texts.map((t) => sqlLiteral(t, dialect.name)), negate);
  // no value spells a number: a numeric column's text can never equal one of them
  if (numbers.length === 0) return textTest;
  const numberTest = inList(column.number(), [...new Set(numbers)].map((n) => sqlNumber(n, dialect)), negate);
  return `CASE WHEN ${column.numeric()} THEN ${numberTest} ELSE ${textTest} END`;
}

/** JavaScript's `String(v)` of a double, as far as SQL can: integers below 10^18 exactly, other values in the database's shortest form (the same text for 1e-4 ≤ |v| < 1e15). */
function numberText(expr: string, dialect: SqlDialect): string {
  return `CASE WHEN ${expr} = floor(${expr}) AND abs(${expr}) < 1000000000000000000 THEN CAST(CAST(${expr} AS ${dialect.bigint}) AS ${dialect.text}) ELSE CAST(${expr} AS ${dialect.text}) END`;
}

function likeTest(expr: string, glob: string, dialect: SqlDialect): string {
  const pattern = globToLike(glob);
  const escape = pattern.includes('\\') ? dialect.likeEscape : '';
  return `${expr} LIKE ${sqlLiteral(pattern, dialect.name)}${escape}`;
}

/** Can a glob match the text of a number (digits, sign, point, exponent)? */
function globMayMatchNumber(glob: string): boolean {
  return [...glob].every((ch) => ch === '*' || ch === '?' || /[0-9.eE+-]/.test(ch));
}

/** A numeric range [min, max) on the number a value spells. */
export function rangeSql(number: string, range: { min?: number | undefined; max?: number | undefined }, dialect: SqlDialect): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${number} >= ${sqlNumber(range.min, dialect)}`);
  if (range.max !== undefined) parts.push(`${number} < ${sqlNumber(range.max, dialect)}`);
  return parts.length ? parts.join(' AND ') : `${number} IS NOT NULL`;
}

/**
 * One condition on one column as a SQL boolean that is TRUE exactly where `conditionMask` gives 1
 * (NULL or FALSE elsewhere).
 *
 * @example
 * conditionSql('blog', columns.get('page'), SQL_DIALECTS.duckdb) // => `e."page" = 'blog'`
 */
export function conditionSql(condition: Condition, column: SqlColumn, dialect: SqlDialect): string {
  if (typeof condition === 'string') {
    const n = Number(condition);
    return valueIn(column, [condition], condition.trim() !== '' && !Number.isNaN(n) ? [n] : [], false, dialect);
  }
  if (typeof condition === 'number') return valueIn(column, [String(condition)], [condition], false, dialect);
  if (typeof condition === 'boolean') return valueIn(column, [String(condition)], [], false, dialect);
  const values = (items: (string | number)[]): [string[], number[]] => [items.map(String), items.map(Number).filter((n) => !Number.isNaN(n))];
  if (Array.isArray(condition)) return valueIn(column, ...values(condition), false, dialect);
  if ('not' in condition) {
    const [texts, numbers] = values(Array.isArray(condition.not) ? condition.not : [condition.not]);
    return valueIn(column, texts, numbers, true, dialect);
  }
  if ('matches' in condition) {
    const textTest = likeTest(column.text, condition.matches, dialect);
    if (!globMayMatchNumber(condition.matches)) return textTest;
    return `CASE WHEN ${column.numeric()} THEN ${likeTest(numberText(column.number(), dialect), condition.matches, dialect)} ELSE ${textTest} END`;
  }
  if ('missing' in condition) return `${column.text} ${condition.missing ? 'IS NULL' : 'IS NOT NULL'}`;
  return rangeSql(column.number(), condition, dialect);
}

/** The conditions on their columns, one SQL boolean each (AND them; none for no conditions). */
export function conditionsSql(conditions: Record<string, Condition> | undefined, columns: SqlColumns, dialect: SqlDialect): string[] {
  return Object.entries(conditions ?? {}).map(([name, c]) => conditionSql(c, columns.get(name), dialect));
}

/** Several conditions ANDed on one line (`TRUE` for none). */
export function andSql(parts: string[]): string {
  if (parts.length === 0) return 'TRUE';
  return parts.length === 1 ? parts[0]! : parts.map((p) => (p.startsWith('CASE') ? p : `(${p})`)).join(' AND ');
}

/**
 * A condition in words, for comments.
 *
 * @example
 * describeCondition('page', { not: ['careers', 'jobs'] }) // => 'page not in (careers, jobs)'
 */
export function describeCondition(name: string, c: Condition): string {
  if (typeof c !== 'object') return `${name} = ${String(c)}`;
  if (Array.isArray(c)) return `${name} in (${c.join(', ')})`;
  if ('not' in c) return Array.isArray(c.not) ? `${name} not in (${c.not.join(', ')})` : `${name} ≠ ${String(c.not)}`;
  if ('matches' in c) return `${name} matches ${c.matches}`;
  if ('missing' in c) return `${name} is ${c.missing ? 'missing' : 'present'}`;
  return `${name} in [${c.min ?? '−∞'}, ${c.max ?? '∞'})`;
}

/**
 * A fit rule's points for a lead's value as a CASE (without its segment restriction), read from
 * the resolved rule's cases in their matching order: missing, the listed level or the first bin
 * [min, max) holding the value, else other — exactly `attributeCases`. `value` gives each
 * case's SQL result instead of its points (the reason codes' labels).
 */
export function fitCaseSql(rule: ResolvedAttributeRule, column: SqlColumn, dialect: SqlDialect, value?: (c: AttributeCase) => string): string[] {
  const whens: string[] = [];
  for (const c of rule.cases) {
    const points = value ? value(c) : sqlNumber(c.points, dialect);
    if (c.kind === 'missing') whens.push(`WHEN ${column.text} IS NULL THEN ${points}`);
    else if (c.kind === 'level') {
      // a numeric column's level is the number's JavaScript text: "050" is level "50"
      const looksNumeric = isNumberText(c.level);
      if (looksNumeric && String(Number(c.level)) === c.level) whens.push(`WHEN ${column.numeric()} AND ${column.number()} = ${sqlNumber(Number(c.level), dialect)} THEN ${points}`);
      if (looksNumeric) whens.push(`WHEN NOT ${column.numeric()} AND ${column.text} = ${sqlLiteral(c.level, dialect.name)} THEN ${points}`);
      else whens.push(`WHEN ${column.text} = ${sqlLiteral(c.level, dialect.name)} THEN ${points}`);
    } else if (c.kind === 'bin') whens.push(`WHEN ${rangeSql(column.number(), c, dialect)} THEN ${points}`);
    else whens.push(`ELSE ${points}`);
  }
  return whens;
}
