/**
 * Options shared by the subcommands (loading and frames), their parsing into library options,
 * and the printing helpers. Usage mistakes throw `option_invalid` (exit code 2).
 *
 * Start-up: the command files import only commander, this file and small modules at the top;
 * the library modules a command runs (and the heavy packages they pull in: zod, yaml, DuckDB,
 * Plot, linkedom) are imported inside its action, so `leadcal --help` and `leadcal validate`
 * load only what they use.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { LeadcalError, formatIssue, type Issue } from '../errors.js';
import type { LoadOptions } from '../data/load.js';
import { PRESETS } from '../data/preset-names.js';
import { FUNNEL_STAGES, parseFunnelStage } from '../data/stages.js';
import { parseDateOption } from '../data/timestamp.js';
import type { FrameOptions, FrameSchedule } from '../frame/frame.js';
import type { FrameChoice, ModelFrame } from '../model/model-frame.js';
import type { History } from '../data/history.js';
import { addFlatTableOptions, applyFlatTableFlags, type FlatTableFlags } from './flat-table-flags.js';

export interface LoadFlags extends FlatTableFlags {
  mapping?: string;
  preset?: string;
  timezone?: string;
  until?: string;
  engine?: 'native' | 'duckdb';
  lenient?: boolean;
}

export interface FrameFlags extends LoadFlags {
  icpFeature?: string;
  target?: string;
  horizon?: string;
  every?: string;
  asOfAge?: string;
  asOf?: string;
  maxSnapshots?: string;
}

export function usage(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

export function addLoadOptions(cmd: Command): Command {
  return addFlatTableOptions(cmd
    .option('--mapping <file>', 'mapping file (YAML/JSON) naming your files and columns')
    .addOption(new Option('--preset <name>', 'built-in mapping for a known export').choices([...PRESETS]))
    .option('--timezone <offset>', 'offset assumed for timestamps without a zone (UTC, +02:00 …)')
    .option('--until <date>', 'end of observation (default: the latest timestamp in the history)')
    .addOption(new Option('--engine <engine>', 'reader: native, or duckdb (typed reads, for large CSV; with events.parquet or events.csv, `frame` and `fit` build the frame and behaviours in DuckDB, the events never in memory)').choices(['native', 'duckdb']).default('native'))
    .option('--lenient', 'leave out rows whose timestamp is far outside the data (counted in a warning) instead of failing'));
}

export function addFrameOptions(cmd: Command): Command {
  return addLoadOptions(cmd)
    .addOption(new Option('--target <stage>', 'stage that counts as a conversion (default: the model\'s, else sql)').choices([...FUNNEL_STAGES]))
    .option('--horizon <days>', 'label window after each snapshot, in days (default: the model\'s, else 90)')
    .option('--every <days>', 'snapshots at created_at + k·DAYS (default: the model\'s schedule, else every 30)')
    .option('--as-of-age <days>', 'one snapshot at created_at + DAYS')
    .option('--as-of <date>', 'one snapshot at DATE for leads created before it')
    .option('--icp-feature <file>', 'add each lead\'s ICP fit (0–100, from an ICP file) as the numeric attribute icp_fit')
    .option('--max-snapshots <n>', 'refuse a frame larger than this many snapshots (memory guard)', '50000000');
}

/** Accepted ranges of the day-valued flags: beyond them a frame is absurd or too large to build. */
const DAY_RANGES: Record<string, [number, number]> = { '--every': [0.01, 3650], '--as-of-age': [0, 36500], '--horizon': [0, 3650] };

function positive(flag: string, value: string): number {
  const n = Number(value);
  const [lo, hi] = DAY_RANGES[flag] ?? [0, Infinity];
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) usage(flag, `${flag} must be a positive number of days; got "${value}"`, `e.g. ${flag} 30`);
  if (n < lo || n > hi) usage(flag, `${flag} must be between ${lo} and ${hi} days; got "${value}"`, `e.g. ${flag} 30`);
  return n;
}

/** `--max-snapshots` as a frame option (a positive integer). */
export function maxSnapshotsFrom(flags: FrameFlags): { maxSnapshots?: number } {
  if (flags.maxSnapshots === undefined) return {};
  const n = Number(flags.maxSnapshots);
  if (flags.maxSnapshots.trim() === '' || !Number.isSafeInteger(n) || n < 1) usage('--max-snapshots', `--max-snapshots must be a positive whole number; got "${flags.maxSnapshots}"`, 'e.g. --max-snapshots 50000000');
  return { maxSnapshots: n };
}

/** A date flag (`2025-06-30` or a full ISO timestamp) as epoch ms; anything else is a usage error. */
export function dateFlag(flag: string, value: string): number {
  const ms = parseDateOption(value);
  if (Number.isNaN(ms)) usage(flag, `${flag} must be a date; got "${value}"`, `e.g. ${flag} 2025-06-30`);
  return ms;
}

export async function loadOptionsFrom(flags: LoadFlags): Promise<LoadOptions> {
  if (flags.mapping && flags.preset) usage('--mapping', 'give either --mapping or --preset, not both', 'a preset is a built-in mapping file');
  const options: LoadOptions = {};
  if (flags.mapping || flags.preset) {
    const { presetMapping, readMapping } = await import('../data/mapping.js');
    if (flags.mapping) options.mapping = readMapping(flags.mapping);
    if (flags.preset) options.mapping = presetMapping(flags.preset);
  }
  if (flags.timezone) options.timezone = flags.timezone;
  if (flags.until) options.untilMs = dateFlag('--until', flags.until);
  if (flags.engine) options.engine = flags.engine;
  if (flags.lenient) options.lenient = true;
  return options;
}

/**
 * The frame options given on the command line, and only those: what is not given comes from
 * the model (`frameFor`) or the library's defaults (target sql, horizon 90, every 30 days).
 */
export function frameOptionsFrom(flags: FrameFlags): FrameOptions {
  const given = [flags.every, flags.asOfAge, flags.asOf].filter((v) => v !== undefined).length;
  if (given > 1) usage('--every', 'give only one of --every, --as-of-age, --as-of', 'they are different snapshot schedules');
  const out: FrameOptions = {};
  let schedule: FrameSchedule | undefined;
  if (flags.every !== undefined) schedule = { kind: 'every', days: positive('--every', flags.every) };
  if (flags.asOfAge !== undefined) schedule = { kind: 'asOfAge', days: positive('--as-of-age', flags.asOfAge) };
  if (flags.asOf !== undefined) schedule = { kind: 'asOf', ms: dateFlag('--as-of', flags.asOf) };
  if (schedule) out.schedule = schedule;
  if (flags.target !== undefined) {
    const target = parseFunnelStage(flags.target);
    if (!target) usage('--target', `--target must be one of ${FUNNEL_STAGES.join(', ')}; got "${flags.target}"`, 'e.g. --target sql');
    out.target = target;
  }
  if (flags.horizon !== undefined) out.horizonDays = positive('--horizon', flags.horizon);
  return { ...out, ...maxSnapshotsFrom(flags) };
}

/**
 * The frame of a command that takes a model: the model's recorded target, horizon, schedule and
 * test period, overridden by explicit flags — and the overrides said once on stderr, so that
 * numbers from different frames are never compared unknowingly.
 */
export async function frameFor(flags: FrameFlags & { testFrom?: string }, model: ModelFrame): Promise<FrameChoice> {
  const { chooseFrame } = await import('../model/model-frame.js');
  const choice = chooseFrame(model, frameOptionsFrom(flags), flags.testFrom === undefined ? undefined : dateFlag('--test-from', flags.testFrom));
  if (choice.overrides.length) process.stderr.write(`note: using ${choice.overrides.join('; ')}\n`);
  return choice;
}

/**
 * The events file `--engine duckdb` pushes down to DuckDB — DIR/events.parquet, else
 * events.csv or events.csv.gz — or undefined: only for the plain contract (no mapping, preset,
 * flat table or time zone), which the pushdown reads as the loader would.
 *
 * @example
 * pushdownEventsFile('warehouse-export', { engine: 'duckdb' }) // => 'warehouse-export/events.parquet'
 */
export function pushdownEventsFile(dir: string, flags: LoadFlags): string | undefined {
  if (flags.engine !== 'duckdb' || flags.mapping || flags.preset || flags.label !== undefined || flags.timezone) return undefined;
  return ['events.parquet', 'events.csv', 'events.csv.gz'].map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** Load the history named on the command line; warnings go to stderr (counted, one line each). */
export async function loadFromFlags(path: string, flags: LoadFlags & { icpFeature?: string }, quiet = false, overrides: LoadOptions = {}): Promise<History> {
  const { loadHistory } = await import('../data/load.js');
  const { dir, options } = applyFlatTableFlags(path, flags, { ...(await loadOptionsFrom(flags)), ...overrides });
  const { progressBar } = await import('./progress.js');
  const bar = await progressBar(quiet);
  let loaded;
  try {
    loaded = await loadHistory(dir, bar ? { ...options, onProgress: (file, done, total) => bar.update(`reading ${file}`, done, total) } : options);
  } finally {
    bar?.stop();
  }
  const { history, warnings } = loaded;
  if (flags.icpFeature) {
    // a derived attribute: fit, score and evaluate see it like any other numeric column
    const [{ icpFitScores }, { readIcp }] = await Promise.all([import('../qualify/icp-fit.js'), import('../qualify/icp.js')]);
    history.leads.attributes.icp_fit = { kind: 'number', values: icpFitScores(history, readIcp(flags.icpFeature)) };
  }
  if (!quiet && warnings.length) {
    for (const w of warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
  }
  return history;
}

export function printIssues(issues: Issue[], out: NodeJS.WritableStream = process.stdout): void {
  for (const i of issues) out.write(`${i.severity}: ${formatIssue(i)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
