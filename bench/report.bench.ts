/**
 * Issue target: building the full report site (every page, chart, CSV and JSON) for 20k
 * leads / ~500k events in < 15 s. Workload: `generateHistory({ leads: 20000 })` written to CSV
 * and loaded (not timed), the starter model as primary, a no-decay variant to compare with and
 * a re-thresholded one as the previous model. Timed: `buildReportData` + `writeSite`.
 * Peer: the same build with the charts drawn into jsdom instead of linkedom (same data, same
 * pages, same charts checked), i.e. the DOM a Node renderer would reach for first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { readHistory } from '../src/data/load.js';
import { readModel } from '../src/model/schema.js';
import { buildReportData, renderSite, writeSite, type DocumentFactory } from '../src/report/index.js';
import { generateHistory, writeHistory } from '../src/synth/index.js';
import { median, time, type BenchResult } from './lib.js';

const jsdomDocument: DocumentFactory = () => new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>').window.document;

export async function benchReport(runs: number): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'leadcal-bench-report-'));
  try {
    const dir = join(root, 'history');
    await writeHistory(dir, generateHistory({ leads: 20_000, seed: 20250101 }));
    const t0 = performance.now();
    const loaded = await readHistory(dir);
    const loadMs = performance.now() - t0;
    const history = loaded.history!;
    const starter = readModel(join(import.meta.dirname, '..', 'datasets', 'models', 'starter.yaml'));
    const models = {
      model: starter,
      compare: [{ ...starter, name: 'starter without decay', decay: [] }],
      previous: { ...starter, name: 'last quarter', threshold: 55 },
    };
    const options = { validation: loaded, testFromMs: Date.UTC(2025, 9, 1), capacity: 400, seed: 1 };
    let files = 0;
    const build = (out: string, createDocument?: DocumentFactory): void => {
      const data = buildReportData(history, models, options);
      files = writeSite(data, join(root, out), createDocument ? { createDocument } : {}).files.length;
    };
    const ours = await time(() => build('linkedom'), runs);
    const peer = await time(() => build('jsdom', jsdomDocument), runs);
    // rendering alone (pages + charts + files in memory), from the same data
    const data = buildReportData(history, models, options);
    const renderOurs = median(await time(() => renderSite(data), runs));
    const renderPeer = median(await time(() => renderSite(data, { createDocument: jsdomDocument }), runs));
    // same tables, same charts (the two DOMs serialise empty elements differently)
    const svgs = (text: string): number => text.split('<svg').length;
    if (readFileSync(join(root, 'linkedom', 'report.json'), 'utf8') !== readFileSync(join(root, 'jsdom', 'report.json'), 'utf8')) throw new Error('report.json differs between the two builds');
    for (const page of ['index.html', 'thresholds.html', 'calibration.html', 'stability.html']) {
      if (svgs(readFileSync(join(root, 'linkedom', page), 'utf8')) !== svgs(readFileSync(join(root, 'jsdom', page), 'utf8'))) throw new Error(`${page}: different charts with linkedom and jsdom`);
    }
    return {
      name: 'report site (all pages, charts, CSV/JSON)',
      workload: `${history.leads.count.toLocaleString('en-US')} leads, ${history.events.count.toLocaleString('en-US')} events; 3 models; ${files} files`,
      ms: median(ours),
      runs: ours,
      peer: { name: 'same site, charts drawn with jsdom', ms: median(peer), runs: peer },
      targetMs: 15_000,
      note: `Timed: buildReportData + writeSite (frame, scoring of 3 models, sweeps, calibration, DeLong, PSI, hit-rate sample, ~25 charts, atomic write); loading the CSV history (${(loadMs / 1000).toFixed(1)} s) is not timed. The peer differs only in the DOM Plot draws into (rendering alone: linkedom ${renderOurs.toFixed(0)} ms, jsdom ${renderPeer.toFixed(0)} ms); report.json checked identical and chart counts equal`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runsFlag = process.argv.indexOf('--runs');
  const r = await benchReport(runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3);
  process.stdout.write(`${JSON.stringify(r, null, 1)}\n`);
}
