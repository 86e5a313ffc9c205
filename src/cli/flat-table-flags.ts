/**
 * Flags for the quick case of a flat labelled table, without a mapping file:
 * `leadcal fit Leads.csv --label Converted --positive 1 --missing Select --test-share 0.3`.
 * The history argument may then be the table's file itself. With a mapping, `--label` and
 * `--missing` add to (and `--label` replaces) what the mapping says.
 */
import { Option, type Command } from 'commander';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { LoadOptions } from '../data/load.js';
import { LeadcalError } from '../errors.js';

function usage(column: string, message: string, hint: string): never {
  throw new LeadcalError({ code: 'option_invalid', severity: 'error', column, message, hint });
}

export interface FlatTableFlags {
  label?: string;
  positive?: string[];
  negative?: string[];
  missing?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Add `--label`, `--positive`, `--negative`, `--missing` to a command that loads a history. */
export function addFlatTableOptions(cmd: Command): Command {
  return cmd
    .option('--label <column>', 'flat labelled table: the column holding the outcome (one row per lead, no outcomes table)')
    .option('--positive <value>', 'label value meaning converted (repeatable; other values are negatives)', collect)
    .option('--negative <value>', 'label value meaning not converted (repeatable; then other values are errors)', collect)
    .option('--missing <token>', 'value read as empty in every column, e.g. Select, N/A, - (repeatable)', collect);
}

/** Add `--test-share` to a command that fits or evaluates. */
export function addTestShareOption(cmd: Command): Command {
  return cmd.addOption(new Option('--test-share <share>', 'seeded stratified holdout: this share of leads (0–1) is the test part, for tables without dates (seed: --seed)'));
}

/** The `--test-share` flag as a number in (0, 1). */
export function testShareFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0 && n < 1)) usage('--test-share', `--test-share must be a share between 0 and 1; got "${value}"`, 'e.g. --test-share 0.3');
  return n;
}

/**
 * Apply the flat-table flags to load options. A file given as the history argument becomes the
 * leads table of its folder. Returns the folder to load.
 *
 * @example
 * applyFlatTableFlags('Leads.csv', { label: 'Converted', positive: ['1'] }, {}).options.mapping?.label
 * // => { column: 'Converted', positive: ['1'] }
 */
export function applyFlatTableFlags(path: string, flags: FlatTableFlags, options: LoadOptions): { dir: string; options: LoadOptions } {
  if (flags.label === undefined && (flags.positive || flags.negative)) usage('--positive', '--positive and --negative need --label COLUMN', 'e.g. --label Converted --positive 1');
  if (flags.label !== undefined && !flags.positive && !flags.negative) usage('--label', '--label needs --positive VALUE (the value meaning converted)', 'e.g. --label Converted --positive 1');
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // a missing path is reported by the loader
  }
  if (flags.label === undefined && !flags.missing && !isFile) return { dir: path, options };
  const mapping = { ...(options.mapping ?? {}) };
  if (isFile) mapping.leads = { ...(mapping.leads ?? {}), file: basename(path) };
  if (flags.label !== undefined) {
    mapping.label = { column: flags.label, ...(flags.positive ? { positive: flags.positive } : {}), ...(flags.negative ? { negative: flags.negative } : {}) };
    if (mapping.events === undefined) mapping.events = null;
    delete mapping.outcomes;
  }
  if (flags.missing) mapping.missing = [...(mapping.missing ?? []), ...flags.missing];
  return { dir: isFile ? dirname(path) : path, options: { ...options, mapping } };
}
