/**
 * The scored population every analysis reads: one frame, its train/test split, and each model's
 * scores and probabilities on it. Probabilities follow the one policy of
 * src/model/probabilities-for.ts: the model's stored mapping, or an isotonic mapping fitted on
 * the training snapshots (never on the test snapshots).
 */
import type { History } from '../data/history.js';
import { formatTimestamp } from '../data/timestamp.js';
import { buildFrame, type Frame } from '../frame/frame.js';
import { describeHoldout, splitFrameAt, splitFrameStratified, type HoldoutSpec } from '../frame/split.js';
import { compileModel, type CompiledModel } from '../model/compile.js';
import { probabilitiesFor } from '../model/probabilities-for.js';
import type { ProbabilityMapping } from '../model/probability.js';
import type { ScoringModel } from '../model/schema.js';
import { scoreSnapshots, type ScoreTable } from '../model/score.js';
import type { ResolvedReportOptions } from './options.js';

export interface Split {
  frame: Frame;
  /** Snapshot indices whose label window closes before testFrom (all without a split). */
  train: Int32Array;
  /** Snapshot indices at or after testFrom (all without a split). */
  test: Int32Array;
  description: string;
  /** The holdout the test snapshots come from (undefined: every snapshot is evaluated). */
  holdout?: HoldoutSpec;
}

export interface ScoredModel {
  name: string;
  role: 'primary' | 'compare' | 'previous';
  model: ScoringModel;
  compiled: CompiledModel;
  /** On the whole frame. */
  table: ScoreTable;
  /** Probabilities on the whole frame (null when no mapping could be made). */
  probabilities: Float64Array | null;
  /** The score → probability mapping used (null when none could be made). */
  mapping: ProbabilityMapping | null;
  probabilitySource: string;
}

/** Values of `column` at `rows`. */
export function take<T extends Float64Array | Uint8Array | Int32Array>(column: T, rows: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
  return out;
}

export function positivesOf(labels: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) n += labels[i]!;
  return n;
}

/** Build the frame and split it. */
export function splitFrame(history: History, options: ResolvedReportOptions): Split {
  const frame = buildFrame(history, options.frame);
  const all = Int32Array.from({ length: frame.count }, (_, i) => i);
  if (options.holdout && options.testFromMs === undefined) {
    const { train, test } = splitFrameStratified(frame, options.holdout.testShare, options.holdout.seed);
    return { frame, train, test, holdout: options.holdout, description: `the test part of the ${describeHoldout(options.holdout)} (calibration fitted on the other leads)` };
  }
  if (options.testFromMs === undefined) {
    return { frame, train: all, test: all, description: 'all snapshots (no --test-from: calibration and metrics are in-sample)' };
  }
  const { train, test } = splitFrameAt(frame, options.testFromMs);
  return { frame, train, test, holdout: { kind: 'time', testFromMs: options.testFromMs }, description: `snapshots from ${formatTimestamp(options.testFromMs).slice(0, 10)} on (calibration fitted on snapshots whose outcome was known before then)` };
}

/** Score a model on the frame and give it probabilities. */
export function scoreModel(history: History, split: Split, model: ScoringModel, name: string, role: ScoredModel['role']): ScoredModel {
  const compiled = compileModel(model, history);
  const table = scoreSnapshots(compiled, split.frame.lead, split.frame.asOfMs);
  const train = { scores: take(table.score, split.train), labels: take(split.frame.label, split.train) };
  const p = probabilitiesFor(model, train, table.score, { inSample: split.train.length === split.frame.count });
  return { name, role, model, compiled, table, probabilities: p.probabilities, mapping: p.mapping, probabilitySource: p.description };
}

/** Unique display names: the model's name, with " (2)" … on repeats. */
export function modelNames(models: ScoringModel[]): string[] {
  const seen = new Map<string, number>();
  return models.map((m) => {
    const k = (seen.get(m.name) ?? 0) + 1;
    seen.set(m.name, k);
    return k === 1 ? m.name : `${m.name} (${k})`;
  });
}
