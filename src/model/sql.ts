/**
 * Export a scoring model as one SQL query (DuckDB or PostgreSQL) that scores every lead created
 * before an as-of time t from the tables `leads` and `events`, with exactly the semantics of the
 * scorer (`score.ts`): fit rules from attributes, behaviour rules over events before t (lookback,
 * first-time-only, repeat bonus, per-window caps with partial admission, half-life decay, total
 * caps), step decay (inactivity, noEvent, unanswered) and the decay floor.
 *
 * The query is a chain of CTEs a reader can follow top to bottom: `params` (t), the scored leads
 * with normalised attributes, their segments, fit points, the events before t, one CTE (or a
 * few) per behaviour and decay rule named after the rule id, every rule's points per lead, and
 * the totals. Assumptions (documented in the query header too):
 * - `created_at` and `occurred_at` are `TIMESTAMP` (UTC, without time zone); milliseconds count,
 *   finer parts are dropped as the loader drops them;
 * - `lead_id` is unique in `leads` and has the same type in both tables; every column a rule
 *   names exists (the scorer treats an absent column as missing; SQL cannot);
 * - attribute and event columns may be text or numbers: values are compared as leadcal types
 *   them on load (see `sql-conditions.ts`). Hexadecimal or binary number text (`0x1A`), which
 *   JavaScript's `Number` reads but leadcal's typing does not, counts as no number in ranges and
 *   bins; a glob on a numeric column sees integers below 10^18 and other values with
 *   1e-4 ≤ |v| < 1e15 as JavaScript prints them;
 * - values are trimmed of spaces (the loader trims other white space too when a value starts or
 *   ends with a space); a number text too large for a double (`1e400`) makes PostgreSQL stop
 *   with an error where the scorer reads Infinity; a glob's `?` matches one character where the
 *   scorer matches one UTF-16 unit (they differ only for characters outside the BMP);
 * - events at the same millisecond are taken in `occurred_at` order and then in the database's
 *   order (the scorer takes them in file order). This changes nothing unless a rule with
 *   `capPerWindow` has events worth ≤ 0 raw points (a negative `repeatBonus`).
 * Sums over events may differ from the scorer's in the last bits (the databases add in their
 * own order, and their `exp` may differ by an ulp): parity tests hold every part to 1e-9.
 */
import { LeadcalError } from '../errors.js';
import { resolveAttributeRule } from './attribute-rule.js';
import { DEFAULT_SEGMENT, ruleId, uniqueRuleIds, type ScoringModel } from './schema.js';
import { SqlColumns, andSql, conditionsSql, fitCaseSql } from './sql-conditions.js';
import { SQL_DIALECTS, commentText, sqlLines, sqlLiteral, sqlNumber, sqlTimestamp, sqlTimestampText, type SqlDialect, type SqlDialectName } from './sql-dialect.js';
import { SqlNames, behaviorCtes, commentLines, decayCtes, segmentFilter, type Cte, type RuleContext } from './sql-rules.js';
import { REASON_NAMES, reasonSql } from './sql-reasons.js';
import { checkReasonCount } from './reasons.js';
import { reasonColumns } from './scores-table.js';

export { sqlIdent, sqlLiteral, sqlNumber, type SqlDialectName } from './sql-dialect.js';

export interface ModelToSqlOptions {
  /** SQL dialect of the query. */
  dialect: SqlDialectName;
  /** The as-of time t, epoch milliseconds (UTC). */
  asOfMs: number;
  /** Reason codes: K columns per side (`reason_up_1`, `reason_up_1_points`, …, `reason_rest`), as `score --reasons K`. */
  reasons?: number;
}

/** Where a generated query reads from and when it scores, for templates (see `dbt.ts`). */
export interface SqlShape {
  /** SQL text naming the leads table (default `leads`), e.g. `{{ source('crm', 'leads') }}`. */
  leads?: string;
  /** SQL text naming the events table (default `events`). */
  events?: string;
  /** `YYYY-MM-DD HH:MM:SS.mmm` text (or a template yielding it) of the as-of time, instead of `asOfMs`. */
  asOfText?: string;
  /** How the header names the as-of time when `asOfText` is given. */
  asOfWords?: string;
}

/** Earliest and latest as-of times a SQL `TIMESTAMP` literal can hold (years 1 to 9999). */
const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const FIXED_NAMES = ['params', 'lead_column_kinds', 'event_column_kinds', 'scored_leads', 'lead_segments', 'fit_points', 'past_events', 'rule_points', 'totals', 'floored', ...REASON_NAMES];

function invalid(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

function checkOptions(options: ModelToSqlOptions): { dialect: SqlDialect; asOfMs: number; reasons: number | undefined } {
  if (typeof options !== 'object' || options === null) invalid('options', `options must be an object { dialect, asOfMs }; got ${String(options)}`, "e.g. { dialect: 'duckdb', asOfMs: Date.UTC(2025, 5, 30) }");
  const name: unknown = options.dialect;
  if (typeof name !== 'string' || !Object.hasOwn(SQL_DIALECTS, name)) invalid('dialect', `dialect must be one of ${Object.keys(SQL_DIALECTS).join(', ')}; got ${JSON.stringify(name) ?? String(name)}`, 'pick the database the query will run on');
  const asOfMs: unknown = options.asOfMs;
  if (typeof asOfMs !== 'number' || !Number.isFinite(asOfMs) || asOfMs < MIN_MS || asOfMs > MAX_MS) {
    invalid('asOfMs', `asOfMs must be epoch milliseconds between years 1 and 9999; got ${String(asOfMs)}`, 'e.g. Date.UTC(2025, 5, 30)');
  }
  const reasons = options.reasons === undefined ? undefined : checkReasonCount(options.reasons, 'reasons');
  return { dialect: SQL_DIALECTS[name as SqlDialectName], asOfMs, reasons };
}


function indent(lines: string[], by = '  '): string[] {
  return lines.flatMap(sqlLines).map((l) => (l ? by + l : l));
}

function renderCte(cte: Cte): string {
  return [`${cte.name} AS (`, ...indent([...commentLines(cte.comment), ...cte.lines]), ')'].join('\n');
}

/** `SELECT` with one item per line. */
function selectLines(items: string[]): string[] {
  return ['SELECT', ...items.map((item, i) => `  ${sqlLines(item).join('\n  ')}${i < items.length - 1 ? ',' : ''}`)];
}

/** `a + b + c`, wrapped every four terms; `0` for none. */
function sum(terms: string[]): string {
  if (terms.length === 0) return '0';
  const rows: string[] = [];
  for (let i = 0; i < terms.length; i += 4) rows.push(terms.slice(i, i + 4).join(' + '));
  return rows.join('\n  + ');
}

/**
 * The model as one SQL query over `leads` and `events` yielding `lead_id, score, fit, behavior,
 * decay, segment` for every lead created strictly before `asOfMs`, ordered by `lead_id`. The
 * text depends only on the model and the options (deterministic).
 *
 * @throws LeadcalError (`option_invalid`) for an unknown dialect, a bad as-of time, or a model
 * text holding a NUL character.
 * @example
 * modelToSql(readModel('datasets/models/starter.yaml'), { dialect: 'duckdb', asOfMs: Date.UTC(2025, 5, 30) })
 * // => '-- leadcal scoring model "starter" (version 1) as one DuckDB query …'
 */
export function modelToSql(model: ScoringModel, options: ModelToSqlOptions): string {
  const { dialect } = checkOptions(options);
  return modelToSqlIn(model, { ...options, dialect: dialect.name }, dialect);
}

/**
 * {@link modelToSql} with an explicit dialect row (e.g. one engine's primitives in another's
 * query shape, as the parity tests do).
 *
 * @example
 * modelToSqlIn(model, { dialect: 'duckdb', asOfMs }, { ...SQL_DIALECTS.duckdb, correlated: false })
 */
export function modelToSqlIn(model: ScoringModel, options: ModelToSqlOptions, dialect: SqlDialect, shape: SqlShape = {}): string {
  const { asOfMs, reasons } = checkOptions(options);
  const leadsTable = shape.leads ?? 'leads';
  const eventsTable = shape.events ?? 'events';
  const names = new SqlNames(FIXED_NAMES);
  const leads = new SqlColumns('l', ['lead_id', 'age_ms'], new Set(['lead_id', 'created_at']), dialect);
  const events = new SqlColumns('e', ['lead_id', 'lead_segment', 'type', 'occurred_at', 'occurred_ms', 'age_ms'], new Set(['lead_id', 'type', 'occurred_at']), dialect);
  const context: RuleContext = { dialect, events, leads, names };
  const literal = (s: string): string => sqlLiteral(s, dialect.name);

  // segments: the first whose conditions hold, else "default"
  const segmentCase = model.segments.length === 0
    ? [`${literal(DEFAULT_SEGMENT)} AS segment`]
    : ['CASE', ...model.segments.map((s) => `  WHEN ${andSql(conditionsSql(s.when, leads, dialect))} THEN ${literal(s.name)}`), `  ELSE ${literal(DEFAULT_SEGMENT)}`, 'END AS segment'];

  const fitIds = uniqueRuleIds(model.fit.map((r, i) => ruleId(r, i)));
  const fitNames = fitIds.map((id) => names.take('fit', id));
  const fitItems = model.fit.map((rule, i) => {
    const restricted = segmentFilter('s.segment', rule.segments, context);
    const kind = rule.points ? 'levels' : 'bins [min, max)';
    const head = `-- ${commentText(`fit rule ${fitIds[i]}: ${kind} of ${rule.field}${rule.segments ? `, segments ${rule.segments.join(', ') || '(none)'} only` : ''}`)}`;
    if (restricted === 'FALSE') return `${head}\n0 AS ${fitNames[i]}`;
    const whens = fitCaseSql(resolveAttributeRule(rule, fitIds[i]!), leads.get(rule.field), dialect);
    if (restricted) whens.unshift(`WHEN NOT (${restricted}) THEN 0`);
    return [head, 'CASE', ...whens.map((w) => `  ${w}`), `END AS ${fitNames[i]}`].join('\n');
  });

  const behaviorIds = uniqueRuleIds(model.behavior.map((r, i) => ruleId(r, i)));
  const behaviorNames = behaviorIds.map((id) => names.take('behavior', id));
  const decayIds = uniqueRuleIds(model.decay.map((r, i) => ruleId(r, i)));
  const decayNames = decayIds.map((id) => names.take('decay', id));
  const ruleCtes: Cte[] = [
    ...model.behavior.flatMap((rule, i) => behaviorCtes(rule, behaviorIds[i]!, behaviorNames[i]!, context)),
    ...model.decay.flatMap((rule, i) => decayCtes(rule, decayIds[i]!, decayNames[i]!, context)),
  ];

  // the reason labels read the fit rules' columns as the fit points do
  const reasonPart = reasons === undefined ? undefined : reasonSql({ model, fitIds, fitNames, behaviorNames, decayNames, leads, context, k: reasons });

  // normalising CTEs, now that the rules have said which columns (and readings) they need
  const ctes: Cte[] = [];
  const double = dialect.double;
  const asOfLiteral = Number.isInteger(asOfMs) ? `CAST(${asOfMs} AS ${double})` : sqlNumber(asOfMs, dialect);
  const asOfTimestamp = shape.asOfText === undefined ? sqlTimestamp(Math.ceil(asOfMs), dialect) : sqlTimestampText(shape.asOfText, dialect);
  const asOfMsSql = shape.asOfText === undefined ? asOfLiteral : dialect.epochMs(asOfTimestamp);
  ctes.push({ name: 'params', comment: ['the as-of time t: only events before it count; every age is t − time, in milliseconds'], lines: [`SELECT ${asOfTimestamp} AS as_of, ${asOfMsSql} AS as_of_ms`] });
  const leadKinds = leads.kindItems();
  const eventKinds = events.kindItems();
  const kindsComment = 'leadcal types a column as numbers when every non-empty value in the table is a plain decimal number';
  if (leadKinds.length) ctes.push({ name: 'lead_column_kinds', comment: [kindsComment], lines: [...selectLines(leadKinds), `FROM ${leadsTable}`] });
  if (eventKinds.length) ctes.push({ name: 'event_column_kinds', comment: [kindsComment], lines: [...selectLines(eventKinds), `FROM ${eventsTable}`] });
  ctes.push({
    name: 'scored_leads',
    comment: ['leads created before t; age_ms = t − created_at; attributes as trimmed text (NULL when empty)', ...leads.legend()],
    lines: [
      ...selectLines(['l.lead_id', `p.as_of_ms - ${dialect.epochMs('l.created_at')} AS age_ms`, ...leads.selectItems('l', 'k')]),
      `FROM ${leadsTable} AS l`,
      'CROSS JOIN params AS p',
      ...(leadKinds.length ? ['CROSS JOIN lead_column_kinds AS k'] : []),
      'WHERE l.created_at < p.as_of',
    ],
  });
  ctes.push({ name: 'lead_segments', comment: ['segment of each lead: the first segment whose conditions all hold, else "default"'], lines: [...selectLines(['l.lead_id', segmentCase.join('\n')]), 'FROM scored_leads AS l'] });
  if (model.fit.length) {
    ctes.push({
      name: 'fit_points',
      comment: ['fit rules: the points of the listed level or of the first bin holding the value; missing; else other'],
      lines: [...selectLines(['l.lead_id', ...fitItems]), 'FROM scored_leads AS l', 'JOIN lead_segments AS s ON s.lead_id = l.lead_id'],
    });
  }
  if (model.behavior.length || model.decay.length) {
    ctes.push({
      name: 'past_events',
      comment: ['events of the scored leads before t; age_ms = t − occurred_at; event columns as trimmed text (NULL when empty)', ...events.legend()],
      lines: [
        ...selectLines([
          'e.lead_id',
          's.segment AS lead_segment',
          `${dialect.trim(`CAST(e.type AS ${dialect.text})`)} AS type`,
          'e.occurred_at',
          `${dialect.epochMs('e.occurred_at')} AS occurred_ms`,
          `p.as_of_ms - ${dialect.epochMs('e.occurred_at')} AS age_ms`,
          ...events.selectItems('e', 'k'),
        ]),
        `FROM ${eventsTable} AS e`,
        'JOIN lead_segments AS s ON s.lead_id = e.lead_id',
        'CROSS JOIN params AS p',
        ...(eventKinds.length ? ['CROSS JOIN event_column_kinds AS k'] : []),
        'WHERE e.occurred_at < p.as_of',
      ],
    });
  }
  ctes.push(...ruleCtes);

  const joined = [...behaviorNames, ...decayNames];
  ctes.push({
    name: 'rule_points',
    comment: ["every rule's points per lead, in model order (0 where a rule does not apply)"],
    lines: [
      ...selectLines(['s.lead_id', 's.segment', ...fitNames.map((n) => `f.${n}`), ...joined.map((n) => `coalesce(${n}.points, 0) AS ${n}`)]),
      'FROM lead_segments AS s',
      ...(fitNames.length ? ['JOIN fit_points AS f ON f.lead_id = s.lead_id'] : []),
      ...joined.map((n) => `LEFT JOIN ${n} ON ${n}.lead_id = s.lead_id`),
    ],
  });
  const base = model.basePoints ?? 0;
  ctes.push({
    name: 'totals',
    comment: ['the parts of the score; running_total adds the rules in model order, as the scorer does'],
    lines: [
      ...selectLines([
        'lead_id',
        'segment',
        `${sum(fitNames)} AS fit`,
        `${sum(behaviorNames)} AS behavior`,
        `${sum(decayNames)} AS decay_steps`,
        `${sum([...(base ? [sqlNumber(base, dialect)] : []), ...fitNames, ...behaviorNames, ...decayNames])} AS running_total`,
      ]),
      'FROM rule_points',
    ],
  });

  const floor = model.decayFloor;
  const cast = (expr: string, as: string): string => `CAST(${expr} AS ${double}) AS ${as}`;
  let final = floor === undefined
    ? [...selectLines(['lead_id', cast('running_total', 'score'), cast('fit', 'fit'), cast('behavior', 'behavior'), cast('decay_steps', 'decay'), 'segment']), 'FROM totals']
    : [
      ...selectLines(['lead_id', cast('running_total + (decay - decay_steps)', 'score'), cast('fit', 'fit'), cast('behavior', 'behavior'), cast('decay', 'decay'), 'segment']),
      'FROM (',
      `  -- decayFloor ${floor}: decay may not take the score below the floor: max(steps, min(0, floor − (fit + behavior)))`,
      `  SELECT t.*, CASE WHEN t.decay_steps < 0 THEN greatest(t.decay_steps, least(0, ${sqlNumber(floor, dialect)} - (${base ? `${sqlNumber(base, dialect)} + ` : ''}t.fit + t.behavior))) ELSE t.decay_steps END AS decay`,
      '  FROM totals AS t',
      ') AS floored',
    ];

  if (reasonPart) {
    // the score query becomes the `scores` CTE; the reason codes join it
    ctes.push({ name: 'scores', comment: ['the score of each lead and its parts'], lines: final });
    ctes.push(...reasonPart.ctes);
    final = reasonPart.select;
  }

  const asOfIso = new Date(asOfMs).toISOString();
  const header = [
    `leadcal scoring model "${model.name}"${model.version ? ` (version ${model.version})` : ''} as one ${dialect.title} query`,
    ...(model.description ? [model.description] : []),
    `Scores every lead created before ${shape.asOfWords ?? asOfIso} (the as-of time t) at that time: one row per lead with`,
    `lead_id, score = ${base ? `${base} base points + ` : ''}fit + behavior + decay, the three parts, and the segment${reasons === undefined ? '.' : ','}`,
    ...(reasons === undefined ? [] : [`and reason codes: the ${reasons} rule(s) adding most and costing most, with points (${reasonColumns(reasons).slice(0, 2).join(', ')}, …), and reason_rest = score − the reasons.`]),
    `Reads leads (lead_id, created_at${leadColumnsText(model)}) and events (lead_id, type, occurred_at${eventColumnsText(model)});`,
    `${dialect.timeNote}; lead_id is unique in leads.`,
    'Semantics: leadcal src/model/score.ts. Generated by leadcal (modelToSql): edit the model, not this query.',
  ];
  return [
    ...commentLines(header),
    'WITH',
    ctes.map(renderCte).join(',\n'),
    ...final,
    `ORDER BY lead_id${dialect.settings};`,
    '',
  ].join('\n');
}

function leadColumnsText(model: ScoringModel): string {
  const columns = new Set<string>();
  for (const s of model.segments) for (const k of Object.keys(s.when)) columns.add(k);
  for (const r of model.fit) columns.add(r.field);
  return [...columns].map((c) => `, ${c}`).join('');
}

function eventColumnsText(model: ScoringModel): string {
  const columns = new Set<string>();
  for (const r of model.behavior) for (const k of Object.keys(r.where ?? {})) columns.add(k);
  for (const r of model.decay) if (r.kind === 'noEvent') for (const k of Object.keys(r.where ?? {})) columns.add(k);
  return [...columns].map((c) => `, ${c}`).join('');
}
