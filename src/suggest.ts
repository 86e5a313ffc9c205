/**
 * "Did you mean …" for names people type: the closest allowed word by edit distance. Plain
 * string code with no imports, so that any layer (and the loader's start-up path) can use it.
 */

/** Edit distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Closest allowed word within distance 2 (or a third of the length), if any. */
export function suggest(word: string, allowed: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of allowed) {
    const d = editDistance(word.toLowerCase(), a.toLowerCase());
    if (d < bestD) [best, bestD] = [a, d];
  }
  if (bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  // a truncated or extended name ("halfLife" for "halfLifeDays")
  const lower = word.toLowerCase();
  if (lower.length >= 3) for (const a of allowed) if (a.toLowerCase().startsWith(lower) || lower.startsWith(a.toLowerCase())) return a;
  return undefined;
}
