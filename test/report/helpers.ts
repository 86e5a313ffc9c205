/**
 * Report test helpers: a small seeded history written to a temporary folder, the bundled
 * starter model, and snapshot comparison after rounding numbers and renumbering ids (as
 * Observable Plot's tests do: a mismatch writes NAME-changed.EXT next to the stored file).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHistory } from '../../src/data/load.js';
import type { LoadReport } from '../../src/data/load.js';
import { readModel, type ScoringModel } from '../../src/model/schema.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SNAPSHOTS = join(ROOT, 'test', 'report', 'snapshots');
export const starter = (): ScoringModel => readModel(join(ROOT, 'datasets', 'models', 'starter.yaml'));

/** A seeded synthetic history (written once per call to a temporary folder) and what validation found. */
export async function synthHistory(leads = 400, seed = 20251125): Promise<{ dir: string; loaded: LoadReport }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'leadcal-report-')), 'history');
  await writeHistory(dir, generateHistory({ leads, seed }));
  return { dir, loaded: await readHistory(dir) };
}

/** Round decimals to 2 places and renumber ids and their references in order of appearance. */
export function normalise(markup: string): string {
  let text = markup.replace(/-?\d+\.\d+(e[-+]?\d+)?/gi, (m) => {
    const r = Number(Number(m).toFixed(2));
    return String(Object.is(r, -0) ? 0 : r);
  });
  const ids = new Map<string, string>();
  text.replace(/\sid="([^"]+)"/g, (_m, id: string) => { if (!ids.has(id)) ids.set(id, `id${ids.size}`); return ''; });
  for (const [id, k] of ids) text = text.split(`"${id}"`).join(`"${k}"`).split(`#${id}`).join(`#${k}`);
  return text;
}

/**
 * Compare normalised markup with test/report/snapshots/NAME. A missing snapshot is written
 * (outside CI; in CI it fails); a mismatch writes NAME-changed.EXT and fails.
 */
export function matchSnapshot(name: string, markup: string): { ok: boolean; message: string } {
  const actual = normalise(markup);
  const path = join(SNAPSHOTS, name);
  const changed = path.replace(/(\.[a-z]+)$/, '-changed$1');
  if (!existsSync(path)) {
    if (process.env.CI) return { ok: false, message: `snapshot ${name} is missing (run the tests outside CI to create it, then commit it)` };
    writeFileSync(path, actual);
    return { ok: true, message: `wrote ${name}` };
  }
  if (readFileSync(path, 'utf8') === actual) return { ok: true, message: 'same' };
  writeFileSync(changed, actual);
  return { ok: false, message: `${name} differs from the stored snapshot: see ${changed}` };
}
