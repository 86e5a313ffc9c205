import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';
import { loadHistory, readHistory } from '../../src/data/load.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { buildFrame } from '../../src/frame/frame.js';
import { setWarningSink } from '../../src/warnings.js';

const quietly = <T>(fn: () => T): T => {
  const previous = setWarningSink(() => {});
  try { return fn(); } finally { setWarningSink(previous); }
};

const stream = (tty: boolean): NodeJS.WriteStream => {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { columns: number };
  s.isTTY = tty;
  s.columns = 100;
  (s as unknown as { cursorTo: () => boolean; clearLine: () => boolean; moveCursor: () => boolean }).cursorTo = () => true;
  (s as unknown as { clearLine: () => boolean }).clearLine = () => true;
  (s as unknown as { moveCursor: () => boolean }).moveCursor = () => true;
  return s;
};

describe('progress', () => {
  it('draws only on a terminal and never with --json', async () => {
    expect(await progressBar(false, stream(false))).toBeUndefined();
    expect(await progressBar(true, stream(true))).toBeUndefined();
    const tty = stream(true);
    let drawn = '';
    tty.on('data', (c: Buffer) => { drawn += c.toString(); });
    const bar = (await progressBar(false, tty))!;
    bar.update('reading events.csv', 10, 100);
    bar.update('reading events.csv', 100, 100);
    bar.stop();
    expect(drawn).toMatch(/reading events\.csv/);
  });

  it('loading reports the bytes read of each file, up to its size', async () => {
    const seen = new Map<string, [number, number]>();
    const report = await readHistory('datasets/sample', { onProgress: (file, done, total) => seen.set(file, [done, total]) });
    expect(report.errors).toBe(0);
    // the sample is gzip-compressed: progress counts the bytes of the file on disk
    const events = [...seen].find(([f]) => f.endsWith('events.csv.gz'))!;
    expect(events[1]).toEqual([statSync('datasets/sample/events.csv.gz').size, statSync('datasets/sample/events.csv.gz').size]);
    expect(seen.size).toBe(3);
  });
});

describe('progress of frame and fit (issue #22 item 6)', () => {
  const ROOT = resolve(import.meta.dirname, '..', '..');
  const leadcal = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'leadcal.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it('draws no bar in a pipe, with or without --json (frame and fit): stderr holds only warning lines', () => {
    const frame = leadcal('frame', 'datasets/sample', '--json');
    expect(frame.code).toBe(0);
    expect(frame.stderr).toBe('');
    for (const args of [['frame', 'datasets/sample'], ['fit', 'datasets/sample', '--json', '--force'], ['fit', 'datasets/sample', '--force']]) {
      const r = leadcal(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(r.stderr, args.join(' ')).not.toMatch(/ETA|\r|[\u2588\u2591]/);
      for (const line of r.stderr.split('\n').filter(Boolean)) expect(line, args.join(' ')).toMatch(/^(warning|note): /);
    }
  }, 120_000);

  it('the fit reports its phases (frame, features, Newton iterations, intervals) and the frame its leads', async () => {
    const { history } = await loadHistory('datasets/sample');
    const phases = new Map<string, [number, number]>();
    const fit = quietly(() => fitScoringModel(history, { force: true, onProgress: (phase, done, total) => phases.set(phase, [done, total]) }));
    expect([...phases.keys()]).toEqual(['building the frame', 'planning features', 'fitting weights and half-lives', 'half-life intervals', 'half-lives without the penalty']);
    expect(phases.get('building the frame')).toEqual([history.leads.count, history.leads.count]);
    const [it, max] = phases.get('fitting weights and half-lives')!;
    expect(it).toBeLessThan(max);
    expect(fit.report.iterations).toBeGreaterThan(it);
    const seen: number[] = [];
    buildFrame(history, {}, (done) => seen.push(done));
    expect(seen.at(-1)).toBe(history.leads.count);
  });
});
