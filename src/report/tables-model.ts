/**
 * The model page's tables: the rules and their points, how often each rule fires and how
 * those snapshots convert (a seeded sample of snapshots, explained rule by rule), the fit
 * report's weights and half-lives with intervals, and what changed since the previous model.
 */
import { createRandom } from '../random.js';
import { explainScore } from '../model/score.js';
import { ruleId, type ScoringModel } from '../model/schema.js';
import { ruleTable, type RuleRow } from '../model/rule-table.js';
import type { FitReport } from '../fit/fit-report-file.js';
import { fitRuleLabel } from './fit-report.js';
import { formatDecimal, formatRate, formatTimes } from './format.js';
import type { ScoredModel, Split } from './scored.js';
import { col, makeTable, num, round } from './table.js';
import type { Cell, ReportTable } from './types.js';

const capitalise = (text: string): string => (text.startsWith('a ') || text.startsWith('an ') ? text.charAt(0).toUpperCase() + text.slice(1) : text);

/** A value that reads as an identifier rather than a word: a long hex string, a UUID, or a long token with digits. */
const looksLikeId = (value: string): boolean => /^(?=.*\d)(?=.*[a-f])[0-9a-f]{12,}$/i.test(value) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) || /^(?=.*\d)(?=.*[a-z])[a-z0-9_-]{24,}$/i.test(value);

/**
 * A criterion a person can read in a headline: "landing_page_id = 22c29808c4f8…" becomes
 * "a landing page (id 22c29808…)"; any other criterion is kept as it is.
 *
 * @example
 * readableCriterion('landing_page_id = 22c29808c4f815213303f8933030604c') // => 'a landing page (id 22c29808…)'
 * readableCriterion('industry = software') // => 'industry = software'
 */
export function readableCriterion(criterion: string): string {
  const m = /^(.+?) = (.+)$/.exec(criterion);
  if (!m || !looksLikeId(m[2]!)) return criterion;
  const thing = m[1]!.replace(/[_\s-]*id$/i, '').replace(/[_-]+/g, ' ').trim() || m[1]!;
  return `${/^[aeiou]/i.test(thing) ? 'an' : 'a'} ${thing} (id ${m[2]!.slice(0, 8)}…)`;
}

export function rulesTable(model: ScoringModel, name: string): ReportTable {
  const rows = ruleTable(model).map((r) => ({ ...r }) as Record<string, Cell>);
  const scoring = ruleTable(model).filter((r) => r.section !== 'segment' && r.section !== 'base');
  const top = [...scoring].sort((a, b) => b.points - a.points)[0];
  const low = [...scoring].sort((a, b) => a.points - b.points)[0];
  const finding = top ? `${capitalise(readableCriterion(top.criterion))} earns the most points (${formatDecimal(top.points)})${low && low.points < 0 ? `; ${readableCriterion(low.criterion)} costs the most (${formatDecimal(low.points)})` : ''}` : `${name} has no scoring rules`;
  return makeTable('rules', 'model', `Rules and points of ${name}`, [
    col('section', 'Section'), col('rule', 'Rule'), col('criterion', 'Criterion'), col('points', 'Points', 'points'), col('per', 'Per'), col('decay', 'Decay'), col('limits', 'Limits'), col('segments', 'Segments'),
  ], rows, { finding, note: 'Segment rows give each segment\'s MQL threshold in the points column.' });
}

/** Snapshot indices sampled without replacement (all when there are fewer), in frame order. */
export function sampleSnapshots(count: number, size: number, seed: number): Int32Array {
  if (count <= size) return Int32Array.from({ length: count }, (_, i) => i);
  const random = createRandom(seed);
  const index = Int32Array.from({ length: count }, (_, i) => i);
  for (let k = 0; k < size; k++) {
    const j = k + random.int(count - k);
    const t = index[k]!; index[k] = index[j]!; index[j] = t;
  }
  return index.slice(0, size).sort();
}

export function hitRateTable(scored: ScoredModel, split: Split, sample: number, seed: number): ReportTable {
  const model = scored.model;
  const ids = [...model.fit.map((r, i) => ruleId(r, i)), ...model.behavior.map((r, i) => ruleId(r, i)), ...model.decay.map((r, i) => ruleId(r, i))];
  const sections = [...model.fit.map(() => 'fit'), ...model.behavior.map(() => 'behavior'), ...model.decay.map(() => 'decay')];
  const at = new Map(ids.map((id, k) => [id, k]));
  const fired = new Float64Array(ids.length);
  const firedPositive = new Float64Array(ids.length);
  const points = new Float64Array(ids.length);
  const rows = sampleSnapshots(split.frame.count, sample, seed);
  let positives = 0;
  const seen = new Uint8Array(ids.length);
  const leadIds = scored.compiled.history.leads.ids;
  for (const s of rows) {
    const y = split.frame.label[s]!;
    positives += y;
    seen.fill(0);
    const x = explainScore(scored.compiled, leadIds[split.frame.lead[s]!]!, split.frame.asOfMs[s]!);
    for (const line of x.lines) {
      const k = at.get(line.rule);
      // a fit rule's 0-point case (its reference level) does not make it fire
      if (k === undefined || (line.group === 'fit' && line.after === 0)) continue;
      points[k] += line.after;
      if (seen[k]) continue;
      seen[k] = 1;
      fired[k]++;
      firedPositive[k] += y;
    }
  }
  const n = rows.length;
  const out = ids.map((id, k) => {
    const notFired = n - fired[k]!;
    const rateFired = fired[k]! > 0 ? firedPositive[k]! / fired[k]! : NaN;
    const rateNot = notFired > 0 ? (positives - firedPositive[k]!) / notFired : NaN;
    return { rule: id, section: sections[k]!, fired: fired[k]!, share: num(n ? round(fired[k]! / n) : NaN), meanPoints: num(fired[k]! ? round(points[k]! / fired[k]!, 3) : NaN), rateFired: num(round(rateFired)), rateNotFired: num(round(rateNot)), ratio: num(rateNot > 0 ? round(rateFired / rateNot, 4) : NaN) };
  });
  const best = [...out].filter((r) => r.ratio !== null && r.fired >= 20 && r.section !== 'decay').sort((a, b) => b.ratio! - a.ratio!)[0];
  const finding = best ? `Snapshots where ${best.rule} fired convert ${formatTimes(best.ratio!)} as often as the others (${formatRate(best.rateFired!)} vs ${formatRate(best.rateNotFired!)}; fires on ${formatRate(best.share!)})` : 'Too few snapshots to compare rules';
  return makeTable('rule-hit-rates', 'model', 'How often each rule fires, and how those snapshots convert', [
    col('rule', 'Rule'), col('section', 'Section'), col('fired', 'Fired (sample)', 'integer'), col('share', 'Share of snapshots', 'percent'), col('meanPoints', 'Mean points when fired', 'points'),
    col('rateFired', 'Conversion when fired', 'percent'), col('rateNotFired', 'Conversion otherwise', 'percent'), col('ratio', 'Ratio', 'ratio'),
  ], out, { finding, note: `${n.toLocaleString('en-US')} of ${split.frame.count.toLocaleString('en-US')} snapshots${n < split.frame.count ? `, sampled with seed ${seed}` : ''}; a rule fires when it adds or removes points.` });
}

export function fitRulesTable(report: FitReport): ReportTable {
  const rows = report.rules.map((r) => ({
    label: fitRuleLabel(r), kind: r.kind, coefficient: num(r.coefficient === null ? NaN : round(r.coefficient)), standardError: num(r.standardError ?? NaN), points: r.points,
    halfLifeDays: num(r.halfLifeDays ?? NaN), halfLifeLow: num(r.halfLifeInterval?.[0] ?? NaN), halfLifeHigh: num(r.halfLifeInterval?.[1] ?? NaN),
    support: r.support, rateFired: num(r.hitRate.fired ?? NaN), rateNotFired: num(r.hitRate.notFired ?? NaN),
  }));
  const decays = rows.filter((r) => r.halfLifeDays !== null).sort((a, b) => b.halfLifeDays! - a.halfLifeDays!);
  const long = decays[0];
  const short = decays[decays.length - 1];
  const ci = (r: (typeof rows)[number]): string => (r.halfLifeLow !== null && r.halfLifeHigh !== null ? `, 95% CI ${formatDecimal(r.halfLifeLow, 0)}–${formatDecimal(r.halfLifeHigh, 0)}` : '');
  const finding = long && short && long !== short
    ? `${long.label} keeps its value longest (half-life ${formatDecimal(long.halfLifeDays!, 0)} days${ci(long)}); ${short.label} fades fastest (${formatDecimal(short.halfLifeDays!, 0)} days${ci(short)})`
    : `The fit estimated ${rows.length} weights on ${report.frame.snapshots.toLocaleString('en-US')} snapshots`;
  return makeTable('fit-rules', 'model', 'Fitted weights, points and half-lives', [
    col('label', 'Feature'), col('kind', 'Kind'), col('coefficient', 'Log-odds weight', 'number'), col('standardError', 'Std. error', 'number'), col('points', 'Points', 'points'),
    col('halfLifeDays', 'Half-life', 'days'), col('halfLifeLow', 'Half-life 95% low', 'days'), col('halfLifeHigh', 'Half-life 95% high', 'days'),
    col('support', 'Support', 'integer'), col('rateFired', 'Conversion when present', 'percent'), col('rateNotFired', 'Conversion otherwise', 'percent'),
  ], rows, { finding, note: `From the fit report: ${report.frame.snapshots.toLocaleString('en-US')} training snapshots, ${report.frame.positives.toLocaleString('en-US')} positive; half-life intervals are profile-likelihood 95%.` });
}

/**
 * The fit's binning table for the model page (optbinning's `BinningTable`): one row per case of
 * each attribute rule (missing, levels or bins, other) with its training snapshots, events, event
 * rate, weight of evidence, information value and points, and the attribute's IV and trend;
 * attributes by IV, strongest first. Empty when the fit report has no binning (older reports).
 *
 * @example
 * binningTable(checkFitReport(fit.report)).rows[0] // => { attribute: 'employees', attributeIv: 0.41, trend: 'ascending', case: 'employees is empty', count: 120, … }
 */
export function binningTable(report: FitReport): ReportTable {
  const tables = [...(report.binning ?? [])].sort((a, b) => (b.iv ?? 0) - (a.iv ?? 0));
  const rows = tables.flatMap((t) => t.rows.map((r) => ({
    attribute: t.field, attributeIv: num(t.iv === null ? NaN : round(t.iv)), trend: t.trend ?? (t.kind === 'levels' ? 'levels' : ''),
    case: r.label, reference: r.reference ? 'reference' : '', count: r.count, events: r.events,
    eventRate: num(r.eventRate ?? NaN), woe: num(r.woe === null ? NaN : round(r.woe)), iv: num(r.iv === null ? NaN : round(r.iv)), points: r.points,
  })));
  const top = tables[0];
  const finding = top ? `${top.field} separates converting snapshots best (information value ${top.iv === null ? '—' : top.iv.toFixed(3)}${top.trend ? `, ${top.trend} trend` : ''}) of ${tables.length} attribute${tables.length === 1 ? '' : 's'} binned` : 'The fit report has no binning table';
  return makeTable('binning', 'model', 'Binning table: each attribute\'s cases with counts, events, weight of evidence, information value and points', [
    col('attribute', 'Attribute'), col('attributeIv', 'Attribute IV', 'number'), col('trend', 'Trend'), col('case', 'Case'), col('reference', 'Reference'),
    col('count', 'Snapshots', 'integer'), col('events', 'Events', 'integer'), col('eventRate', 'Event rate', 'percent'), col('woe', 'WoE', 'number'), col('iv', 'IV', 'number'), col('points', 'Points', 'points'),
  ], rows, { finding, note: `From the fit report: ${report.frame.snapshots.toLocaleString('en-US')} training snapshots; each attribute's counts add up to them and its rows' IV to its IV. WoE = ln(share of events / share of non-events); the reference case has 0 points.` });
}

const keyOf = (r: RuleRow): string => `${r.section}\u0000${r.rule}\u0000${r.criterion}`;

export function modelDiffTable(previous: ScoringModel, current: ScoringModel, previousName: string, currentName: string): ReportTable {
  const before = new Map(ruleTable(previous).map((r) => [keyOf(r), r]));
  const after = new Map(ruleTable(current).map((r) => [keyOf(r), r]));
  const rows: Record<string, Cell>[] = [];
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const [key, r] of after) {
    const b = before.get(key);
    if (!b) { counts.added++; rows.push({ section: r.section, rule: r.rule, criterion: r.criterion, status: 'added', before: null, after: r.points, change: null, detail: [r.decay, r.limits].filter(Boolean).join('; ') }); continue; }
    const detail: string[] = [];
    if (b.decay !== r.decay) detail.push(`decay: ${b.decay || 'none'} → ${r.decay || 'none'}`);
    if (b.limits !== r.limits) detail.push(`limits: ${b.limits || 'none'} → ${r.limits || 'none'}`);
    if (b.points !== r.points || detail.length) {
      counts.changed++;
      rows.push({ section: r.section, rule: r.rule, criterion: r.criterion, status: 'changed', before: b.points, after: r.points, change: r.points - b.points, detail: detail.join('; ') });
    }
  }
  for (const [key, b] of before) {
    if (after.has(key)) continue;
    counts.removed++;
    rows.push({ section: b.section, rule: b.rule, criterion: b.criterion, status: 'removed', before: b.points, after: null, change: null, detail: '' });
  }
  const parts = [`${counts.changed} changed`, `${counts.added} added`, `${counts.removed} removed`];
  const thresholdMove = previous.threshold !== current.threshold ? `; the default MQL threshold moved from ${formatDecimal(previous.threshold)} to ${formatDecimal(current.threshold)}` : '';
  const finding = rows.length ? `Since ${previousName}: ${parts.join(', ')} criteria${thresholdMove}` : `Nothing changed in the rules since ${previousName}`;
  return makeTable('model-changes', 'model', `Change since the previous model (${previousName} → ${currentName})`, [
    col('section', 'Section'), col('rule', 'Rule'), col('criterion', 'Criterion'), col('status', 'Status'), col('before', 'Points before', 'points'), col('after', 'Points now', 'points'), col('change', 'Change', 'points'), col('detail', 'Other changes'),
  ], rows, { finding });
}
