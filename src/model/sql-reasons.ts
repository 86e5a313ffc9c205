/**
 * Reason codes in the SQL export: the scorer's reasons (`reasons.ts`) as columns. Every rule's
 * points per lead (`rule_points`) are unpivoted with UNION ALL, each with the rule table's label
 * (a fit rule's label is the case that matched) and its place in the explanation; rules worth 0
 * drop out; `row_number()` ranks them per lead by points (descending for the rules that add,
 * ascending for the rules that cost), ties to the earlier rule; `max(CASE …)` pivots the first K
 * of each side into `reason_up_1, reason_up_1_points, …`; `reason_rest` = score − the reasons.
 */
import { resolveAttributeRule } from './attribute-rule.js';
import { behaviorCriterion, caseCriterion, decayCriterion } from './rule-table.js';
import { reasonColumns } from './scores-table.js';
import type { ScoringModel } from './schema.js';
import { fitCaseSql, type SqlColumns } from './sql-conditions.js';
import { sqlLiteral } from './sql-dialect.js';
import { segmentFilter, type Cte, type RuleContext } from './sql-rules.js';

/** CTE names the reason codes take (reserved before rule names are allocated). */
export const REASON_NAMES = ['scores', 'reason_parts', 'reason_ranks', 'reasons'];

export interface ReasonSqlInput {
  model: ScoringModel;
  fitIds: string[];
  /** Column names in `rule_points`, per rule kind, in model order. */
  fitNames: string[];
  behaviorNames: string[];
  decayNames: string[];
  /** The normalised lead columns (alias `l`, the `scored_leads` CTE). */
  leads: SqlColumns;
  context: RuleContext;
  k: number;
}

/**
 * The CTEs after `scores` (the score query as a CTE) and the final SELECT (without ORDER BY).
 *
 * @example
 * reasonSql({ model, fitIds, fitNames, behaviorNames, decayNames, leads, context, k: 2 }).ctes.map((c) => c.name)
 * // => ['reason_parts', 'reason_ranks', 'reasons']
 */
export function reasonSql(input: ReasonSqlInput): { ctes: Cte[]; select: string[] } {
  const { model, fitIds, fitNames, behaviorNames, decayNames, leads, context, k } = input;
  const { dialect } = context;
  const label = (s: string): string => `CAST(${sqlLiteral(s, dialect.name)} AS ${dialect.text})`;
  const points = (name: string): string => `CAST(r.${name} AS ${dialect.double}) AS points`;
  const branches: string[][] = [];
  // rule_order: the rule's place in the explanation (1 = the first fit rule), as `scoreReasons` breaks ties
  model.fit.forEach((rule, f) => {
    const resolved = resolveAttributeRule(rule, fitIds[f]!);
    const restricted = segmentFilter('r.segment', rule.segments, context);
    const head = `SELECT r.lead_id, ${1 + f} AS rule_order, ${points(fitNames[f]!)},`;
    const from = ['FROM rule_points AS r', 'JOIN scored_leads AS l ON l.lead_id = r.lead_id'];
    if (restricted === 'FALSE') {
      branches.push([`${head} NULL AS reason`, ...from]);
      return;
    }
    const whens = fitCaseSql(resolved, leads.get(rule.field), dialect, (c) => label(caseCriterion(rule.field, c)));
    if (restricted) whens.unshift(`WHEN NOT (${restricted}) THEN NULL`);
    branches.push([head, '  CASE', ...whens.map((w) => `    ${w}`), '  END AS reason', ...from]);
  });
  const others = [
    ...model.behavior.map((rule, i) => ({ name: behaviorNames[i]!, text: behaviorCriterion(rule) })),
    ...model.decay.map((rule, i) => ({ name: decayNames[i]!, text: decayCriterion(rule) })),
  ];
  others.forEach(({ name, text }, i) => {
    branches.push([`SELECT r.lead_id, ${1 + fitNames.length + i} AS rule_order, ${points(name)}, ${label(text)} AS reason`, 'FROM rule_points AS r']);
  });
  if (branches.length === 0) branches.push([`SELECT r.lead_id, 0 AS rule_order, CAST(0 AS ${dialect.double}) AS points, ${label('')} AS reason`, 'FROM rule_points AS r']);

  const columns = reasonColumns(k);
  const pivot: string[] = [];
  for (const side of ['up', 'down'] as const) {
    const sign = side === 'up' ? 'points > 0' : 'points < 0';
    for (let j = 1; j <= k; j++) {
      pivot.push(`max(CASE WHEN ${side}_rank = ${j} AND ${sign} THEN reason END) AS reason_${side}_${j}`);
      pivot.push(`max(CASE WHEN ${side}_rank = ${j} AND ${sign} THEN points END) AS reason_${side}_${j}_points`);
    }
  }
  const reasonPoints = columns.filter((c) => c.endsWith('_points')).map((c) => `coalesce(x.${c}, 0)`);
  const ctes: Cte[] = [
    {
      name: 'reason_parts',
      comment: ["every rule's points per lead with the rule table's label (a fit rule: the case that matched) and its place in the explanation"],
      lines: branches.flatMap((b, i) => (i === 0 ? b : ['UNION ALL', ...b])),
    },
    {
      name: 'reason_ranks',
      comment: ['rules that give or take points, ranked per lead: most points first (up), least first (down); ties to the earlier rule'],
      lines: [
        'SELECT',
        '  p.lead_id, p.reason, p.points,',
        '  row_number() OVER (PARTITION BY p.lead_id ORDER BY p.points DESC, p.rule_order) AS up_rank,',
        '  row_number() OVER (PARTITION BY p.lead_id ORDER BY p.points, p.rule_order) AS down_rank',
        'FROM reason_parts AS p',
        'WHERE p.points <> 0',
      ],
    },
    {
      name: 'reasons',
      comment: [`the ${k} rule(s) that add most and the ${k} that cost most, as columns`],
      lines: ['SELECT', '  lead_id,', ...pivot.map((p, i) => `  ${p}${i < pivot.length - 1 ? ',' : ''}`), 'FROM reason_ranks', 'GROUP BY lead_id'],
    },
  ];
  const select = [
    'SELECT',
    '  s.lead_id, s.score, s.fit, s.behavior, s.decay, s.segment,',
    ...columns.filter((c) => c !== 'reason_rest').map((c) => `  x.${c},`),
    `  CAST(s.score - (${reasonPoints.join(' + ')}) AS ${dialect.double}) AS reason_rest`,
    'FROM scores AS s',
    'LEFT JOIN reasons AS x ON x.lead_id = s.lead_id',
  ];
  return { ctes, select };
}
