/**
 * Stability tables: does the score mean the same thing over time? PSI and conversion by band
 * between the first and second half of the period, attribute PSI between leads created in
 * each half, and — with a previous model — how its scores and MQLs differ from the current one.
 */
import type { Column } from '../data/columns.js';
import type { History } from '../data/history.js';
import { LeadcalError } from '../errors.js';
import { bandDrift, featurePsi, psi } from '../drift/index.js';
import { formatRate } from './format.js';
import { take, type ScoredModel, type Split } from './scored.js';
import { col, makeTable, num, round } from './table.js';
import type { Cell, ReportTable } from './types.js';

const bandWords = { stable: 'stable', moderate: 'moderately shifted', shift: 'shifted' } as const;

function psiRows(t: ReturnType<typeof psi>): Record<string, Cell>[] {
  return [...t.bins, t.total].map((r) => ({ bin: r.bin, expected: r.expected, actual: r.actual, expectedShare: round(r.expectedShare), actualShare: round(r.actualShare), contribution: round(r.contribution) }));
}

function subset(column: Column, rows: Int32Array): Column {
  return column.kind === 'number' ? { kind: 'number', values: take(column.values, rows) } : { kind: 'category', codes: take(column.codes, rows), values: column.values };
}

export function stabilityTables(history: History, split: Split, primary: ScoredModel, previous: ScoredModel | undefined): ReportTable[] {
  const out: ReportTable[] = [];
  const f = split.frame;
  let lo = Infinity; let hi = -Infinity;
  for (const t of f.asOfMs) { if (t < lo) lo = t; if (t > hi) hi = t; }
  const mid = (lo + hi) / 2;
  const first: number[] = []; const second: number[] = [];
  for (let s = 0; s < f.count; s++) (f.asOfMs[s]! < mid ? first : second).push(s);
  const a = Int32Array.from(first); const b = Int32Array.from(second);
  const psiColumns = [col('bin', 'Score bin'), col('expected', 'First half', 'integer'), col('actual', 'Second half', 'integer'), col('expectedShare', 'First half share', 'percent'), col('actualShare', 'Second half share', 'percent'), col('contribution', 'PSI contribution', 'number')];
  if (a.length && b.length) {
    const sa = take(primary.table.score, a); const sb = take(primary.table.score, b);
    const t = psi(sa, sb, { bins: 10 });
    out.push(makeTable('psi-halves', 'stability', 'Score distribution: first vs second half of the period', psiColumns, psiRows(t), { finding: `The score distribution is ${bandWords[t.band]} between the two halves of the period (PSI ${t.psi.toFixed(3)})`, note: 'PSI over 10 quantile bins of the first half; below 0.10 stable, 0.10–0.25 moderate, above 0.25 shifted.' }));
    const d = bandDrift({ scores: sa, labels: take(f.label, a) }, { scores: sb, labels: take(f.label, b) }, { bands: 5 });
    const rows = [...d.bands, d.total].map((r) => ({ band: r.band, beforeLeads: r.beforeLeads, beforeRate: num(r.beforeRate === null ? NaN : round(r.beforeRate)), beforeLow: round(r.beforeRateLow), beforeHigh: round(r.beforeRateHigh), afterLeads: r.afterLeads, afterRate: num(r.afterRate === null ? NaN : round(r.afterRate)), afterLow: round(r.afterRateLow), afterHigh: round(r.afterRateHigh), change: num(r.rateChange === null ? NaN : round(r.rateChange)), overlap: r.overlap }));
    const moved = d.bands.filter((r) => r.overlap === false);
    const finding = moved.length ? `Conversion changed beyond chance in ${moved.length} score band${moved.length > 1 ? 's' : ''} (${moved.map((r) => `${r.band}: ${formatRate(r.beforeRate!)} → ${formatRate(r.afterRate!)}`).join('; ')})` : 'Conversion by score band held steady between the halves (every pair of 95% intervals overlaps)';
    out.push(makeTable('band-drift', 'stability', 'Conversion by score band: first vs second half', [
      col('band', 'Score band'), col('beforeLeads', 'First half', 'integer'), col('beforeRate', 'Rate (first)', 'percent'), col('beforeLow', '95% low', 'percent'), col('beforeHigh', '95% high', 'percent'),
      col('afterLeads', 'Second half', 'integer'), col('afterRate', 'Rate (second)', 'percent'), col('afterLow', '95% low', 'percent'), col('afterHigh', '95% high', 'percent'), col('change', 'Change', 'percent'), col('overlap', 'Intervals overlap'),
    ], rows, { finding, note: 'Bands are quintiles of the first half\'s scores; Wilson 95% intervals.' }));
  }

  // attributes of leads created in each half of the creation period
  const created = history.leads.createdMs;
  let c0 = Infinity; let c1 = -Infinity;
  for (const t of created) { if (t < c0) c0 = t; if (t > c1) c1 = t; }
  const cm = (c0 + c1) / 2;
  const la: number[] = []; const lb: number[] = [];
  for (let i = 0; i < created.length; i++) (created[i]! < cm ? la : lb).push(i);
  const names = Object.keys(history.leads.attributes).filter((n) => n !== 'lead_id');
  if (la.length && lb.length && names.length) {
    const ia = Int32Array.from(la); const ib = Int32Array.from(lb);
    const ea: Record<string, Column> = {}; const eb: Record<string, Column> = {};
    for (const n of names) { ea[n] = subset(history.leads.attributes[n]!, ia); eb[n] = subset(history.leads.attributes[n]!, ib); }
    let fp: ReturnType<typeof featurePsi> | undefined;
    try {
      fp = featurePsi(ea, eb);
    } catch (e) {
      // an attribute that cannot be binned (say, missing throughout one half) skips the table
      if (!(e instanceof LeadcalError)) throw e;
    }
    if (fp) {
    const rows = fp.features.map((r) => ({ feature: r.feature, kind: r.kind, bins: r.bins, psi: round(r.psi), band: r.band }));
    const top = fp.features[0];
    const finding = top ? (top.band === 'stable' ? `Lead attributes are stable between the halves (largest PSI: ${top.feature}, ${top.psi.toFixed(3)})` : `${top.feature} shifted most between the halves (PSI ${top.psi.toFixed(3)}, ${bandWords[top.band]})`) : 'No attributes';
    out.push(makeTable('attribute-psi', 'stability', 'Lead attributes: leads created in the first vs second half', [col('feature', 'Attribute'), col('kind', 'Kind'), col('bins', 'Bins', 'integer'), col('psi', 'PSI', 'number'), col('band', 'Reading')], rows, { finding }));
    }
  }

  if (previous) {
    const t = psi(previous.table.score, primary.table.score, { bins: 10 });
    out.push(makeTable('psi-models', 'stability', `Scores of the same snapshots: ${previous.name} vs ${primary.name}`, psiColumns.map((c) => (c.key === 'expected' ? { ...c, label: previous.name } : c.key === 'actual' ? { ...c, label: primary.name } : c.key === 'expectedShare' ? { ...c, label: `${previous.name} share` } : c.key === 'actualShare' ? { ...c, label: `${primary.name} share` } : c)), psiRows(t), { finding: `On the same snapshots, ${primary.name}'s scores are ${bandWords[t.band]} against ${previous.name}'s (PSI ${t.psi.toFixed(3)})`, note: `Bins are deciles of ${previous.name}'s scores; different point scales shift the distribution by construction.` }));
    const cells = [[0, 0], [0, 0], [0, 0], [0, 0]];
    for (let s = 0; s < f.count; s++) {
      const k = (previous.table.above[s]! ? 0 : 2) + (primary.table.above[s]! ? 0 : 1);
      cells[k]![0]!++;
      cells[k]![1]! += f.label[s]!;
    }
    const labels = ['MQL under both', `MQL only under ${previous.name}`, `MQL only under ${primary.name}`, 'MQL under neither'];
    const rows = labels.map((group, k) => ({ group, snapshots: cells[k]![0]!, conversions: cells[k]![1]!, rate: num(cells[k]![0]! ? round(cells[k]![1]! / cells[k]![0]!) : NaN) }));
    const before = cells[0]![0]! + cells[1]![0]!;
    const now = cells[0]![0]! + cells[2]![0]!;
    const change = before ? now / before - 1 : NaN;
    const kept = now ? cells[0]![0]! / now : NaN;
    const finding = Number.isFinite(change) ? `${primary.name} passes ${formatRate(Math.abs(change))} ${change >= 0 ? 'more' : 'fewer'} MQLs than ${previous.name}; ${Number.isFinite(kept) ? `${formatRate(kept)} of its MQLs were MQLs before` : 'none were MQLs before'}` : `${previous.name} passed no MQLs`;
    out.push(makeTable('mql-agreement', 'stability', `MQLs under ${previous.name} and ${primary.name}`, [col('group', 'Group'), col('snapshots', 'Snapshots', 'integer'), col('conversions', 'Converted', 'integer'), col('rate', 'Conversion rate', 'percent')], rows, { finding, note: `Each model with its own thresholds, on the same ${f.count.toLocaleString('en-US')} snapshots.` }));
  }
  return out;
}
