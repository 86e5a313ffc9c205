/**
 * Order events by (lead, time): a stable counting sort by lead, then each lead's run sorted by
 * time (insertion sort for short runs, a comparison sort for long ones). O(n) for exports that
 * are already in time order.
 */

/**
 * The permutation that sorts events by (lead, time), and the CSR offsets per lead.
 *
 * @example
 * leadTimeOrder(Int32Array.of(1, 0, 1), Float64Array.of(5, 9, 2), 2)
 * // => { order: Int32Array [1, 2, 0], offsets: Int32Array [0, 1, 3] }
 */
export function leadTimeOrder(lead: Int32Array, time: Float64Array, leadCount: number): { order: Int32Array; offsets: Int32Array } {
  const n = lead.length;
  const offsets = new Int32Array(leadCount + 1);
  for (let k = 0; k < n; k++) offsets[lead[k]! + 1]!++;
  for (let i = 0; i < leadCount; i++) offsets[i + 1]! += offsets[i]!;
  const order = new Int32Array(n);
  const fill = offsets.slice(0, leadCount);
  for (let k = 0; k < n; k++) order[fill[lead[k]!]!++] = k;
  for (let i = 0; i < leadCount; i++) {
    const a = offsets[i]!;
    const b = offsets[i + 1]!;
    let sorted = true;
    for (let k = a + 1; k < b; k++) {
      if (time[order[k]!]! < time[order[k - 1]!]!) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    if (b - a > 64) {
      const run = Array.from(order.subarray(a, b)).sort((x, y) => time[x]! - time[y]! || x - y);
      order.set(run, a);
      continue;
    }
    for (let k = a + 1; k < b; k++) {
      const o = order[k]!;
      const t = time[o]!;
      let m = k - 1;
      while (m >= a && time[order[m]!]! > t) {
        order[m + 1] = order[m]!;
        m--;
      }
      order[m + 1] = o;
    }
  }
  return { order, offsets };
}
