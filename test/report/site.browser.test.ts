/**
 * The site in a real browser: built from the bundled sample (starter model, and a model fitted
 * here with fitScoringModel), every page opened from file:// in headless Debian Chromium
 * through playwright-core. Each page: no console error, no failed request, no request leaving
 * the folder, every internal link resolving to an existing file, charts present, no script
 * run from data. A screenshot of the overview is saved under test/output/. At 1280 px and at
 * 390 px (a phone) nothing overflows its container unless it sits in a scroll container with
 * the visible scroll shadows (screenshots of the thresholds page at both widths), and the
 * threshold what-if shows, for a threshold, the numbers of the sweep table's row. No axis title
 * overlaps a tick label at either width (screenshots of the score-band and reliability charts).
 *
 * In CI (CI set) Chromium must be there (scripts/install-system.sh installs it): the test
 * fails loudly without it. Elsewhere it skips with a message when /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/data/load.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { checkModel } from '../../src/model/schema.js';
import { buildReportData, writeSite } from '../../src/report/index.js';
import { ROOT, starter } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have && process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: scripts/install-system.sh must install the chromium package`);
if (!have) process.stderr.write(`site.browser.test.ts: skipped — ${CHROMIUM} is not installed (apt-get install chromium)\n`);

const PAGES = ['index', 'model', 'thresholds', 'calibration', 'comparison', 'funnel', 'stability', 'data-quality'];
const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'output');

describe.skipIf(!have)('the report site in headless Chromium', () => {
  let site: string;
  let context: BrowserContext;
  let userDir: string;

  beforeAll(async () => {
    const loaded = await readHistory(join(ROOT, 'datasets', 'sample'));
    const history = loaded.history!;
    const testFromMs = Date.UTC(2025, 9, 1);
    const fitted = fitScoringModel(history, { frame: { target: 'sql', horizonDays: 90 }, testFromMs, name: 'fitted' });
    // a hostile segment name and model name: must show as text, never run
    const model = checkModel({ ...starter(), name: 'starter <script>window.__xss = 1</script>', segments: [...starter().segments.map((s, k) => (k === 0 ? { ...s, name: '<img src=x onerror="window.__xss=2">' } : s))] });
    const data = buildReportData(history, { model, compare: [fitted.model], previous: { ...starter(), name: 'last quarter', threshold: 55 } }, { testFromMs, capacity: 30, validation: loaded, seed: 1 });
    site = writeSite(data, join(mkdtempSync(join(tmpdir(), 'leadcal-browser-')), 'report'), { now: new Date(Date.UTC(2025, 10, 25)) }).dir;
    userDir = mkdtempSync(join(tmpdir(), 'leadcal-chromium-'));
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  it.each(PAGES)('%s.html loads cleanly, links resolve, charts are drawn', async (name) => {
    const page = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => { if (!r.url().startsWith(pathToFileURL(site).href)) outside.push(r.url()); });
    page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
    const response = await page.goto(pathToFileURL(join(site, `${name}.html`)).href, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(outside).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main svg').count()).toBeGreaterThan(0);
    expect(await page.locator('main table').count()).toBeGreaterThan(0);
    expect(await page.locator('h1').count()).toBe(1);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const url = new URL(href);
      expect(url.protocol, href).toBe('file:');
      const path = fileURLToPath(url);
      expect(resolve(path).startsWith(resolve(site)), href).toBe(true);
      expect(existsSync(path), href).toBe(true);
      if (url.hash) expect(await page.evaluate(([file, id]) => file !== location.pathname || document.getElementById(id!) !== null, [url.pathname, url.hash.slice(1)]), href).toBe(true);
    }
    if (name === 'index') {
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'report-overview.png'), fullPage: true });
      expect(await page.locator('body').innerText()).toContain('<script>window.__xss = 1</script>');
    }
    await page.close();
  });

  it.each([1280, 390])('at %i px wide no page has content overflowing its container outside a visible scroll container', async (width) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const name of PAGES) {
      await page.goto(pathToFileURL(join(site, `${name}.html`)).href, { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        const bad: string[] = [];
        const what = (el: Element): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
        const scrolls = (el: Element): boolean => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth + 1) bad.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
        const main = document.querySelector('main')!.getBoundingClientRect();
        let scrolling = 0;
        for (const el of document.querySelectorAll('main *')) {
          if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue; // a chart scales as a whole
          let inScroller = false;
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) { inScroller = true; break; }
          const r = el.getBoundingClientRect();
          if (!inScroller && r.width > 0 && (r.right > main.right + 1 || r.left < main.left - 1)) bad.push(`${what(el)} overflows main (${Math.round(r.left)}–${Math.round(r.right)} vs ${Math.round(main.left)}–${Math.round(main.right)})`);
          if (scrolls(el) && el.scrollWidth > el.clientWidth + 1) {
            scrolling++;
            const bg = getComputedStyle(el).backgroundImage;
            if (!el.classList.contains('table-wrap') || !bg.includes('radial-gradient')) bad.push(`${what(el)} scrolls without a visible affordance`);
          }
        }
        return { bad, scrolling };
      });
      expect(found.bad, `${name}.html at ${width} px`).toEqual([]);
      if (width === 390 && name === 'thresholds') expect(found.scrolling).toBeGreaterThan(0);
      if (name === 'thresholds') {
        mkdirSync(OUTPUT, { recursive: true });
        await page.screenshot({ path: join(OUTPUT, `report-thresholds-${width}.png`), fullPage: true });
      }
    }
    await page.close();
  });

  it.each([1280, 390])('at %i px wide no axis title overlaps a tick label, and the score-band and reliability charts are saved as screenshots', async (width) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const name of PAGES) {
      await page.goto(pathToFileURL(join(site, `${name}.html`)).href, { waitUntil: 'load' });
      const overlaps = await page.evaluate(() => {
        const found: string[] = [];
        const boxes = (svg: Element, label: string): DOMRect[] => [...svg.querySelectorAll(`g[aria-label="${label}"] text`)].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0);
        const meet = (a: DOMRect, b: DOMRect): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        document.querySelectorAll('main svg').forEach((svg, k) => {
          const ticks = [...boxes(svg, 'x-axis tick label'), ...boxes(svg, 'y-axis tick label')];
          for (const axis of ['x-axis label', 'y-axis label']) {
            for (const title of boxes(svg, axis)) if (ticks.some((t) => meet(title, t))) found.push(`chart ${k}: the ${axis} overlaps a tick label`);
          }
        });
        return found;
      });
      expect(overlaps, `${name}.html at ${width} px`).toEqual([]);
    }
    if (width === 1280) {
      mkdirSync(OUTPUT, { recursive: true });
      await page.goto(pathToFileURL(join(site, 'index.html')).href, { waitUntil: 'load' });
      await page.locator('main svg', { has: page.locator('g[aria-label="bar"]') }).first().screenshot({ path: join(OUTPUT, 'report-score-bands.png') });
      await page.goto(pathToFileURL(join(site, 'calibration.html')).href, { waitUntil: 'load' });
      const reliability = page.locator('svg', { has: page.locator('g[aria-label="dot"] title') }).first();
      // one dot per non-empty bin (a row of the table beside it), each titled with its snapshot count
      const rows = await page.locator('table', { has: page.locator('caption', { hasText: 'Reliability diagram' }) }).locator('tbody tr').count();
      const titles = await reliability.locator('g[aria-label="dot"] title').evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
      expect(rows).toBeGreaterThan(0);
      expect(titles.length).toBe(rows);
      expect(titles.every((t) => /^bin \d+: [\d,]+ snapshots$/.test(t)), titles.join('; ')).toBe(true);
      await reliability.screenshot({ path: join(OUTPUT, 'report-reliability.png') });
    }
    await page.close();
  });

  it('the threshold what-if shows the sweep table row of the chosen threshold, by slider, number input and keyboard', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(site, 'thresholds.html')).href, { waitUntil: 'load' });
    const section = page.locator('section#sweep-overall');
    const headers = await section.locator('thead th').allInnerTexts();
    const column = (label: string): number => headers.indexOf(label);
    const rows = section.locator('tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThan(3);
    const block = page.locator('#what-if-sweep-overall');
    const range = block.locator('input[type=range]');
    const number = block.locator('input[type=number]');
    const shown = async (): Promise<string[]> => Promise.all([0, 1, 2, 3, 4].map((k) => block.locator(`[data-k="${k}"]`).innerText()));
    for (const [k, how] of [[1, 'slider'], [Math.floor(count / 2), 'number'], [count - 2, 'slider']] as const) {
      const cells = await rows.nth(k).locator('td').allInnerTexts();
      const threshold = cells[column('Threshold')]!;
      if (how === 'slider') {
        await range.evaluate((el, v) => { (el as HTMLInputElement).value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, threshold);
        expect(await number.inputValue()).toBe(threshold);
      } else {
        await number.fill(threshold);
        expect(await range.inputValue()).toBe(threshold);
      }
      expect(await shown(), `threshold ${threshold}`).toEqual([cells[column('Passed/month')], cells[column('Conversion rate')], cells[column('95% low')], cells[column('95% high')], cells[column('Conversions caught')]]);
    }
    // keyboard: the slider takes focus and moves one point per arrow key
    await range.focus();
    const before = Number(await range.inputValue());
    await page.keyboard.press('ArrowLeft');
    expect(Number(await range.inputValue())).toBe(before - 1);
    expect(await number.inputValue()).toBe(String(before - 1));
    // above every score nobody passes
    await number.fill(String(Number(await number.getAttribute('max')) + 50));
    expect(await block.locator('[data-k="none"]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints (print media) without the navigation', async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.site nav').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(20, 24, 29)');
    await page.close();
  });
});
