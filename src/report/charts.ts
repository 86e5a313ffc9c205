/**
 * Mark builders: each maps one report table (plus, for a few, a companion table) to Plot
 * options. They read tables only — never raw leads — and return null when a table has nothing
 * to draw. Colours are CSS variables so that light and dark modes restyle the charts.
 */
import * as Plot from '@observablehq/plot';
import type { Cell, ReportTable } from './types.js';

type Row = Record<string, Cell>;
type PlotOptions = Plot.PlotOptions;

export const SERIES = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)'];
const WIDTH = 640;

const n = (v: Cell): number => (typeof v === 'number' ? v : NaN);
const s = (v: Cell): string => (v === null ? '' : String(v));
const short = (v: unknown): string => { const t = String(v); return t.length > 42 ? `${t.slice(0, 41)}…` : t; };
const leftMargin = (labels: string[]): number => Math.min(300, Math.max(60, 14 + 6.8 * Math.max(0, ...labels.map((l) => short(l).length))));
const finiteRows = (rows: Row[], ...keys: string[]): Row[] => rows.filter((r) => keys.every((k) => Number.isFinite(n(r[k]!))));
/**
 * Size and type of every chart. Plot's default margins fit its 10 px type; at 12 px an axis title
 * would sit on the tick labels, so the bottom margin puts the x title on its own line below them,
 * the top margin the y title above the highest tick (and the value labels above the bars), and
 * the height grows by what the margins take.
 */
const MARGIN_TOP = 32;
const MARGIN_BOTTOM = 42;
const base = (height: number): PlotOptions => ({ width: WIDTH, height: height + 24, marginTop: MARGIN_TOP, marginBottom: MARGIN_BOTTOM, style: { fontSize: '12px' } });

/** A horizontal bar per row: label on y (in table order), value on x. */
function barsX(rows: Row[], y: string, x: string, xLabel: string, options: { percent?: boolean; fill?: string; fillBy?: (r: Row) => string; rules?: number[] } = {}): PlotOptions | null {
  const data = finiteRows(rows, x);
  if (!data.length) return null;
  const labels = data.map((r) => s(r[y]!));
  return {
    ...base(Math.max(120, 40 + 22 * data.length)),
    marginLeft: leftMargin(labels),
    x: { label: xLabel, grid: true, ...(options.percent ? { percent: true } : {}) },
    y: { label: null, domain: labels, tickFormat: short },
    marks: [
      Plot.barX(data, { y: (r: Row) => s(r[y]!), x: (r: Row) => n(r[x]!), fill: options.fillBy ? (r: Row) => options.fillBy!(r) : (options.fill ?? 'var(--c1)') }),
      ...(options.rules ?? [0]).map((v) => Plot.ruleX([v], { stroke: 'currentColor', strokeOpacity: v === 0 ? 1 : 0.5, ...(v === 0 ? {} : { strokeDasharray: '4,3' }) })),
    ],
  };
}

export function scoreBandsChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'rate');
  if (!data.length) return null;
  const total = data.reduce((a, r) => a + n(r.leads!), 0);
  const conv = data.reduce((a, r) => a + n(r.conversions!), 0);
  return {
    ...base(300),
    x: { label: 'Score band', domain: data.map((r) => s(r.band!)) },
    y: { label: 'Conversion rate (%)', percent: true, grid: true },
    marks: [
      Plot.barY(data, { x: (r: Row) => s(r.band!), y: (r: Row) => n(r.rate!), fill: 'var(--c1)' }),
      Plot.text(data, { x: (r: Row) => s(r.band!), y: (r: Row) => n(r.rate!), text: (r: Row) => `${(100 * n(r.rate!)).toFixed(1)}%`, dy: -8, fill: 'currentColor' }),
      Plot.ruleY([total ? conv / total : 0], { stroke: 'var(--c2)', strokeDasharray: '5,4' }),
      Plot.ruleY([0]),
    ],
  };
}

/** Arrow plot: MQLs a month per segment at the threshold in use → the recommended one. */
export function thresholdSummaryChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'currentPerMonth');
  if (!data.length) return null;
  const labels = data.map((r) => s(r.segment!));
  const rec = finiteRows(data, 'recommendedPerMonth');
  return {
    ...base(Math.max(140, 50 + 30 * data.length)),
    marginLeft: leftMargin(labels),
    x: { label: 'MQLs per month', grid: true },
    y: { label: null, domain: labels, tickFormat: short },
    color: { legend: true, domain: ['threshold in use', 'recommended'], range: ['var(--c2)', 'var(--c1)'] },
    marks: [
      Plot.link(rec, { y1: (r: Row) => s(r.segment!), y2: (r: Row) => s(r.segment!), x1: (r: Row) => n(r.currentPerMonth!), x2: (r: Row) => n(r.recommendedPerMonth!), stroke: 'currentColor', strokeOpacity: 0.5, markerEnd: 'arrow' }),
      Plot.dot(data, { y: (r: Row) => s(r.segment!), x: (r: Row) => n(r.currentPerMonth!), fill: () => 'threshold in use', r: 5 }),
      Plot.dot(rec, { y: (r: Row) => s(r.segment!), x: (r: Row) => n(r.recommendedPerMonth!), fill: () => 'recommended', r: 5 }),
      Plot.ruleX([0]),
    ],
  };
}

/** Stages only implied by a later one are labelled so and drawn pale. */
export function funnelChart(t: ReportTable): PlotOptions | null {
  const implied = (r: Row): boolean => typeof r.recorded === 'string' && r.recorded.startsWith('no');
  return barsX(t.rows.map((r) => ({ ...r, stage: implied(r) ? `${s(r.stage!)} (implied)` : r.stage! })), 'stage', 'leads', 'Leads reaching the stage', { fillBy: (r) => (implied(r) ? 'var(--c6)' : 'var(--c1)') });
}

export function rulesChart(t: ReportTable): PlotOptions | null {
  const rows = t.rows.filter((r) => r.section !== 'segment' && r.section !== 'base' && Number.isFinite(n(r.points!)));
  const top = [...rows].sort((a, b) => Math.abs(n(b.points!)) - Math.abs(n(a.points!))).slice(0, 30).sort((a, b) => n(b.points!) - n(a.points!));
  return barsX(top.map((r) => ({ ...r, label: `${s(r.rule!)}: ${s(r.criterion!)}` })), 'label', 'points', 'Points', { fillBy: (r) => (n(r.points!) >= 0 ? 'var(--c1)' : 'var(--c3)') });
}

/** Two dots per rule: conversion when the rule fired and otherwise. */
export function hitRatesChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'rateFired', 'rateNotFired');
  if (!data.length) return null;
  const labels = data.map((r) => s(r.rule!));
  return {
    ...base(Math.max(140, 50 + 20 * data.length)),
    marginLeft: leftMargin(labels),
    x: { label: 'Conversion rate (%)', percent: true, grid: true },
    y: { label: null, domain: labels, tickFormat: short },
    color: { legend: true, domain: ['rule fired', 'otherwise'], range: ['var(--c1)', 'var(--c2)'] },
    marks: [
      Plot.link(data, { y1: (r: Row) => s(r.rule!), y2: (r: Row) => s(r.rule!), x1: (r: Row) => n(r.rateNotFired!), x2: (r: Row) => n(r.rateFired!), stroke: 'currentColor', strokeOpacity: 0.4 }),
      Plot.dot(data, { y: (r: Row) => s(r.rule!), x: (r: Row) => n(r.rateNotFired!), fill: () => 'otherwise', r: 4 }),
      Plot.dot(data, { y: (r: Row) => s(r.rule!), x: (r: Row) => n(r.rateFired!), fill: () => 'rule fired', r: 4 }),
    ],
  };
}

/** Half-lives with their intervals (or points when the fit has no half-lives). */
export function fitRulesChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'halfLifeDays');
  if (!data.length) return barsX(t.rows, 'label', 'points', 'Points');
  const labels = data.map((r) => s(r.label!));
  const ci = finiteRows(data, 'halfLifeLow', 'halfLifeHigh');
  return {
    ...base(Math.max(140, 50 + 22 * data.length)),
    marginLeft: leftMargin(labels),
    x: { label: 'Half-life (days), 95% interval', grid: true },
    y: { label: null, domain: labels, tickFormat: short },
    marks: [
      Plot.ruleY(ci, { y: (r: Row) => s(r.label!), x1: (r: Row) => n(r.halfLifeLow!), x2: (r: Row) => n(r.halfLifeHigh!), stroke: 'var(--c2)', strokeWidth: 2 }),
      Plot.dot(data, { y: (r: Row) => s(r.label!), x: (r: Row) => n(r.halfLifeDays!), fill: 'var(--c1)', r: 4 }),
    ],
  };
}

export function modelChangesChart(t: ReportTable): PlotOptions | null {
  const rows = t.rows.filter((r) => r.status === 'changed' && Number.isFinite(n(r.change!)) && n(r.change!) !== 0).slice(0, 30);
  return barsX(rows.map((r) => ({ ...r, label: `${s(r.rule!)}: ${s(r.criterion!)}` })), 'label', 'change', 'Change in points', { fillBy: (r) => (n(r.change!) >= 0 ? 'var(--c1)' : 'var(--c3)') });
}

/** A segment's sweep: conversion rate (with its interval) and share of conversions caught by threshold. */
export function sweepChart(t: ReportTable, summary: ReportTable | undefined): PlotOptions | null {
  const data = finiteRows(t.rows, 'threshold', 'conversionRate');
  if (!data.length) return null;
  const row = summary?.rows.find((r) => r.segment === t.segment);
  const now = row ? n(row.currentThreshold!) : NaN;
  const rec = row ? n(row.recommendedThreshold!) : NaN;
  const long = data.flatMap((r) => [
    { threshold: n(r.threshold!), value: n(r.conversionRate!), series: 'conversion rate of MQLs' },
    ...(Number.isFinite(n(r.recall!)) ? [{ threshold: n(r.threshold!), value: n(r.recall!), series: 'share of conversions caught' }] : []),
  ]);
  const marks: Plot.Markish[] = [
    Plot.areaY(data, { x: (r: Row) => n(r.threshold!), y1: (r: Row) => n(r.conversionRateLow!), y2: (r: Row) => n(r.conversionRateHigh!), fill: 'var(--c1)', fillOpacity: 0.15, curve: 'step-after' }),
    Plot.line(long, { x: 'threshold', y: 'value', stroke: 'series', z: 'series', curve: 'step-after' }),
    Plot.ruleY([0]),
  ];
  if (Number.isFinite(now)) marks.push(Plot.ruleX([now], { stroke: 'var(--c2)', strokeDasharray: '5,4' }), Plot.text([now], { x: (d: number) => d, frameAnchor: 'top', text: () => 'in use', dy: -6, fill: 'var(--c2)' }));
  if (Number.isFinite(rec)) marks.push(Plot.ruleX([rec], { stroke: 'var(--c3)', strokeWidth: 2 }), Plot.text([rec], { x: (d: number) => d, frameAnchor: 'top', text: () => 'recommended', dy: 8, dx: 4, textAnchor: 'start', fill: 'var(--c3)' }));
  return {
    ...base(320),
    x: { label: 'MQL threshold (points)' },
    y: { label: 'Share (%)', percent: true, grid: true, domain: [0, 100] },
    color: { legend: true, domain: ['conversion rate of MQLs', 'share of conversions caught'], range: ['var(--c1)', 'var(--c4)'] },
    marks,
  };
}

export function reliabilityChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'predicted', 'observed');
  if (!data.length) return null;
  const top = Math.min(1, 1.1 * Math.max(...data.map((r) => Math.max(n(r.predicted!), n(r.high!) || 0))));
  return {
    ...base(360),
    x: { label: 'Predicted probability (%)', percent: true, domain: [0, 100 * top], grid: true },
    y: { label: 'Observed conversion (%)', percent: true, domain: [0, 100 * top], grid: true },
    // dot area ∝ snapshots in the bin, so a thin bin reads as thin; every bin stays visible
    r: { range: [3, 9], domain: [0, Math.max(...data.map((r) => n(r.count!)))] },
    marks: [
      Plot.line([[0, 0], [top, top]], { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4,3' }),
      Plot.ruleX(data, { x: (r: Row) => n(r.predicted!), y1: (r: Row) => n(r.low!), y2: (r: Row) => n(r.high!), stroke: 'var(--c2)' }),
      Plot.dot(data, { x: (r: Row) => n(r.predicted!), y: (r: Row) => n(r.observed!), r: (r: Row) => n(r.count!), fill: 'var(--c1)', fillOpacity: 0.85, title: (r: Row) => `bin ${s(r.bin!)}: ${n(r.count!).toLocaleString('en-US')} snapshots` }),
    ],
  };
}

export function scoreProbabilityChart(t: ReportTable, lift: ReportTable | undefined): PlotOptions | null {
  const data = finiteRows(t.rows, 'score', 'probability');
  if (!data.length) return null;
  const observed = finiteRows(lift?.rows ?? [], 'minScore', 'maxScore', 'rate');
  return {
    ...base(320),
    x: { label: 'Score (points)', grid: true },
    y: { label: 'Probability of converting (%)', percent: true, grid: true },
    marks: [
      Plot.line(data, { x: (r: Row) => n(r.score!), y: (r: Row) => n(r.probability!), stroke: 'var(--c1)', strokeWidth: 2 }),
      Plot.dot(observed, { x: (r: Row) => (n(r.minScore!) + n(r.maxScore!)) / 2, y: (r: Row) => n(r.rate!), fill: 'var(--c2)', r: 4 }),
      Plot.ruleY([0]),
    ],
  };
}

export function gainsChart(t: ReportTable): PlotOptions | null {
  const data = finiteRows(t.rows, 'cumulativeShare', 'cumulativeGain');
  if (!data.length) return null;
  const points = [{ x: 0, y: 0 }, ...data.map((r) => ({ x: n(r.cumulativeShare!), y: n(r.cumulativeGain!) }))];
  return {
    ...base(340),
    x: { label: 'Share of snapshots, highest scores first (%)', percent: true, domain: [0, 100], grid: true },
    y: { label: 'Share of conversions caught (%)', percent: true, domain: [0, 100], grid: true },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4,3' }),
      Plot.line(points, { x: 'x', y: 'y', stroke: 'var(--c1)', strokeWidth: 2 }),
      Plot.dot(points, { x: 'x', y: 'y', fill: 'var(--c1)', r: 3 }),
    ],
  };
}

function curveChart(t: ReportTable, x: string, y: string, xLabel: string, yLabel: string, diagonal: boolean): PlotOptions | null {
  const data = finiteRows(t.rows, x, y);
  if (!data.length) return null;
  const models = [...new Set(data.map((r) => s(r.model!)))];
  return {
    ...base(360),
    x: { label: xLabel, percent: true, domain: [0, 100], grid: true },
    y: { label: yLabel, percent: true, domain: [0, 100], grid: true },
    color: { legend: true, domain: models, range: SERIES },
    marks: [
      ...(diagonal ? [Plot.line([[0, 0], [1, 1]], { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4,3' })] : []),
      Plot.line(data, { x: (r: Row) => n(r[x]!), y: (r: Row) => n(r[y]!), stroke: (r: Row) => s(r.model!), z: (r: Row) => s(r.model!), strokeWidth: 2 }),
    ],
  };
}

export const rocChart = (t: ReportTable): PlotOptions | null => curveChart(t, 'fpr', 'tpr', 'False-positive rate (%)', 'True-positive rate (%)', true);
export const precisionRecallChart = (t: ReportTable): PlotOptions | null => curveChart(t, 'recall', 'precision', 'Recall: share of conversions caught (%)', 'Precision: conversion rate of those passed (%)', false);

/** A dot per row with a horizontal interval. */
function intervalChart(rows: Row[], y: string, x: string, low: string, high: string, xLabel: string, reference: number): PlotOptions | null {
  const data = finiteRows(rows, x);
  if (!data.length) return null;
  const labels = data.map((r) => s(r[y]!));
  return {
    ...base(Math.max(120, 50 + 32 * data.length)),
    marginLeft: leftMargin(labels),
    x: { label: xLabel, grid: true },
    y: { label: null, domain: labels, tickFormat: short },
    marks: [
      Plot.ruleX([reference], { stroke: 'currentColor', strokeDasharray: '4,3', strokeOpacity: 0.6 }),
      Plot.ruleY(finiteRows(data, low, high), { y: (r: Row) => s(r[y]!), x1: (r: Row) => n(r[low]!), x2: (r: Row) => n(r[high]!), stroke: 'var(--c2)', strokeWidth: 2 }),
      Plot.dot(data, { y: (r: Row) => s(r[y]!), x: (r: Row) => n(r[x]!), fill: 'var(--c1)', r: 5 }),
    ],
  };
}

export const modelMetricsChart = (t: ReportTable): PlotOptions | null => intervalChart(t.rows, 'model', 'auc', 'aucLow', 'aucHigh', 'AUC with 95% DeLong interval (0.5 = chance)', 0.5);
/** Test AUC of each backtest window with its interval, windows in time order. */
export const backtestChart = (t: ReportTable): PlotOptions | null => intervalChart(t.rows, 'window', 'auc', 'aucLow', 'aucHigh', 'Test AUC with 95% DeLong interval, by window (0.5 = chance)', 0.5);
export const pairedTestsChart = (t: ReportTable): PlotOptions | null => intervalChart(t.rows.map((r) => ({ ...r, pair: `${s(r.modelA!)} − ${s(r.modelB!)}` })), 'pair', 'difference', 'low', 'high', 'Difference in AUC with 95% interval (0 = no difference)', 0);

export function cohortChart(t: ReportTable): PlotOptions | null {
  const key = t.columns.find((c) => c.key.endsWith('Share'))?.key;
  if (!key) return null;
  const data = finiteRows(t.rows, key).filter((r) => r.cohort !== 'total');
  if (!data.length) return null;
  return {
    ...base(280),
    x: { label: 'Creation quarter', domain: data.map((r) => s(r.cohort!)) },
    y: { label: `${t.columns.find((c) => c.key === key)!.label} (%)`, percent: true, grid: true },
    marks: [Plot.barY(data, { x: (r: Row) => s(r.cohort!), y: (r: Row) => n(r[key]!), fill: 'var(--c1)' }), Plot.ruleY([0])],
  };
}

export function timeToConvertChart(t: ReportTable): PlotOptions | null {
  const data = t.rows.filter((r) => Number.isFinite(n(r.p25Days!)));
  if (!data.length) return null;
  const labels = t.rows.map((r) => s(r.step!));
  const whole = finiteRows(data, 'p75Days');
  return {
    ...base(Math.max(140, 50 + 28 * labels.length)),
    marginLeft: leftMargin(labels),
    x: { label: 'Days (dot: half converted; bar: 25% to 75% converted)', grid: true },
    y: { label: null, domain: labels },
    marks: [
      Plot.ruleY(whole, { y: (r: Row) => s(r.step!), x1: (r: Row) => n(r.p25Days!), x2: (r: Row) => n(r.p75Days!), stroke: 'var(--c2)', strokeWidth: 6, strokeOpacity: 0.6 }),
      Plot.dot(data, { y: (r: Row) => s(r.step!), x: (r: Row) => n(r.p25Days!), fill: 'var(--c2)', r: 3 }),
      Plot.dot(finiteRows(data, 'medianDays'), { y: (r: Row) => s(r.step!), x: (r: Row) => n(r.medianDays!), fill: 'var(--c1)', r: 5 }),
      Plot.ruleX([0]),
    ],
  };
}

/** Grouped bars of the two samples' shares per PSI bin. */
export function psiChart(t: ReportTable): PlotOptions | null {
  const rows = t.rows.filter((r) => r.bin !== 'total');
  if (!rows.length) return null;
  const a = t.columns.find((c) => c.key === 'expected')!.label;
  const b = t.columns.find((c) => c.key === 'actual')!.label;
  const long = rows.flatMap((r) => [{ bin: s(r.bin!), sample: a, share: n(r.expectedShare!) }, { bin: s(r.bin!), sample: b, share: n(r.actualShare!) }]);
  return {
    ...base(320),
    marginBottom: 70,
    fx: { label: 'Score bin', domain: rows.map((r) => s(r.bin!)), tickRotate: -30, padding: 0.15 },
    x: { axis: null, domain: [a, b] },
    y: { label: 'Share of snapshots (%)', percent: true, grid: true },
    color: { legend: true, domain: [a, b], range: ['var(--c2)', 'var(--c1)'] },
    marks: [Plot.barY(long, { fx: 'bin', x: 'sample', y: 'share', fill: 'sample' }), Plot.ruleY([0])],
  };
}

export function bandDriftChart(t: ReportTable): PlotOptions | null {
  const rows = t.rows.filter((r) => r.band !== 'total');
  const labels = rows.map((r) => s(r.band!));
  if (!rows.length) return null;
  const series = (rate: string, low: string, high: string, name: string, dy: number): Plot.Markish[] => [
    Plot.ruleY(finiteRows(rows, rate), { y: (r: Row) => s(r.band!), x1: (r: Row) => n(r[low]!), x2: (r: Row) => n(r[high]!), stroke: () => name, dy, strokeWidth: 2 }),
    Plot.dot(finiteRows(rows, rate), { y: (r: Row) => s(r.band!), x: (r: Row) => n(r[rate]!), fill: () => name, dy, r: 4 }),
  ];
  return {
    ...base(Math.max(160, 60 + 36 * rows.length)),
    marginLeft: leftMargin(labels),
    x: { label: 'Conversion rate with 95% interval (%)', percent: true, grid: true },
    y: { label: null, domain: labels },
    color: { legend: true, domain: ['first half', 'second half'], range: ['var(--c2)', 'var(--c1)'] },
    marks: [...series('beforeRate', 'beforeLow', 'beforeHigh', 'first half', -5), ...series('afterRate', 'afterLow', 'afterHigh', 'second half', 5)],
  };
}

export const attributePsiChart = (t: ReportTable): PlotOptions | null => barsX(t.rows, 'feature', 'psi', 'PSI (0.10 moderate, 0.25 shifted)', { rules: [0, 0.1, 0.25] });
export const agreementChart = (t: ReportTable): PlotOptions | null => barsX(t.rows, 'group', 'snapshots', 'Snapshots');
export const issueCountsChart = (t: ReportTable): PlotOptions | null => barsX(t.rows.map((r) => ({ ...r, label: `${s(r.severity!)}: ${s(r.code!)}` })), 'label', 'count', 'Rows affected', { fillBy: (r) => (r.severity === 'error' ? 'var(--c3)' : 'var(--c2)') });
export const leftOutChart = (t: ReportTable): PlotOptions | null => barsX(t.rows, 'reason', 'count', 'Snapshot candidates');
export const attributesChart = (t: ReportTable): PlotOptions | null => barsX(t.rows, 'attribute', 'missingShare', 'Missing (%)', { percent: true });
