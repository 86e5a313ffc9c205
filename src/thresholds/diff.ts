/**
 * Model diff: what changed between two scoring models, rule by rule (points, decay, limits,
 * thresholds), and — on a history — how many leads change side of the MQL threshold per
 * segment when the new model replaces the old one.
 */
import type { History } from '../data/history.js';
import { ruleTable, type RuleRow } from '../model/rule-table.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots } from '../model/score.js';
import { compileModel } from '../model/compile.js';

export interface RuleChange {
  section: RuleRow['section'];
  rule: string;
  criterion: string;
  change: 'added' | 'removed' | 'changed';
  old?: { points: number; per: string; decay: string; limits: string };
  new?: { points: number; per: string; decay: string; limits: string };
  /** new − old points, when both exist. */
  delta?: number;
}

export interface SideChange {
  segment: string;
  leads: number;
  aboveBefore: number;
  aboveAfter: number;
  /** Below the old threshold, above the new one. */
  up: number;
  /** Above the old threshold, below the new one. */
  down: number;
}

const key = (r: RuleRow): string => `${r.section}\u0000${r.rule}\u0000${r.criterion}`;
const summary = (r: RuleRow): { points: number; per: string; decay: string; limits: string } => ({ points: r.points, per: r.per, decay: r.decay, limits: r.limits });

/**
 * Rule-by-rule changes from `before` to `after` (unchanged rules are left out).
 *
 * @example
 * diffModels(lastQuarter, thisQuarter)[0] // => { section: 'behavior', rule: 'demo_request', change: 'changed', delta: 10, … }
 */
export function diffModels(before: ScoringModel, after: ScoringModel): RuleChange[] {
  const a = new Map(ruleTable(before).map((r) => [key(r), r]));
  const b = new Map(ruleTable(after).map((r) => [key(r), r]));
  const out: RuleChange[] = [];
  for (const [k, r] of a) {
    const n = b.get(k);
    if (!n) out.push({ section: r.section, rule: r.rule, criterion: r.criterion, change: 'removed', old: summary(r) });
    else if (n.points !== r.points || n.per !== r.per || n.decay !== r.decay || n.limits !== r.limits) {
      out.push({ section: r.section, rule: r.rule, criterion: r.criterion, change: 'changed', old: summary(r), new: summary(n), delta: n.points - r.points });
    }
  }
  for (const [k, n] of b) if (!a.has(k)) out.push({ section: n.section, rule: n.rule, criterion: n.criterion, change: 'added', new: summary(n) });
  return out;
}

export interface ScaleComparison {
  /** Points of the two models mean the same change in log-odds (or neither states a scale). */
  comparable: boolean;
  message: string;
}

/**
 * Can two models' points be compared? Fitted models state their points per log-odds; when the
 * two differ, a 10-point change means different things, and the diff says so instead of
 * printing deltas as if they were on one scale.
 *
 * @example
 * compareScales(q2, q3) // => { comparable: false, message: 'OLD has 28.85 points per log-odds (…), NEW 57.71 (…): …' }
 */
export function compareScales(before: ScoringModel, after: ScoringModel): ScaleComparison {
  const a = before.scale;
  const b = after.scale;
  if (!a && !b) return { comparable: true, message: 'neither model states a points scale: points are compared as written' };
  if (!a || !b) return { comparable: false, message: `only the ${a ? 'old' : 'new'} model states a points scale (${(a ?? b)!.pointsPerLogOdds.toFixed(2)} points per log-odds): point changes compare a hand-set table with a fitted one, not like with like` };
  if (Math.abs(a.pointsPerLogOdds - b.pointsPerLogOdds) <= 1e-9 * a.pointsPerLogOdds) {
    const same = `both models use ${a.pointsPerLogOdds.toFixed(2)} points per log-odds`;
    if ((a.description ?? '') === (b.description ?? '')) return { comparable: true, message: `${same} (${a.description ?? 'no description'})` };
    // rule points compare; base points and thresholds sit at different base odds
    return { comparable: true, message: `${same}, so rule points compare; but the old model is scaled "${a.description ?? '?'}" and the new "${b.description ?? '?'}", so base points, totals and thresholds are not on one level` };
  }
  return { comparable: false, message: `the old model has ${a.pointsPerLogOdds.toFixed(2)} points per log-odds (${a.description ?? 'no description'}), the new one ${b.pointsPerLogOdds.toFixed(2)} (${b.description ?? 'no description'}): point changes are not on one scale — refit one of them with the other's --pdo to compare` };
}

/**
 * Leads changing side of their segment's threshold, scoring every lead created before `asOfMs`
 * with both models; segments are the new model's (plus a total row).
 *
 * @example
 * thresholdSideChanges(old, updated, history, history.untilMs) // => [{ segment: 'enterprise', leads: 310, up: 12, down: 40, … }, …]
 */
export function thresholdSideChanges(before: ScoringModel, after: ScoringModel, history: History, asOfMs: number): SideChange[] {
  const leads: number[] = [];
  for (let i = 0; i < history.leads.count; i++) if (history.leads.createdMs[i]! < asOfMs) leads.push(i);
  const lead = Int32Array.from(leads);
  return snapshotSideChanges(before, after, history, lead, new Float64Array(lead.length).fill(asOfMs));
}

/**
 * The same count on given snapshots (lead, time): each snapshot scored by both models, each
 * with its own segment thresholds; `leads` counts snapshots. Segments are the new model's.
 *
 * @example
 * snapshotSideChanges(old, updated, history, test.lead, test.asOfMs).at(-1) // => { segment: 'total', leads: 2400, aboveBefore: 480, aboveAfter: 455, up: 30, down: 55 }
 */
export function snapshotSideChanges(before: ScoringModel, after: ScoringModel, history: History, lead: Int32Array, times: Float64Array): SideChange[] {
  const a = scoreSnapshots(compileModel(before, history), lead, times);
  const b = scoreSnapshots(compileModel(after, history), lead, times);
  const rows = b.segmentNames.map((segment) => ({ segment, leads: 0, aboveBefore: 0, aboveAfter: 0, up: 0, down: 0 }));
  const total = { segment: 'total', leads: 0, aboveBefore: 0, aboveAfter: 0, up: 0, down: 0 };
  for (let i = 0; i < lead.length; i++) {
    for (const row of [rows[b.segment[i]!]!, total]) {
      row.leads++;
      row.aboveBefore += a.above[i]!;
      row.aboveAfter += b.above[i]!;
      if (!a.above[i] && b.above[i]) row.up++;
      if (a.above[i] && !b.above[i]) row.down++;
    }
  }
  return [...rows.filter((r) => r.leads > 0), total];
}
