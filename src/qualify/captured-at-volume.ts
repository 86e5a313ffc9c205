/** Wins captured when the same pipeline volume is filled by different rankings. */

export interface CapturedAtVolume {
  /** Share of measured leads sent to the pipeline. */
  volumeShare: number;
  /** round(volumeShare · leads). */
  leads: number;
  /** Expected wins among them (ties at the cut are taken in proportion: may be fractional). */
  wins: number;
  /** wins / all wins; null without wins. */
  shareOfWins: number | null;
}

/**
 * Fill a pipeline of V = round(volumeShare · n) leads with the highest scores and count the
 * wins it holds. Leads tied at the cut share the remaining places, so the count is the
 * expectation over random tie-breaking: Σ wins above the cut + (places left / tied leads) ·
 * wins among the tied. Frameworks compared at the same V compare fairly even when their rules
 * qualify different numbers of leads.
 *
 * Complexity: O(n log n).
 * @example
 * capturedAtVolume(Uint8Array.of(1, 0, 1, 0), Float64Array.of(3, 2, 2, 1), 0.5)
 * // => { volumeShare: 0.5, leads: 2, wins: 1.5, shareOfWins: 0.75 }
 */
export function capturedAtVolume(labels: Uint8Array, scores: Float64Array, volumeShare: number): CapturedAtVolume {
  const n = labels.length;
  const volume = Math.round(volumeShare * n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let total = 0;
  for (let i = 0; i < n; i++) total += labels[i]!;
  let taken = 0;
  let wins = 0;
  for (let a = 0; a < n && taken < volume;) {
    let b = a;
    let groupWins = 0;
    while (b < n && scores[order[b]!] === scores[order[a]!]) groupWins += labels[order[b++]!]!;
    const size = b - a;
    const take = Math.min(size, volume - taken);
    wins += (groupWins * take) / size;
    taken += take;
    a = b;
  }
  return { volumeShare, leads: volume, wins, shareOfWins: total > 0 ? wins / total : null };
}
