// Replacing a folder keeps one complete copy on disk at every moment: a kill -9 between the
// two renames (simulated in a child process) leaves the old copy aside, and recoverFolder
// (run first by writeSite) puts it back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverFolder, replaceFolder } from '../src/io.js';

const ROOT = resolve(import.meta.dirname, '..');

function copy(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), version);
  writeFileSync(join(dir, 'manifest.json'), `{"format":"leadcal-report","v":"${version}"}`);
}
const complete = (dir: string): boolean => existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'index.html'));
const versions = (parent: string): string[] => readdirSync(parent).map((n) => join(parent, n)).filter(complete).map((d) => readFileSync(join(d, 'index.html'), 'utf8')).sort();

describe('replaceFolder', () => {
  it('replaces a folder and leaves no sibling behind', () => {
    const parent = mkdtempSync(join(tmpdir(), 'leadcal-swap-'));
    copy(join(parent, 'r'), 'old');
    copy(join(parent, 'fresh'), 'new');
    replaceFolder(join(parent, 'fresh'), join(parent, 'r'));
    expect(readdirSync(parent)).toEqual(['r']);
    expect(readFileSync(join(parent, 'r', 'index.html'), 'utf8')).toBe('new');
  });

  for (const step of ['old-moved-aside', 'new-moved-in'] as const) {
    it(`a kill -9 after "${step}" leaves a complete copy, and recovery gives one at the output path`, () => {
      const parent = mkdtempSync(join(tmpdir(), 'leadcal-crash-'));
      copy(join(parent, 'r'), 'old');
      copy(join(parent, 'fresh'), 'new');
      const script = join(parent, 'crash.ts');
      writeFileSync(script, `import { replaceFolder } from ${JSON.stringify(join(ROOT, 'src', 'io.ts'))};\nreplaceFolder(process.argv[2]!, process.argv[3]!, (s) => { if (s === process.argv[4]) process.kill(process.pid, 'SIGKILL'); });\n`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, join(parent, 'fresh'), join(parent, 'r'), step], { cwd: ROOT, encoding: 'utf8' });
      expect(r.signal).toBe('SIGKILL');
      expect(versions(parent).length).toBeGreaterThan(0); // never neither
      recoverFolder(join(parent, 'r'), complete);
      expect(complete(join(parent, 'r'))).toBe(true);
      expect(readFileSync(join(parent, 'r', 'index.html'), 'utf8')).toBe(step === 'old-moved-aside' ? 'old' : 'new');
    });
  }
});
