/**
 * How a framework did on history: wins among qualified vs nurtured leads, per-criterion lift
 * and unknown share, AUC of the met count, and wins captured at a common pipeline volume.
 *
 * Lift of a criterion = win rate of the leads that had it met / win rate of all measured
 * leads (1 = no information; null when no lead had it met or there is no win).
 */
import { capturedAtVolume, type CapturedAtVolume } from './captured-at-volume.js';
import type { FrameworkEvaluation } from './evaluate-framework.js';
import { aucOrNull, groupCount, type GroupCount } from './group-count.js';
import { MET, NOT_MET } from './qualifications.js';

export interface CriterionMeasure {
  criterion: string;
  label: string;
  required: boolean;
  met: GroupCount;
  notMet: GroupCount;
  unknown: GroupCount;
  /** Share of measured leads whose criterion was unknown (no record, or recorded unknown). */
  unknownShare: number | null;
  lift: number | null;
}

export interface FrameworkMeasure {
  name: string;
  qualified: GroupCount;
  nurtured: GroupCount;
  /** ROC AUC of the met count; null when wins or non-wins are missing. */
  auc: number | null;
  /** ROC AUC of the weighted score. */
  scoreAuc: number | null;
  criteria: CriterionMeasure[];
  /** Wins captured by the top leads by weighted score at the common volume. */
  captured: CapturedAtVolume;
}

/**
 * Measure an evaluated framework against labels (1 = reached the target).
 *
 * Complexity: O(rows · criteria + rows log rows).
 * @example
 * const m = measureFramework(evaluateFramework(bant, states), cohort.label, 0.3);
 * m.qualified // => { leads: 212, wins: 61, rate: 0.287…, interval: [0.23…, 0.35…] }
 */
export function measureFramework(evaluation: FrameworkEvaluation, labels: Uint8Array, volumeShare: number): FrameworkMeasure {
  const { framework, count: n, state, qualified } = evaluation;
  const m = framework.criteria.length;
  let q = 0;
  let qWins = 0;
  let wins = 0;
  const counts = new Float64Array(m * 6); // per criterion: met, met wins, not met, not met wins, unknown, unknown wins
  for (let k = 0; k < n; k++) {
    const y = labels[k]!;
    wins += y;
    if (qualified[k] === 1) {
      q++;
      qWins += y;
    }
    for (let j = 0; j < m; j++) {
      const s = state[k * m + j]!;
      const slot = j * 6 + (s === MET ? 0 : s === NOT_MET ? 2 : 4);
      counts[slot]!++;
      counts[slot + 1]! += y;
    }
  }
  const baseRate = n > 0 ? wins / n : 0;
  const criteria = framework.criteria.map((c, j): CriterionMeasure => {
    const at = (s: number): number => counts[j * 6 + s]!;
    const met = groupCount(at(0), at(1));
    return {
      criterion: c.id,
      label: c.label,
      required: c.required,
      met,
      notMet: groupCount(at(2), at(3)),
      unknown: groupCount(at(4), at(5)),
      unknownShare: n > 0 ? at(4) / n : null,
      lift: met.rate !== null && baseRate > 0 ? met.rate / baseRate : null,
    };
  });
  return {
    name: framework.name,
    qualified: groupCount(q, qWins),
    nurtured: groupCount(n - q, wins - qWins),
    auc: n > 0 ? aucOrNull(labels, Float64Array.from(evaluation.metCount)) : null,
    scoreAuc: n > 0 ? aucOrNull(labels, evaluation.score) : null,
    criteria,
    captured: capturedAtVolume(labels, evaluation.score, volumeShare),
  };
}
