// Seeded data for the boosting tests.
import type { GbmDesign } from '../../src/gbm/index.js';
import { createRandom } from '../../src/random.js';

/** An interaction, a non-linearity and missing values that carry signal. */
export function synthetic(rows: number, seed: number): { X: GbmDesign; y: Uint8Array } {
  const random = createRandom(seed);
  const columns = Array.from({ length: 6 }, () => new Float64Array(rows));
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 6; j++) columns[j]![i] = j === 3 ? random.int(4) : random.normal();
    const missing = random.next() < 0.2;
    const eta = -1 + (columns[0]![i]! > 0.5 && columns[3]![i]! === 2 ? 2 : 0) + Math.sin(2 * columns[1]![i]!) + (missing ? 1 : 0.3 * columns[2]![i]!);
    if (missing) columns[2]![i] = Number.NaN;
    y[i] = random.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X: { rows, columns }, y };
}
