/**
 * The stable scripted shape of `leadcal qualify --json`. Scripts may rely on these keys, in
 * this order (more keys may follow them, never fewer):
 *
 * ```
 * {"frameworks": [{"name", "qualified": {"leads", "wins"}, "nurtured": {"leads", "wins"}, "auc",
 *    "criteria": [{"criterion", "met": {"leads", "wins"}, "notMet": {…}, "unknownShare", "lift"}]}],
 *  "recommended": {"criteria": [...], "holdoutAuc"}}
 * ```
 * "wins" counts leads that reached the target stage (won, or opportunity with --target).
 * Numbers that do not exist (AUC with one class, the rate of an empty group) are null.
 */
import type { GroupCount } from './group-count.js';
import type { QualifyReport } from './qualify-report.js';

const group = (g: GroupCount): Record<string, unknown> => ({ leads: g.leads, wins: g.wins, rate: g.rate, interval: g.interval });

/**
 * The JSON value printed by `leadcal qualify --json`.
 *
 * @example
 * Object.keys(qualifyJson(report)) // => ['frameworks', 'recommended', 'target', 'horizonDays', 'windowDays', 'measured']
 */
export function qualifyJson(report: QualifyReport): Record<string, unknown> {
  return {
    frameworks: report.frameworks.map((f) => ({
      name: f.name,
      qualified: group(f.qualified),
      nurtured: group(f.nurtured),
      auc: f.auc,
      criteria: f.criteria.map((c) => ({
        criterion: c.criterion,
        met: group(c.met),
        notMet: group(c.notMet),
        unknownShare: c.unknownShare,
        lift: c.lift,
        label: c.label,
        required: c.required,
        unknown: group(c.unknown),
      })),
      scoreAuc: f.scoreAuc,
      holdoutAuc: f.holdoutAuc,
      captured: f.captured,
    })),
    recommended: {
      criteria: report.recommended.criteria,
      holdoutAuc: report.recommended.holdoutAuc,
      trainAuc: report.recommended.trainAuc,
      steps: report.recommended.steps,
      rule: report.recommended.framework ? { minMet: report.recommended.framework.rule.minMet } : null,
      split: report.recommended.split,
    },
    target: report.target,
    horizonDays: report.horizonDays,
    windowDays: report.windowDays,
    measured: report.measured,
  };
}
