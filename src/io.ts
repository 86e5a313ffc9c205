/**
 * Atomic output: write to a temporary sibling, then rename, so that a reader never sees a
 * half-written file and an interrupted run leaves the previous output intact.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Write a file atomically (creating its folder).
 *
 * @example
 * writeFileAtomic('out/scores.csv', 'lead_id,score\n')
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
