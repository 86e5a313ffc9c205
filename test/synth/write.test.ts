import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory, parseTruth, parseTruthGenerator, tableToCsv, truthFileText, writeGeneratedHistory, writeHistory } from '../../src/synth/index.js';

const history = generateHistory({ leads: 200, seed: 3 });
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'leadcal-synth-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeHistory', () => {
  it('writes the three tables and truth.json, leaving no temporary folder', async () => {
    const dir = join(root, 'nested', 'out');
    await writeHistory(dir, history);
    expect((await readdir(dir)).sort()).toEqual(['events.csv', 'leads.csv', 'outcomes.csv', 'truth.json']);
    expect(await readFile(join(dir, 'leads.csv'), 'utf8')).toBe(tableToCsv(history.leads));
    expect(await readFile(join(dir, 'events.csv'), 'utf8')).toBe(tableToCsv(history.events));
    expect(await readFile(join(dir, 'outcomes.csv'), 'utf8')).toBe(tableToCsv(history.outcomes));
    const truthText = await readFile(join(dir, 'truth.json'), 'utf8');
    expect(truthText).toBe(truthFileText(history));
    expect(parseTruth(truthText, 'truth.json')).toEqual(history.truth);
    expect(parseTruthGenerator(truthText, 'truth.json')).toEqual({ seed: 3, leads: 200, startMs: Date.UTC(2025, 0, 1), days: 540 });
    expect((await readdir(join(root, 'nested'))).sort()).toEqual(['out']);
  });

  it('gzip writes the tables as .csv.gz, byte-identical across runs, and truth.json plain', async () => {
    const a = join(root, 'gz-a');
    const b = join(root, 'gz-b');
    await writeHistory(a, history, { gzip: true });
    await writeGeneratedHistory(b, { leads: 200, seed: 3 }, { gzip: true });
    expect((await readdir(a)).sort()).toEqual(['events.csv.gz', 'leads.csv.gz', 'outcomes.csv.gz', 'truth.json']);
    expect(gunzipSync(await readFile(join(a, 'events.csv.gz'))).toString('utf8')).toBe(tableToCsv(history.events));
    for (const name of ['leads.csv.gz', 'events.csv.gz', 'outcomes.csv.gz', 'truth.json']) {
      expect(Buffer.compare(await readFile(join(b, name)), await readFile(join(a, name)))).toBe(0);
    }
  });

  it('writeGeneratedHistory streams the same bytes as writeHistory(generateHistory())', async () => {
    const a = join(root, 'whole');
    const b = join(root, 'streamed');
    await writeHistory(a, history);
    expect(await writeGeneratedHistory(b, { leads: 200, seed: 3 })).toEqual({ leads: 200, events: history.events.rows.length, outcomes: history.outcomes.rows.length });
    for (const name of ['leads.csv', 'events.csv', 'outcomes.csv', 'truth.json']) {
      expect(await readFile(join(b, name), 'utf8')).toBe(await readFile(join(a, name), 'utf8'));
    }
    await expect(writeGeneratedHistory(b, { leads: 5, seed: 3 })).rejects.toThrow(/not empty/);
    await writeGeneratedHistory(b, { leads: 5, seed: 3 }, { force: true });
    expect((await readFile(join(b, 'leads.csv'), 'utf8')).split('\n')).toHaveLength(7);
  });

  it('starts each CSV with the header and uses \\n line ends', async () => {
    const text = tableToCsv(history.events);
    expect(text.startsWith('lead_id,type,occurred_at,page,channel\n')).toBe(true);
    expect(text.includes('\r')).toBe(false);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(history.events.rows.length + 2);
  });

  it('refuses a non-empty folder without force and leaves it untouched', async () => {
    const dir = join(root, 'taken');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'mine');
    await expect(writeHistory(dir, history)).rejects.toThrow(/taken exists and is not empty; use force to replace it/);
    expect(await readdir(dir)).toEqual(['keep.txt']);
    expect(existsSync(`${dir}.tmp-${process.pid}`)).toBe(false);
  });

  it('fills an existing empty folder', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    await writeHistory(dir, history);
    expect((await readdir(dir)).sort()).toEqual(['events.csv', 'leads.csv', 'outcomes.csv', 'truth.json']);
  });

  it('replaces a non-empty folder with force', async () => {
    const dir = join(root, 'replace');
    await mkdir(dir);
    await writeFile(join(dir, 'old.txt'), 'old');
    await writeHistory(dir, history, { force: true });
    expect((await readdir(dir)).sort()).toEqual(['events.csv', 'leads.csv', 'outcomes.csv', 'truth.json']);
    expect((await readdir(root)).filter((name) => name.startsWith('replace'))).toEqual(['replace']);
  });

  it('refuses a path that is a file', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(writeHistory(file, history, { force: true })).rejects.toThrow(/exists and is not a folder/);
  });
});

describe('tableToCsv', () => {
  it('quotes fields with commas, quotes or line breaks (RFC 4180)', () => {
    const table = { header: ['a', 'b'], rows: [['x,y', 'say "hi"'], ['line\nbreak', ''], ['cr\r', 'plain']] };
    expect(tableToCsv(table)).toBe('a,b\n"x,y","say ""hi"""\n"line\nbreak",\n"cr\r",plain\n');
  });
});
