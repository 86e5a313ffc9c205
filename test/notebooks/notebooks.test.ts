/**
 * The notebooks in notebooks/: the committed ones are what `npm run notebooks` last executed
 * (no code cell edited since, every code cell numbered by a complete run), they import only the
 * package, and each one runs headless with the tslab kernel (`scripts/notebooks.sh --out`, into a
 * temporary folder: the committed files are not rewritten) without a cell error and shows what it
 * is for (tables, inline SVG charts).
 *
 * Without Jupyter or tslab the run is skipped with the reason — except in CI, where it fails.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi } from '../setup/postgres.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const SCRIPT = join(ROOT, 'scripts', 'notebooks.sh');

interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: 'stdout' | 'stderr';
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name?: string }; leadcal?: { codeSha256?: string } };
  cells: Cell[];
}

const joined = (text: string | string[] | undefined): string => (Array.isArray(text) ? text.join('') : (text ?? ''));
const read = (path: string): Notebook => JSON.parse(readFileSync(path, 'utf8')) as Notebook;
const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === 'code');

/** SHA-256 of the code cells' sources, each followed by a NUL byte (as scripts/notebooks.sh computes it). */
function codeDigest(nb: Notebook): string {
  const hash = createHash('sha256');
  for (const cell of codeCells(nb)) hash.update(joined(cell.source), 'utf8').update('\0');
  return hash.digest('hex');
}

/** Everything a notebook shows: stream text, HTML, markdown and plain-text outputs, in order. */
function shown(nb: Notebook): string {
  return codeCells(nb)
    .flatMap((c) => c.outputs ?? [])
    .map((o) => joined(o.text) + joined(o.data?.['text/html']) + joined(o.data?.['text/markdown']) + joined(o.data?.['text/plain']))
    .join('\n');
}

const svgCount = (nb: Notebook): number => (shown(nb).match(/<svg viewBox=/g) ?? []).length;

const committed = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort();

/** What each notebook must show, beyond running without an error. */
const EXPECTED: Record<string, (text: string, nb: Notebook) => void> = {
  '01-load-and-validate.ipynb': (text, nb) => {
    expect(text).toMatch(/\d+ error\(s\), \d+ warning\(s\)/);
    expect(text).toContain('<th scope="col">left out because</th>');
    // the broken export: file:line: column, what is wrong, how to fix
    expect(text).toContain('error: ../reports/notebooks/broken-history/leads.csv:3: column created_at:');
    expect(text).toContain('duplicate lead_id "L1"');
    expect(text).toContain('datasets/sample: 0 error(s), 0 warning(s), 8,000 leads');
    expect(svgCount(nb)).toBeGreaterThanOrEqual(1);
  },
  '02-fit-weights-and-decay.ipynb': (text, nb) => {
    expect(text).toMatch(/converged: true/);
    expect(text).toContain('<th scope="col">half-life (95% CI), days</th>');
    expect(text).toMatch(/5-fold cross-validation<\/td><td class="num">[\d,]+<\/td><td>0\.\d{3} ± 0\.\d{3}/);
    expect(text).toContain('| section | rule | criterion | points |'); // the rule table as markdown
    expect(text).toContain('the points column adds up to the score');
    expect(svgCount(nb)).toBeGreaterThanOrEqual(2);
  },
  '03-thresholds-per-segment.ipynb': (text, nb) => {
    expect(text).toContain('<th scope="col">recommended</th>');
    expect(text).toMatch(/<td>overall<\/td><td class="num">[\d,]+<\/td>/);
    expect(text).toMatch(/(raising|lowering) \S+ (threshold )?from/); // a trade-off sentence
    expect(text).toContain('<th scope="col">capacity 20 / month</th>');
    expect(svgCount(nb)).toBeGreaterThanOrEqual(2);
  },
  '04-calibration-and-comparison.ipynb': (text, nb) => {
    expect(text).toMatch(/<td>isotonic<\/td>/);
    expect(text).toMatch(/<td>Platt<\/td>/);
    expect(text).toContain('stored mapping: isotonic');
    expect(text).toMatch(/gbm \(boosted trees, \d+ iterations\)/);
    expect(text).toMatch(/\(p = [\d.e-]+\)/);
    expect(svgCount(nb)).toBeGreaterThanOrEqual(2);
  },
  '05-quarterly-review.ipynb': (text, nb) => {
    expect(text).toMatch(/\d+ differences: \d+ changed, \d+ added, \d+ removed/);
    expect(text).toMatch(/<td>total<\/td><td class="num">[\d,]+<\/td>/);
    expect(text).toContain('wrote ../reports/notebooks/quarterly-review/models/q1-2026.json');
    expect(text).toMatch(/wrote the report site: \d+ files in /);
    expect(svgCount(nb)).toBeGreaterThanOrEqual(2);
  },
  '06-points-versus-boosted-trees.ipynb': (text, nb) => {
    // what the points miss runs on the bundled sample (Olist has no activity events), always
    expect(text).toContain('<caption>Rules the points miss on the sample, best first (test-AUC gain if added)</caption>');
    expect(text).toMatch(/time split: test from 2025-12-01T00:00:00Z; test AUC: points 0\.\d+, boosted 0\.\d+; \d+ of \d+ candidates refitted/);
    // real data only when ../shared/datasets has it; otherwise every Olist cell says it is skipped
    if (text.includes('skipped: the Olist marketing funnel is not in')) {
      for (const caption of ['Top 20% of the test snapshots under each scorer', 'By lead origin', 'Largest disagreements']) expect(text).not.toContain(caption);
      return;
    }
    expect(text).toContain('8,000 leads');
    expect(text).toMatch(/gbm \(boosted trees, \d+ iterations\)/);
    expect(text).toContain('<caption>Top 20% of the test snapshots under each scorer</caption>');
    expect(text).toContain('<caption>By lead origin (20 or more test snapshots)</caption>');
    expect(text).toContain('<caption>Largest disagreements (percentile rank under each scorer)</caption>');
    expect(svgCount(nb)).toBeGreaterThanOrEqual(1);
    expect(nb.cells.some((c) => c.cell_type === 'markdown' && joined(c.source).includes('## What the points miss'))).toBe(true);
  },
};

describe('committed notebooks', () => {
  it('are the six of the issues, at least', () => {
    for (const name of Object.keys(EXPECTED)) expect(committed).toContain(name);
  });

  it.each(committed)('%s is what `npm run notebooks` last executed', (name) => {
    const nb = read(join(NOTEBOOKS, name));
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec?.name).toBe('tslab');
    const stale = `${name} changed after it was executed: run \`npm run notebooks\` and commit the result`;
    expect(nb.metadata.leadcal?.codeSha256, stale).toBe(codeDigest(nb));
    // numbered 1…n only by a run that went through every cell
    expect(codeCells(nb).map((c) => c.execution_count), stale).toEqual(codeCells(nb).map((_, i) => i + 1));
    expect(shown(nb).length, `${name} has no outputs`).toBeGreaterThan(0);
  });

  it.each(committed)('%s imports only the package (and display helpers) and shows no error or local path', (name) => {
    const nb = read(join(NOTEBOOKS, name));
    const allowed = /^(leadcal|leadcal\/notebook|arquero|@observablehq\/plot|linkedom|tslab|node:[a-z/]+)$/;
    for (const cell of codeCells(nb)) {
      for (const m of joined(cell.source).matchAll(/\bfrom\s+'([^']+)'|\brequire\(\s*'([^']+)'\s*\)|\bimport\(\s*'([^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        expect(spec, `${name}, cell ${cell.id}: import '${spec}' — notebooks import the library as users do ('leadcal', 'leadcal/notebook')`).toMatch(allowed);
      }
      for (const o of cell.outputs ?? []) expect(o.output_type, `${name}, cell ${cell.id}: ${o.ename}: ${o.evalue}`).not.toBe('error');
    }
    expect(shown(nb)).not.toContain(ROOT); // outputs must not depend on where the repository is
  });

  it.each(committed)('%s takes its display helpers from leadcal/notebook instead of defining them', (name) => {
    const code = codeCells(read(join(NOTEBOOKS, name))).map((c) => joined(c.source)).join('\n');
    expect(code).toMatch(/from 'leadcal\/notebook'/);
    expect(code, `${name} defines a display helper: import it from 'leadcal/notebook'`).not.toMatch(/\bfunction (chart|table|thin)\b|\bconst (pct|num|chart|table) = /);
  });
});

// --- headless execution -----------------------------------------------------------------------

const preflight = spawnSync('bash', [SCRIPT, '--preflight'], { cwd: ROOT, encoding: 'utf8' });
const missing = preflight.status === 0 ? '' : (preflight.stderr || preflight.stdout || `exit ${preflight.status}`).trim().replace(/^notebooks\.sh: /, '');
const skip = missing !== '' && !inCi();
const title = skip ? `executed notebooks (skipped: ${missing})` : 'executed notebooks';

describe.skipIf(skip)(title, () => {
  let dir = '';
  let problem = '';
  let seconds = 0;

  beforeAll(async () => {
    if (missing) {
      problem = `the notebooks cannot run in CI: ${missing}`;
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'leadcal-notebooks-test-'));
    const start = Date.now();
    // builds dist/ only when src/ is newer (scripts/test.sh builds it before the tests)
    problem = await new Promise<string>((done) => {
      execFile('bash', [SCRIPT, '--build', 'if-stale', '--out', dir], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
        done(error ? `scripts/notebooks.sh failed (exit ${error.code}):\n${stderr}` : '');
      });
    });
    seconds = (Date.now() - start) / 1000;
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('run headless with no cell error', () => {
    expect(problem).toBe('');
    for (const name of committed) expect(existsSync(join(dir, name)), `${name} was not executed`).toBe(true);
    console.log(`notebooks executed in ${seconds.toFixed(1)} s`);
  });

  it.each(committed)('%s shows what it is for', (name) => {
    expect(problem).toBe('');
    const nb = read(join(dir, name));
    const original = read(join(NOTEBOOKS, name));
    // same code as committed (the run did not change it) and stamped the same way
    expect(codeCells(nb).map((c) => joined(c.source))).toEqual(codeCells(original).map((c) => joined(c.source)));
    expect(nb.metadata.leadcal?.codeSha256).toBe(codeDigest(original));
    const text = shown(nb);
    for (const cell of codeCells(nb)) for (const o of cell.outputs ?? []) expect(o.output_type).not.toBe('error');
    expect(text).not.toContain('ExperimentalWarning');
    EXPECTED[name]?.(text, nb);
  });
});
