/**
 * Behaviour and decay rules of a scoring model as CTEs over `past_events` (events of the scored
 * leads before the as-of time, with `age_ms`, `occurred_ms` and `lead_segment`) and
 * `scored_leads` (with `age_ms` since creation). Each rule ends in a CTE of `(lead_id, points)`
 * holding the rule's contribution; leads without a row get 0. Semantics: `score.ts`.
 */
import { DAY_MS } from '../stats/days.js';
import { conditionsSql, describeCondition, type SqlColumns } from './sql-conditions.js';
import { commentText, sqlLiteral, sqlNumber, type SqlDialect } from './sql-dialect.js';
import type { BehaviorRule, Condition, DecayRule } from './schema.js';

/** One named subquery of the WITH clause. */
export interface Cte {
  name: string;
  comment: string[];
  /** The SELECT, one clause per line, unindented. */
  lines: string[];
}

/** Allocates unique unquoted CTE / column names from rule ids. */
export class SqlNames {
  private readonly taken = new Set<string>();

  constructor(reserved: string[]) {
    for (const r of reserved) this.taken.add(r);
  }

  /** `prefix_slug` from a rule id (lowercase letters, digits and `_`), numbered when taken. */
  take(prefix: string, id: string): string {
    const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '');
    const base = slug ? `${prefix}_${slug}` : prefix;
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }
}

export interface RuleContext {
  dialect: SqlDialect;
  events: SqlColumns;
  /** Columns of `scored_leads AS l`, for a behaviour rule's `when` conditions. */
  leads: SqlColumns;
  names: SqlNames;
}

const num = (value: number, c: RuleContext): string => sqlNumber(value, c.dialect);
const text = (value: string, c: RuleContext): string => sqlLiteral(value, c.dialect.name);

/** `days` as a readable comment fragment. */
function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

function whereText(where: Record<string, Condition> | undefined): string {
  if (!where) return '';
  return ` where ${Object.entries(where).map(([k, v]) => describeCondition(k, v)).join(' and ')}`;
}

function pointsText(n: number): string {
  return `${n} point${n === 1 || n === -1 ? '' : 's'}`;
}

/** `e.lead_segment IN (…)` for a segment restriction, undefined when there is none. */
export function segmentFilter(column: string, segments: string[] | undefined, c: RuleContext): string | undefined {
  if (!segments) return undefined;
  if (segments.length === 0) return 'FALSE';
  return segments.length === 1 ? `${column} = ${text(segments[0]!, c)}` : `${column} IN (${segments.map((s) => text(s, c)).join(', ')})`;
}

/** `exp(−ln 2 / (h · 86 400 000) · age)`: the half-life decay factor at age `age_ms`. */
function decayFactor(halfLifeDays: number, age: string, c: RuleContext): string {
  return `exp(-ln(2) / ${num(halfLifeDays * DAY_MS, c)} * ${age})`;
}

function describeBehavior(rule: BehaviorRule, id: string): string[] {
  const parts = [`${pointsText(rule.points)} per ${rule.event}${whereText(rule.where)}`];
  if (rule.segments) parts.push(`segments ${rule.segments.join(', ') || '(none)'}`);
  if (rule.when) parts.push(`only leads with ${Object.entries(rule.when).map(([k, v]) => describeCondition(k, v)).join(' and ')}`);
  if (rule.lookbackDays !== undefined) parts.push(`only events younger than ${days(rule.lookbackDays)}`);
  if (rule.firstTimeOnly) parts.push('only the first event counts');
  if (rule.repeatBonus) parts.push(`${pointsText(rule.repeatBonus)} more for every event after the first`);
  if (rule.capPerWindow) parts.push(`at most ${rule.capPerWindow.points} raw points per ${days(rule.capPerWindow.days)} counted back from the as-of time`);
  if (rule.halfLifeDays !== undefined) parts.push(`half-life ${days(rule.halfLifeDays)}`);
  if (rule.cap !== undefined) parts.push(`total clamped to ±${rule.cap}`);
  return [`behaviour rule ${id}: ${parts.join('; ')}`];
}

/**
 * A behaviour rule as one to three CTEs: matching events (with their raw points and window),
 * the points each event is admitted under `capPerWindow`, and the decayed, capped total.
 */
export function behaviorCtes(rule: BehaviorRule, id: string, name: string, c: RuleContext): Cte[] {
  const filters = [`e.type = ${text(rule.event, c)}`];
  filters.push(...conditionsSql(rule.where, c.events, c.dialect));
  const segments = segmentFilter('e.lead_segment', rule.segments, c);
  if (segments) filters.push(segments);
  if (rule.when) filters.push(`e.lead_id IN (SELECT l.lead_id FROM scored_leads AS l WHERE ${conditionsSql(rule.when, c.leads, c.dialect).join(' AND ') || 'TRUE'})`);
  if (rule.lookbackDays !== undefined) filters.push(`e.age_ms < ${num(rule.lookbackDays * DAY_MS, c)}  -- ${days(rule.lookbackDays)}`);
  const where = `WHERE ${filters.join('\n  AND ')}`;

  const bonus = rule.repeatBonus ?? 0;
  const first = rule.firstTimeOnly ?? false;
  const window = rule.capPerWindow;
  const total = (sum: string): string => (rule.cap === undefined ? sum : `greatest(${num(-rule.cap, c)}, least(${num(rule.cap, c)}, ${sum}))`);
  const decayed = (points: string, age: string): string => (rule.halfLifeDays === undefined ? points : `${points} * ${decayFactor(rule.halfLifeDays, age, c)}`);
  const comment = describeBehavior(rule, id);

  if (!first && bonus === 0 && !window) {
    return [{ name, comment, lines: [`SELECT e.lead_id, ${total(`sum(${decayed(num(rule.points, c), 'e.age_ms')})`)} AS points`, 'FROM past_events AS e', where, 'GROUP BY e.lead_id'] }];
  }

  // matching events, oldest first: the n-th event's raw points, and its window counted back from t
  const eventsName = c.names.take(name, 'events');
  const nth = 'row_number() OVER (PARTITION BY e.lead_id ORDER BY e.occurred_at)';
  const raw = bonus !== 0 ? `CASE WHEN ${nth} = 1 THEN ${num(rule.points, c)} ELSE ${num(rule.points + bonus, c)} END` : num(rule.points, c);
  const columns = ['e.lead_id', 'e.occurred_at', 'e.age_ms', `${raw} AS raw_points`];
  if (first) columns.push(`${nth} AS nth`);
  if (window) columns.push(`floor(e.age_ms / ${num(window.days * DAY_MS, c)}) AS window_index`);
  const what = first ? ' (only the first counts)' : bonus !== 0 ? ' (the first worth points, later ones points + repeatBonus)' : '';
  const windows = window ? `; window_index 0, 1, … = ages in [0, ${days(window.days)}), [${days(window.days)}, …)` : '';
  const ctes: Cte[] = [{ name: eventsName, comment: [`${id}: matching events${what}${windows}`], lines: [`SELECT ${columns.join(', ')}`, 'FROM past_events AS e', where] }];
  const keepFirst = first ? 'WHERE m.nth = 1' : undefined;

  let source = eventsName;
  let points = 'm.raw_points';
  if (window) {
    // admitted = max(0, min(raw, C − raw points of the window's earlier events)), oldest first
    const admittedName = c.names.take(name, 'admitted');
    const before = 'sum(m.raw_points) OVER (PARTITION BY m.lead_id, m.window_index ORDER BY m.occurred_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)';
    ctes.push({
      name: admittedName,
      comment: [`${id}: points admitted under the cap of ${window.points} per window, oldest first; the event crossing the cap in part`],
      lines: [`SELECT m.lead_id, m.age_ms, greatest(0, least(m.raw_points, ${num(window.points, c)} - coalesce(${before}, 0))) AS admitted`, `FROM ${eventsName} AS m`, ...(keepFirst ? [keepFirst] : [])],
    });
    source = admittedName;
    points = 'm.admitted';
  }
  const filter = !window && keepFirst ? [keepFirst] : [];
  ctes.push({ name, comment, lines: [`SELECT m.lead_id, ${total(`sum(${decayed(points, 'm.age_ms')})`)} AS points`, `FROM ${source} AS m`, ...filter, 'GROUP BY m.lead_id'] });
  return ctes;
}

/** Latest matching event before t per lead, as its age: `(lead_id, age_ms)`. */
function latestEvent(filters: string[]): string {
  const where = filters.length ? ` WHERE ${filters.join(' AND ')}` : '';
  return `(SELECT e.lead_id, min(e.age_ms) AS age_ms FROM past_events AS e${where} GROUP BY e.lead_id)`;
}

/** A decay rule as CTEs ending in `(lead_id, points)` with the rule's (unfloored) step points. */
export function decayCtes(rule: DecayRule, id: string, name: string, c: RuleContext): Cte[] {
  const segments = segmentFilter('s.segment', rule.segments, c);
  const segmentJoin = segments ? ['JOIN lead_segments AS s ON s.lead_id = l.lead_id'] : [];
  const segmentWhere = segments ? [`WHERE ${segments}`] : [];
  const points = num(rule.points, c);
  const restricted = rule.segments ? ` (segments ${rule.segments.join(', ') || 'none'})` : '';
  if (rule.kind === 'inactivity') {
    const types = rule.events ? [rule.events.length === 1 ? `e.type = ${text(rule.events[0]!, c)}` : `e.type IN (${rule.events.map((t) => text(t, c)).join(', ')})`] : [];
    return [{
      name,
      comment: [`decay rule ${id}: ${pointsText(rule.points)} per full ${days(rule.everyDays)} since the latest ${rule.events ? rule.events.join('/') : 'event of any type'} before the as-of time, or since creation${restricted}`],
      lines: [
        `SELECT l.lead_id, ${points} * floor(coalesce(latest.age_ms, l.age_ms) / ${num(rule.everyDays * DAY_MS, c)}) AS points`,
        'FROM scored_leads AS l',
        ...segmentJoin,
        `LEFT JOIN ${latestEvent(types)} AS latest ON latest.lead_id = l.lead_id`,
        ...segmentWhere,
      ],
    }];
  }
  if (rule.kind === 'noEvent') {
    const filters = [`e.type = ${text(rule.event, c)}`];
    filters.push(...conditionsSql(rule.where, c.events, c.dialect));
    return [{
      name,
      comment: [`decay rule ${id}: ${pointsText(rule.points)} when no ${rule.event}${whereText(rule.where)} happened in the last ${days(rule.withinDays)} (nor since creation)${restricted}`],
      lines: [
        `SELECT l.lead_id, CASE WHEN coalesce(latest.age_ms, l.age_ms) >= ${num(rule.withinDays * DAY_MS, c)} THEN ${points} ELSE 0 END AS points`,
        'FROM scored_leads AS l',
        ...segmentJoin,
        `LEFT JOIN ${latestEvent(filters)} AS latest ON latest.lead_id = l.lead_id`,
        ...segmentWhere,
      ],
    }];
  }
  // unanswered: a send at s counts once s + within ≤ t and no response known at t (before t) lies in [s, s + within]
  const span = num(rule.withinDays * DAY_MS, c);
  const reply = `r.lead_id = e.lead_id AND r.type = ${text(rule.response, c)} AND r.occurred_ms >= e.occurred_ms AND r.occurred_ms <= e.occurred_ms + ${span}`;
  // a send that is also of the response type does not answer itself
  const unanswered = rule.event === rule.response ? `(SELECT count(*) FROM past_events AS r WHERE ${reply}) < 2` : `NOT EXISTS (SELECT 1 FROM past_events AS r WHERE ${reply})`;
  const sendSegment = segmentFilter('e.lead_segment', rule.segments, c);
  const comment = [`decay rule ${id}: ${pointsText(rule.points)} per ${rule.event} at s with s + ${days(rule.withinDays)} ≤ the as-of time and no ${rule.response} before the as-of time in [s, s + ${days(rule.withinDays)}]${restricted}`];
  const sendFilters = [
    `WHERE e.type = ${text(rule.event, c)}`,
    ...(sendSegment ? [`  AND ${sendSegment}`] : []),
    `  AND e.occurred_ms + ${span} <= p.as_of_ms`,
  ];
  if (c.dialect.correlated) {
    return [{
      name,
      comment,
      lines: [`SELECT e.lead_id, ${points} * count(*) AS points`, 'FROM past_events AS e', 'CROSS JOIN params AS p', ...sendFilters, `  AND ${unanswered}`, 'GROUP BY e.lead_id'],
    }];
  }
  // engines without correlated subqueries: number the sends, join each to its lead's events
  // (an equi-join: the send itself is always among them) and count the replies in its window
  const sendsName = c.names.take(name, 'sends');
  const inWindow = `r.type = ${text(rule.response, c)} AND r.occurred_ms >= s.occurred_ms AND r.occurred_ms <= s.occurred_ms + ${span}`;
  const allowed = rule.event === rule.response ? 1 : 0;
  return [
    {
      name: sendsName,
      comment: [`${id}: sends old enough to have been answered, numbered per lead`],
      lines: ['SELECT e.lead_id, e.occurred_ms, row_number() OVER (PARTITION BY e.lead_id ORDER BY e.occurred_at) AS send_no', 'FROM past_events AS e', 'CROSS JOIN params AS p', ...sendFilters],
    },
    {
      name,
      comment,
      lines: [
        `SELECT u.lead_id, ${points} * count(*) AS points`,
        'FROM (',
        `  SELECT s.lead_id, s.send_no, sum(CASE WHEN ${inWindow} THEN 1 ELSE 0 END) AS replies`,
        `  FROM ${sendsName} AS s`,
        '  JOIN past_events AS r ON r.lead_id = s.lead_id',
        '  GROUP BY s.lead_id, s.send_no',
        ') AS u',
        `WHERE u.replies <= ${allowed}${allowed ? '  -- a send that is also of the response type does not answer itself' : ''}`,
        'GROUP BY u.lead_id',
      ],
    },
  ];
}

/** Text for `-- ` comment lines (line breaks folded). */
export function commentLines(lines: string[]): string[] {
  return lines.map((l) => `-- ${commentText(l)}`);
}
