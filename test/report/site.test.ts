/**
 * The site as files: deterministic (two builds of the same inputs and seed are byte-identical
 * but for the one generated line), atomic (built in a sibling folder and renamed into place,
 * an earlier report replaced, a foreign folder refused), and complete (every page, a CSV and a
 * JSON per table, every internal link resolving).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../../src/data/load.js';
import { LeadcalError } from '../../src/errors.js';
import { buildReportData, GENERATED_MARK, writeSite, type ReportData } from '../../src/report/index.js';
import { starter, synthHistory } from './helpers.js';

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f), base) : [posix.relative(base.split('\\').join('/'), join(dir, f).split('\\').join('/'))])).sort();
}

let loaded: LoadReport;
const options = { testFromMs: Date.UTC(2025, 8, 1), seed: 7, valuePerConversion: 5000, costPerTouch: 150 };
const build = (): ReportData => buildReportData(loaded.history!, { model: starter(), previous: { ...starter(), name: 'last quarter', threshold: 55 } }, { ...options, validation: loaded });

beforeAll(async () => {
  loaded = (await synthHistory(400, 4242)).loaded;
});

describe('writeSite', () => {
  it('is deterministic: two builds differ only in the generated line', () => {
    const root = mkdtempSync(join(tmpdir(), 'leadcal-det-'));
    const a = writeSite(build(), join(root, 'a'), { now: new Date(Date.UTC(2025, 0, 1)) });
    const b = writeSite(build(), join(root, 'b'), { now: new Date(Date.UTC(2026, 5, 30, 12, 34, 56)) });
    expect(walk(a.dir)).toEqual(walk(b.dir));
    let differing = 0;
    for (const name of walk(a.dir)) {
      const x = readFileSync(join(a.dir, name), 'utf8').split('\n');
      const y = readFileSync(join(b.dir, name), 'utf8').split('\n');
      expect(x.length, name).toBe(y.length);
      x.forEach((line, k) => {
        if (line === y[k]) return;
        differing++;
        expect(name, `${line.slice(0, 200)} ≠ ${y[k]!.slice(0, 200)}`).toBe('index.html');
        expect(line.startsWith(GENERATED_MARK) && y[k]!.startsWith(GENERATED_MARK), `${line.slice(0, 300)} ≠ ${y[k]!.slice(0, 300)}`).toBe(true);
      });
    }
    expect(differing).toBe(1);
  });

  it('writes every page, a CSV and a JSON per table, and links that resolve', () => {
    const data = build();
    const { dir, files } = writeSite(data, join(mkdtempSync(join(tmpdir(), 'leadcal-site-')), 'r'));
    expect(walk(dir)).toEqual(files);
    for (const page of ['index', 'model', 'thresholds', 'calibration', 'comparison', 'funnel', 'stability', 'data-quality']) expect(files).toContain(`${page}.html`);
    expect(files.filter((f) => f.endsWith('.csv')).length).toBe(data.tables.length);
    expect(files.filter((f) => f.startsWith('data/') && f.endsWith('.json')).length).toBe(data.tables.length);
    for (const page of files.filter((f) => f.endsWith('.html'))) {
      const text = readFileSync(join(dir, page), 'utf8');
      expect(text).toContain('<svg');
      for (const [, href] of text.matchAll(/href="([^"]+)"/g)) {
        expect(href, `${page} → ${href}`).not.toMatch(/^[a-z]+:/i);
        const [path, fragment] = href!.split('#');
        const target = path === '' ? page : posix.join(posix.dirname(page), path!);
        expect(existsSync(join(dir, target)), `${page} → ${href}`).toBe(true);
        if (fragment) expect(readFileSync(join(dir, target), 'utf8')).toContain(`id="${fragment}"`);
      }
      expect(text).not.toMatch(/src="(https?:)?\/\//);
    }
  });

  it('shows the model changes and the previous-vs-current stability tables', () => {
    const data = build();
    const ids = data.tables.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['model-changes', 'psi-models', 'mql-agreement', 'psi-halves', 'band-drift']));
    expect(data.tables.find((t) => t.id === 'model-changes')!.finding).toMatch(/default MQL threshold moved from 55 to 60/);
  });

  it('replaces an earlier report atomically and leaves no temporary folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'leadcal-atomic-'));
    const out = join(parent, 'q3');
    writeSite(build(), out);
    writeFileSync(join(out, 'stale.txt'), 'from an older build');
    writeSite(build(), out);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(readdirSync(parent)).toEqual(['q3']);
  });

  it('refuses to replace a folder that is not a report, and a file', () => {
    const parent = mkdtempSync(join(tmpdir(), 'leadcal-refuse-'));
    const foreign = join(parent, 'home');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'precious.txt'), 'keep me');
    expect(() => writeSite(build(), foreign)).toThrow(LeadcalError);
    expect(readFileSync(join(foreign, 'precious.txt'), 'utf8')).toBe('keep me');
    writeFileSync(join(parent, 'file'), 'x');
    try {
      writeSite(build(), join(parent, 'file'));
      expect.unreachable();
    } catch (e) {
      expect((e as LeadcalError).code).toBe('output_exists');
    }
    expect(readdirSync(parent).sort()).toEqual(['file', 'home']);
  });

  it('writes into an empty folder', () => {
    const out = mkdtempSync(join(tmpdir(), 'leadcal-empty-'));
    expect(writeSite(build(), out).files).toContain('index.html');
  });
});
