/**
 * The model carries its frame: the target, horizon, snapshot schedule and test period it was
 * fitted with. Commands that take a model read them from here, so `fit`, `evaluate`, `sweep`,
 * `compare`, `calibrate` and the report measure the same snapshots unless told otherwise; an
 * explicit option wins and the override is named (once) so nobody compares different frames
 * unknowingly.
 */
import { formatTimestamp, parseDateOption } from '../data/timestamp.js';
import type { FrameOptions, FrameSchedule } from '../frame/frame.js';
import type { HoldoutSpec } from '../frame/split.js';
import type { ScoringModel } from './schema.js';

/** The frame fields a model file stores. */
export type ModelFrame = Pick<ScoringModel, 'target' | 'horizonDays' | 'schedule' | 'testFrom' | 'testSplit'>;

/**
 * A frame as model-file fields.
 *
 * @example
 * modelFrameFields({ target: 'won', horizonDays: 60, schedule: { kind: 'asOfAge', days: 7 } }, Date.UTC(2025, 10, 1))
 * // => { target: 'won', horizonDays: 60, schedule: { asOfAge: 7 }, testFrom: '2025-11-01T00:00:00Z' }
 */
export function modelFrameFields(frame: { target: ScoringModel['target'] & string; horizonDays: number; schedule: FrameSchedule }, testFromMs?: number): ModelFrame {
  const s = frame.schedule;
  const schedule: NonNullable<ScoringModel['schedule']> = s.kind === 'every' ? { every: s.days } : s.kind === 'asOfAge' ? { asOfAge: s.days } : { asOf: formatTimestamp(s.ms) };
  return { target: frame.target, horizonDays: frame.horizonDays, schedule, ...(testFromMs === undefined ? {} : { testFrom: formatTimestamp(testFromMs) }) };
}

/**
 * The frame options a model records (only the fields it has).
 *
 * @example
 * modelFrameOptions(model) // => { target: 'won', horizonDays: 60, schedule: { kind: 'asOfAge', days: 7 } }
 */
export function modelFrameOptions(model: ModelFrame): FrameOptions {
  const out: FrameOptions = {};
  if (model.target) out.target = model.target;
  if (model.horizonDays !== undefined) out.horizonDays = model.horizonDays;
  const s = model.schedule;
  if (s) out.schedule = 'every' in s ? { kind: 'every', days: s.every } : 'asOfAge' in s ? { kind: 'asOfAge', days: s.asOfAge } : { kind: 'asOf', ms: parseDateOption(s.asOf) };
  return out;
}

/** The start of the model's test period in epoch ms, if it records one. */
export function modelTestFromMs(model: ModelFrame): number | undefined {
  return model.testFrom === undefined ? undefined : parseDateOption(model.testFrom);
}

export interface FrameChoice {
  frame: FrameOptions;
  testFromMs?: number;
  /** The holdout to measure on: the time split above, else the model's stratified split, else none. */
  holdout?: HoldoutSpec;
  /** Options given explicitly that differ from the model's, in words (say them once). */
  overrides: string[];
}

/**
 * The holdout to report: an explicit or recorded time split, else the model's recorded
 * stratified split (flat tables), else none.
 *
 * @example
 * modelHoldout({ testSplit: { share: 0.3, seed: 1 } }, undefined) // => { kind: 'stratified', testShare: 0.3, seed: 1 }
 */
export function modelHoldout(model: Pick<ScoringModel, 'testSplit'>, testFromMs: number | undefined): HoldoutSpec | undefined {
  if (testFromMs !== undefined) return { kind: 'time', testFromMs };
  return model.testSplit ? { kind: 'stratified', testShare: model.testSplit.share, seed: model.testSplit.seed } : undefined;
}

/**
 * Merge a model's frame with explicit options: explicit wins, the model fills the rest, the
 * library defaults fill what neither gives. `overrides` lists where explicit and model differ.
 *
 * @example
 * chooseFrame(model, { horizonDays: 30 }).overrides // => ['horizon 30 days (the model was fitted with 60)']
 */
export function chooseFrame(model: ModelFrame, explicit: FrameOptions, explicitTestFromMs?: number): FrameChoice {
  const recorded = modelFrameOptions(model);
  const frame: FrameOptions = { ...recorded, ...explicit };
  const overrides: string[] = [];
  if (explicit.target && recorded.target && explicit.target !== recorded.target) overrides.push(`target ${explicit.target} (the model was fitted for ${recorded.target})`);
  if (explicit.horizonDays !== undefined && recorded.horizonDays !== undefined && explicit.horizonDays !== recorded.horizonDays) overrides.push(`horizon ${explicit.horizonDays} days (the model was fitted with ${recorded.horizonDays})`);
  const sched = (s: FrameSchedule): string => (s.kind === 'every' ? `every ${s.days} days` : s.kind === 'asOfAge' ? `at age ${s.days} days` : `as of ${formatTimestamp(s.ms)}`);
  if (explicit.schedule && recorded.schedule && sched(explicit.schedule) !== sched(recorded.schedule)) overrides.push(`snapshots ${sched(explicit.schedule)} (the model was fitted with snapshots ${sched(recorded.schedule)})`);
  const modelTest = modelTestFromMs(model);
  const testFromMs = explicitTestFromMs ?? modelTest;
  if (explicitTestFromMs !== undefined && modelTest !== undefined && explicitTestFromMs !== modelTest) overrides.push(`test period from ${formatTimestamp(explicitTestFromMs)} (the model's is from ${formatTimestamp(modelTest)})`);
  const holdout = modelHoldout(model, testFromMs);
  return { frame, ...(testFromMs === undefined ? {} : { testFromMs }), ...(holdout ? { holdout } : {}), overrides };
}
