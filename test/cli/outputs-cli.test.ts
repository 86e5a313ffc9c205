// Finding 2 of issue #20: `--out` can never destroy an input. Every writing command refuses an
// output that is (or replaces a file inside) an input, before doing any work; inputs are
// checksummed before and after.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'leadcal.js');
const MODEL = join(ROOT, 'datasets', 'models', 'starter.yaml');

function leadcal(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const checksum = (dir: string): string => createHash('sha256').update(readdirSync(dir).sort().map((n) => `${n}:${readFileSync(join(dir, n), 'utf8')}`).join('\n')).digest('hex');

describe('outputs never touch inputs (CLI)', () => {
  const root = mkdtempSync(join(tmpdir(), 'leadcal-outguard-'));
  const data = join(root, 'D');
  cpSync(join(ROOT, 'datasets', 'sample'), data, { recursive: true });
  const model = join(root, 'm.yaml');
  cpSync(MODEL, model);
  const before = checksum(data);
  // the input tables by their names on disk (the bundled sample is gzip-compressed: leads.csv.gz …)
  const table = (name: string): string => join(data, readdirSync(data).find((n) => n.startsWith(`${name}.csv`))!);
  const modelBefore = readFileSync(model, 'utf8');

  const cases: [string, string[], RegExp][] = [
    ['score --out DIR/leads.csv', ['score', data, '--model', model, '--out', table('leads')], /refusing to write --out .*leads\.csv(\.gz)?: it would replace a file inside the input folder/],
    ['fit --out DIR/events.csv', ['fit', data, '--out', table('events')], /refusing to write --out .*events\.csv/],
    ['fit --report DIR/outcomes.csv', ['fit', data, '--report', table('outcomes')], /refusing to write --report/],
    ['calibrate --out MODEL', ['calibrate', data, '--model', model, '--out', model], /it is the input file/],
    ['report --out DIR', ['report', data, '--model', model, '--out', data], /it is the input folder/],
    ['report --out PARENT', ['report', data, '--model', model, '--out', root], /it holds the input/],
    ['fit --out X --report X', ['fit', data, '--out', join(root, 'x.yaml'), '--report', join(root, 'x.yaml')], /--report and --out name the same file/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name} is refused and the inputs are unchanged`, () => {
      const r = leadcal(...args);
      expect(r.code, r.stderr).toBeGreaterThan(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(checksum(data)).toBe(before);
      expect(readFileSync(model, 'utf8')).toBe(modelBefore);
    });
  }

  it('a write into a path through a file is a clear error naming the path', () => {
    const r = leadcal('score', data, '--model', model, '--out', join(root, 'm.yaml', 'scores.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/m\.yaml\/scores\.csv: cannot write \((ENOTDIR|EEXIST)\)/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
