/** Leads and wins of a group, with the win rate and its Wilson interval; AUC that may not exist. */
import { rocAuc, wilsonInterval } from '../calibration/index.js';

export interface GroupCount {
  leads: number;
  wins: number;
  /** wins / leads; null for an empty group. */
  rate: number | null;
  /** 95% Wilson interval of the rate; null for an empty group (where `wilsonInterval` gives NaN bounds), as the rate. */
  interval: [number, number] | null;
}

/**
 * Counts with their rate and 95% Wilson interval.
 *
 * @example
 * groupCount(10, 3) // => { leads: 10, wins: 3, rate: 0.3, interval: [0.1077…, 0.6032…] }
 */
export function groupCount(leads: number, wins: number): GroupCount {
  return { leads, wins, rate: leads > 0 ? wins / leads : null, interval: leads > 0 ? wilsonInterval(wins, leads) : null };
}

/**
 * ROC AUC of scores for 0/1 labels, or null when one class is absent (AUC is undefined).
 *
 * @example
 * aucOrNull(Uint8Array.of(0, 1), Float64Array.of(1, 2)) // => 1
 * aucOrNull(Uint8Array.of(1, 1), Float64Array.of(1, 2)) // => null
 */
export function aucOrNull(labels: Uint8Array, scores: Float64Array): number | null {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  if (positives === 0 || positives === labels.length) return null;
  return rocAuc(labels, scores);
}
