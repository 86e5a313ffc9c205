/**
 * Which thresholds a sweep tries — the one home of that choice for `leadcal sweep`, the report's
 * thresholds page (and its what-if slider) and the demo, so that given the same snapshots they
 * list the same thresholds and recommend the same one.
 */

/**
 * - `wholePoints`: every whole point t that some score reaches (t = ⌊score⌋): an MQL threshold
 *   of a points model is a whole number of points, and a score s passes t when s ≥ t, i.e. when
 *   ⌊s⌋ ≥ t. A decayed score of 93.5 passes 93, not 94; a sweep never recommends 93.5.
 * - `everyScore`: every distinct score (exact for any score scale, e.g. probabilities).
 */
export type ThresholdCandidates = 'wholePoints' | 'everyScore';

/** The candidates `leadcal sweep`, the report and the demo sweep: whole points. */
export const MQL_THRESHOLD_CANDIDATES: ThresholdCandidates = 'wholePoints';

/**
 * Scores floored to whole points, so that sweeping them tries exactly the whole-point thresholds
 * and passes, at each integer t, exactly the snapshots with score ≥ t. 1e-9 absorbs float noise
 * (a decayed 59.999999999999 counts as 60). ⌈score⌉ would be wrong: it would pass a 59.5 at 60.
 *
 * Complexity: O(n); returns a new array.
 *
 * @example
 * Array.from(wholePointScores(Float64Array.of(93.5, 94, -0.5, 59.9999999999999)))
 * // => [93, 94, -1, 60]
 */
export function wholePointScores(scores: Float64Array): Float64Array {
  return scores.map((s) => Math.floor(s + 1e-9));
}
