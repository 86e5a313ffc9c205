/**
 * Security of the site: every string from data is HTML-escaped (a segment name, a model level,
 * a rule id or a value quoted by validation of `<script>alert(1)</script>` shows as text), CSV
 * cells that start with = + - @ are neutralised, and segment names used in file names never
 * leave the output folder.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { checkModel, type ScoringModel } from '../../src/model/schema.js';
import { buildReportData, escapeHtml, html, renderSite, slugify, tableCsv, uniqueSlugs, writeSite, type ReportData } from '../../src/report/index.js';
import { starter, synthHistory } from './helpers.js';

const XSS = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const FORMULA = '=HYPERLINK("http://evil.example","x")';

function hostileModel(): ScoringModel {
  const base = starter();
  return checkModel({
    ...base,
    name: `starter ${XSS}`,
    description: IMG,
    segments: [
      { name: XSS, when: { segment: 'enterprise' }, threshold: 80 },
      { name: '../../etc', when: { segment: 'mid_market' }, threshold: 65 },
      { name: FORMULA, when: { segment: 'smb' }, threshold: 50 },
      { name: '+SUM(A1:A9)', when: { industry: 'software' } },
      { name: '@cmd', when: { industry: 'finance' } },
      { name: '-2+3', when: { industry: 'retail' } },
      { name: '../..', when: { industry: 'education' } },
    ],
    fit: [...base.fit, { id: IMG, field: 'industry', points: { [XSS]: 5, [FORMULA]: 3 } }],
  });
}

describe('escaping and slugs', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`${XSS}&'"`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;&quot;');
    expect(html`<td title="${IMG}">${XSS}</td>`.text).toBe('<td title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });
  it.each([
    ['../../etc', 'etc'],
    ['../..', 'item'],
    ['/etc/passwd', 'etc-passwd'],
    ['..\\..\\windows', 'windows'],
    ['Mid Market (EU)', 'mid-market-eu'],
    ['Ünïcödé', 'unicode'],
    [XSS, 'script-alert-1-script'],
    ['', 'item'],
    ['a'.repeat(100), 'a'.repeat(60)],
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
  it('dedupes slugs in order', () => {
    expect(uniqueSlugs(['sweep-../../etc', 'sweep-etc', 'sweep-ETC', '..', '.'])).toEqual(['sweep-etc', 'sweep-etc-2', 'sweep-etc-3', 'item', 'item-2']);
  });
});

describe('a report built from hostile data', () => {
  let data: ReportData;
  let files: Map<string, string>;
  beforeAll(async () => {
    const { dir } = await synthHistory(500, 99);
    // a lead row whose created_at is script text: validation quotes it in its message
    const header = readFileSync(join(dir, 'leads.csv'), 'utf8').split('\n')[0]!;
    appendFileSync(join(dir, 'leads.csv'), `${['LX1', XSS, ...header.split(',').slice(2).map(() => '')].join(',')}\n`);
    const loaded = await readHistory(dir);
    expect(loaded.issues.some((i) => i.message.includes(XSS))).toBe(true);
    data = buildReportData(loaded.history!, { model: hostileModel(), compare: [checkModel({ ...starter(), name: FORMULA })] }, { validation: loaded, capacity: 40 });
    files = renderSite(data);
  });

  it('has no script element but the fixed what-if one, and no unescaped tag from data anywhere', () => {
    const fixed = '<script src="assets/what-if.js" defer></script>';
    for (const [name, text] of files) {
      if (!name.endsWith('.html')) continue;
      // the one script: a fixed file of the site, on the thresholds page only; nothing from data
      expect(text.split(fixed).length - 1, name).toBe(name === 'thresholds.html' ? 1 : 0);
      expect(text.split(fixed).join(''), name).not.toMatch(/<script/i);
      expect(text, name).not.toMatch(/<img/i);
      expect(text, name).not.toMatch(/onerror=alert\(2\)>/);
    }
    const all = [...files.entries()].filter(([n]) => n.endsWith('.html')).map(([, t]) => t).join('\n');
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(files.get('data-quality.html')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(files.get('thresholds.html')).toContain('Threshold sweep: &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps every file name inside the folder, slugged and unique', () => {
    const names = [...files.keys()];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(name.endsWith('.js') ? /^assets\/what-if\.js$/ : /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?\.(html|css|csv|json)$/);
      expect(name).not.toContain('..');
    }
    expect(names).toContain('data/sweep-etc.csv');
    expect(names).toContain('data/sweep.csv');
  });

  it('writes nothing outside the output folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'leadcal-out-'));
    const out = join(parent, 'reports', 'hostile');
    writeSite(data, out);
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    const written = walk(parent);
    for (const f of written) expect(relative(resolve(out), f).startsWith('..')).toBe(false);
    expect(readdirSync(join(parent, 'reports'))).toEqual(['hostile']);
  });

  it('neutralises formula cells in every CSV (CSV injection)', () => {
    const csv = [...files.entries()].filter(([n]) => n.endsWith('.csv')).map(([, t]) => t).join('\n');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'+SUM(A1:A9)");
    expect(csv).toContain("'@cmd");
    expect(csv).toContain("'-2+3");
    for (const line of csv.split('\n')) {
      for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^"?[=+@]/);
    }
  });

  it('keeps numbers numeric in CSV, negatives included', () => {
    const rules = tableCsv(data.tables.find((t) => t.id === 'rules')!);
    expect(rules).toMatch(/,-30,/);
  });
});
