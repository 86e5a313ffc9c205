/**
 * arquero tables out: every table the library returns becomes an arquero table with one call,
 * so that a notebook filters, joins and groups it with arquero verbs. Typed-array columns are
 * handed to arquero as they are (zero-copy: do not write into them); tables that the library
 * keeps as lists of records (sweep points, fit rules, binning rows, scorers) are laid out as
 * columns once. Absent and non-finite numbers are NaN in numeric columns (arquero's aggregates
 * skip them, as they skip null).
 *
 * `toArquero(x)` recognises the kind of `x` by the fields that only that kind has (the `KINDS`
 * list below, most specific first); the per-kind functions are exported too.
 */
import { ColumnTable, from, table } from 'arquero';
import { LeadcalError } from '../errors.js';
import type { History } from '../data/history.js';
import type { Frame } from '../frame/frame.js';
import type { ScoreTable } from '../model/score.js';
import type { BinningTable } from '../fit/binning-table.js';
import type { FitResult, FitRuleReport } from '../fit/fit-model.js';
import type { CalibrationCurve } from '../calibration/calibration-curve.js';
import type { CalibrationResult } from '../calibration/calibrate-model.js';
import type { Comparison } from '../compare/compare.js';
import type { SweepPoint, ThresholdSweep } from '../thresholds/sweep-types.js';

type Columns = Record<string, ArrayLike<unknown>>;

/** A number column from records: absent, null and non-finite → NaN. */
function numbers<T>(rows: readonly T[], value: (row: T) => number | null | undefined): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]!);
    out[i] = v === null || v === undefined ? NaN : v;
  }
  return out;
}

/** A text (or other) column from records: absent → null. */
function values<T, V>(rows: readonly T[], value: (row: T) => V | undefined): (V | null)[] {
  return rows.map((r) => value(r) ?? null);
}

/** Lead ids of lead indexes (string references, no per-row object). */
function leadIds(history: History, lead: Int32Array): string[] {
  const ids = history.leads.ids;
  const out = new Array<string>(lead.length);
  for (let i = 0; i < lead.length; i++) out[i] = ids[lead[i]!]!;
  return out;
}

/**
 * A frame: one row per snapshot — `lead` (index), `leadId` (with the history), `asOfMs`, `label`.
 *
 * @example
 * frameToArquero(buildFrame(history), history).columnNames() // => ['lead', 'leadId', 'asOfMs', 'label']
 */
export function frameToArquero(frame: Frame, history?: History): ColumnTable {
  const columns: Columns = { lead: frame.lead, ...(history ? { leadId: leadIds(history, frame.lead) } : {}), asOfMs: frame.asOfMs, label: frame.label };
  return table(columns);
}

/**
 * A scores table: one row per scored snapshot, the segment as its name.
 *
 * @example
 * scoresToArquero(scoreFrame(compiled, frame)).columnNames().slice(0, 4) // => ['lead', 'asOfMs', 'score', 'fit']
 */
export function scoresToArquero(scores: ScoreTable, history?: History): ColumnTable {
  const segment = new Array<string>(scores.count);
  for (let i = 0; i < scores.count; i++) segment[i] = scores.segmentNames[scores.segment[i]!]!;
  return table({
    lead: scores.lead,
    ...(history ? { leadId: leadIds(history, scores.lead) } : {}),
    asOfMs: scores.asOfMs,
    score: scores.score,
    fit: scores.fit,
    behavior: scores.behavior,
    decay: scores.decay,
    segment,
    threshold: scores.threshold,
    above: scores.above,
    grade: scores.grade,
    engagement: scores.engagement,
  });
}

const SWEEP_COLUMNS = ['threshold', 'passed', 'passedPerMonth', 'conversions', 'conversionRate', 'conversionRateLow', 'conversionRateHigh', 'heldBack', 'heldBackConversions', 'heldBackRate', 'recall', 'lift', 'expectedValue'] as const satisfies readonly (keyof SweepPoint)[];

/**
 * A threshold sweep: one row per (segment, threshold), with the segment's name and kind and
 * `recommended` true on each segment's recommended point.
 *
 * @example
 * sweepToArquero(sweep).filter((d) => d.segment === 'overall').numRows() // => sweep.segments[0].points.length
 */
export function sweepToArquero(sweep: ThresholdSweep): ColumnTable {
  const points: SweepPoint[] = [];
  const segment: string[] = [];
  const kind: string[] = [];
  const recommended: boolean[] = [];
  for (const s of sweep.segments) {
    for (const p of s.points) {
      points.push(p);
      segment.push(s.segment);
      kind.push(s.kind);
      recommended.push(s.recommended !== null && s.recommended.threshold === p.threshold);
    }
  }
  const columns: Columns = { segment, kind };
  for (const key of SWEEP_COLUMNS) columns[key] = numbers(points, (p) => p[key]);
  columns.recommended = recommended;
  return table(columns);
}

/**
 * A reliability curve (of a calibration result: its test-period curve): one row per non-empty bin.
 *
 * @example
 * calibrationToArquero(calibrateModel(history, model, frame)).columnNames()[0] // => 'bin'
 */
export function calibrationToArquero(calibration: CalibrationCurve | CalibrationResult): ColumnTable {
  const curve = 'probTrue' in calibration ? calibration : calibration.curve;
  if (!curve) return table({ bin: new Int32Array(0), probPred: new Float64Array(0), probTrue: new Float64Array(0) });
  return table({ bin: curve.bin, binLower: curve.binLower, binUpper: curve.binUpper, probPred: curve.probPred, probTrue: curve.probTrue, lower: curve.lower, upper: curve.upper, count: curve.count, positives: curve.positives });
}

/**
 * A fit's rules: one row per rule — kind, label, field/value or event, coefficient and standard
 * error, points, half-life with its interval, support and hit rates.
 *
 * @example
 * fitRulesToArquero(fitScoringModel(history)).filter((d) => d.kind === 'behavior').columnNames().includes('halfLifeDays') // => true
 */
export function fitRulesToArquero(fit: FitResult | FitResult['report'] | readonly FitRuleReport[]): ColumnTable {
  const rules: readonly FitRuleReport[] = Array.isArray(fit) ? fit : 'report' in (fit as object) ? (fit as FitResult).report.rules : (fit as FitResult['report']).rules;
  return table({
    kind: values(rules, (r) => r.kind),
    label: values(rules, (r) => r.label),
    field: values(rules, (r) => r.field),
    value: values(rules, (r) => r.value),
    event: values(rules, (r) => r.event),
    coefficient: numbers(rules, (r) => r.coefficient),
    standardError: numbers(rules, (r) => r.standardError),
    points: numbers(rules, (r) => r.points),
    halfLifeDays: numbers(rules, (r) => r.halfLifeDays),
    halfLifeLow: numbers(rules, (r) => r.halfLifeInterval?.[0]),
    halfLifeHigh: numbers(rules, (r) => r.halfLifeInterval?.[1]),
    support: numbers(rules, (r) => r.support),
    rateFired: numbers(rules, (r) => r.hitRate.fired),
    rateNotFired: numbers(rules, (r) => r.hitRate.notFired),
    sign: values(rules, (r) => r.sign),
    locked: rules.map((r) => r.locked === true),
  });
}

/**
 * A fit's binning tables, stacked: one row per case of each attribute, with the attribute's IV.
 *
 * @example
 * binningToArquero(fit.report.binning).groupby('field').count().numRows() // => fit.report.binning.length
 */
export function binningToArquero(binning: readonly BinningTable[] | FitResult['report']): ColumnTable {
  const tables: readonly BinningTable[] = Array.isArray(binning) ? binning : (binning as FitResult['report']).binning;
  const rows = tables.flatMap((t) => t.rows.map((row) => ({ t, row })));
  return table({
    field: values(rows, (r) => r.t.field),
    fieldIv: numbers(rows, (r) => r.t.iv),
    label: values(rows, (r) => r.row.label),
    case: values(rows, (r) => r.row.case),
    reference: rows.map((r) => r.row.reference === true),
    count: numbers(rows, (r) => r.row.count),
    events: numbers(rows, (r) => r.row.events),
    eventRate: numbers(rows, (r) => r.row.eventRate),
    woe: numbers(rows, (r) => r.row.woe),
    iv: numbers(rows, (r) => r.row.iv),
    points: numbers(rows, (r) => r.row.points),
  });
}

/**
 * A comparison's scorers: one row per scorer, the DeLong test against the first flattened
 * (`versusFirst*`, NaN for the first scorer).
 *
 * @example
 * comparisonToArquero(compareScorers(history, models, frame)).array('name') // => ['starter', 'fitted', 'gbm (…)']
 */
export function comparisonToArquero(comparison: Comparison): ColumnTable {
  const s = comparison.scorers;
  return table({
    name: values(s, (x) => x.name),
    kind: values(s, (x) => x.kind),
    auc: numbers(s, (x) => x.auc),
    aucLower: numbers(s, (x) => x.aucLower),
    aucUpper: numbers(s, (x) => x.aucUpper),
    versusFirst: numbers(s, (x) => x.versusFirst?.difference),
    versusFirstLower: numbers(s, (x) => x.versusFirst?.lower),
    versusFirstUpper: numbers(s, (x) => x.versusFirst?.upper),
    versusFirstP: numbers(s, (x) => x.versusFirst?.pValue),
    averagePrecision: numbers(s, (x) => x.averagePrecision),
    brier: numbers(s, (x) => x.brier),
    ece: numbers(s, (x) => x.ece),
    logLoss: numbers(s, (x) => x.logLoss),
    top10Lift: numbers(s, (x) => x.top10.lift),
    top10Captured: numbers(s, (x) => x.top10.captured),
    top20Lift: numbers(s, (x) => x.top20.lift),
    top20Captured: numbers(s, (x) => x.top20.captured),
    capturedAtMqlVolume: numbers(s, (x) => x.capturedAtMqlVolume),
    probabilities: values(s, (x) => x.probabilities),
  });
}

/**
 * A comparison's disagreements: the snapshots the first scorer and another rank most differently.
 *
 * @example
 * disagreementsToArquero(comparison).columnNames() // => ['leadId', 'asOf', 'label', 'rankFirst', 'rankOther', 'other']
 */
export function disagreementsToArquero(comparison: Comparison): ColumnTable {
  const d = comparison.disagreements;
  return table({
    leadId: values(d, (x) => x.leadId),
    asOf: values(d, (x) => x.asOf),
    label: numbers(d, (x) => x.label),
    rankFirst: numbers(d, (x) => x.rankFirst),
    rankOther: numbers(d, (x) => x.rankOther),
    other: values(d, (x) => x.other),
  });
}

/** Anything `toArquero` takes. */
export type Tabular =
  | ColumnTable
  | Frame
  | ScoreTable
  | ThresholdSweep
  | CalibrationCurve
  | CalibrationResult
  | FitResult
  | FitResult['report']
  | readonly FitRuleReport[]
  | readonly BinningTable[]
  | Comparison
  | { rows: readonly object[] }
  | readonly object[]
  | Record<string, ArrayLike<unknown>>;

type Kind = { name: string; is: (x: Record<string, unknown>) => boolean; convert: (x: never, history?: History) => ColumnTable };

const has = (x: Record<string, unknown>, ...keys: string[]): boolean => keys.every((k) => k in x);

/** Each kind with the fields that tell it apart, most specific first. */
const KINDS: Kind[] = [
  { name: 'scores', is: (x) => has(x, 'score', 'segmentNames', 'asOfMs'), convert: scoresToArquero },
  { name: 'frame', is: (x) => has(x, 'asOfMs', 'label', 'leftOut'), convert: frameToArquero },
  { name: 'sweep', is: (x) => has(x, 'segments', 'months'), convert: sweepToArquero },
  { name: 'calibration curve', is: (x) => has(x, 'probTrue', 'probPred'), convert: calibrationToArquero },
  { name: 'calibration', is: (x) => has(x, 'mapping', 'train', 'test', 'model'), convert: calibrationToArquero },
  { name: 'comparison', is: (x) => has(x, 'scorers', 'disagreements'), convert: comparisonToArquero },
  { name: 'fit', is: (x) => has(x, 'model', 'report'), convert: fitRulesToArquero },
  { name: 'fit report', is: (x) => has(x, 'rules', 'binning', 'metrics'), convert: fitRulesToArquero },
];

/**
 * Any table the library returns as an arquero table: a frame, a scores table, a threshold
 * sweep, a calibration (its reliability curve), a fit (its rules; binning tables with
 * `binningToArquero`), a comparison (its scorers; `disagreementsToArquero` for the rest), a
 * list of rule reports or binning tables, a report or lift table (`{ rows }`), any list of
 * records, or a record of equal-length columns. An arquero table is returned as it is.
 *
 * @throws {LeadcalError} (option_invalid) for anything else
 * @example
 * toArquero(scoreFrame(compiled, frame), history).filter((d) => d.above === 1).numRows() // => MQL snapshots
 */
export function toArquero(value: Tabular, history?: History): ColumnTable {
  if (value instanceof ColumnTable) return value;
  if (Array.isArray(value)) {
    const first = value[0] as Record<string, unknown> | undefined;
    if (first && has(first, 'coefficient', 'hitRate', 'label')) return fitRulesToArquero(value as FitRuleReport[]);
    if (first && has(first, 'field', 'rows', 'totals')) return binningToArquero(value as BinningTable[]);
    return from(value);
  }
  if (typeof value !== 'object' || value === null) {
    throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'value', message: `toArquero takes a table the library returns; got ${value === null ? 'null' : typeof value}`, hint: 'pass a frame, scores, sweep, calibration, fit, comparison, a list of records or a record of columns' });
  }
  const record = value as Record<string, unknown>;
  for (const kind of KINDS) if (kind.is(record)) return (kind.convert as (x: unknown, h?: History) => ColumnTable)(value, history);
  if (Array.isArray(record.rows)) return from(record.rows as object[]);
  const columns = Object.values(record);
  if (columns.length > 0 && columns.every((c) => (Array.isArray(c) || ArrayBuffer.isView(c)) && (c as ArrayLike<unknown>).length === (columns[0] as ArrayLike<unknown>).length)) {
    return table(record as Columns);
  }
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column: 'value', message: `toArquero does not know this object (keys: ${Object.keys(record).slice(0, 8).join(', ')})`, hint: 'pass a frame, scores, sweep, calibration, fit, comparison, a list of records or a record of equal-length columns' });
}
