import { PassThrough } from 'node:stream';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';
import { readHistory } from '../../src/data/load.js';

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
