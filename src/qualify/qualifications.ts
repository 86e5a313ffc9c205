/**
 * The optional fourth history table, `qualifications`: what sales learnt about a lead's
 * qualification criteria (discovery-call forms), one record per (lead, time, criterion).
 *
 * Columnar like the other tables: records sorted by (lead, occurred_at) with CSR offsets per
 * lead, criteria dictionary-encoded by their normalised name, values as small codes.
 */
import type { CategoryColumn } from '../data/columns.js';

/** Value codes: unknown (also "no record"), met, not met. */
export const UNKNOWN = 0;
export const MET = 1;
export const NOT_MET = 2;

/** The values of the `value` column, in code order. */
export const QUALIFICATION_VALUES = ['unknown', 'met', 'not_met'] as const;
export type QualificationValue = (typeof QUALIFICATION_VALUES)[number];

/** Columns of the long form, in the order `leadcal synth --qualifications` writes them. */
export const QUALIFICATION_COLUMNS = ['lead_id', 'occurred_at', 'criterion', 'value', 'notes'] as const;

export interface Qualifications {
  count: number;
  /** Lead index of each record; records are sorted by (lead, occurredMs), file order on ties. */
  lead: Int32Array;
  occurredMs: Float64Array;
  /** Code into `criteria`. */
  criterion: Int32Array;
  /** Normalised criterion names (see {@link criterionName}), in order of first appearance. */
  criteria: string[];
  /** UNKNOWN, MET or NOT_MET. */
  value: Uint8Array;
  /** Free-text notes ('' missing). */
  notes: CategoryColumn;
  /** Records of lead i are rows offsets[i] .. offsets[i + 1] - 1. */
  offsets: Int32Array;
  /** The file as shown in messages ('' for in-memory tables). */
  file: string;
  /** Line of each record in `file` (the header is line 1). */
  lines: Int32Array;
}

/**
 * Normalise a criterion name so that forms and framework files meet: trimmed, lower case,
 * runs of spaces, hyphens and slashes turned into one underscore.
 *
 * @example
 * criterionName(' Economic Buyer ') // => 'economic_buyer'
 * criterionName('decision-process') // => 'decision_process'
 */
export function criterionName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s\-/]+/g, '_');
}

/**
 * Parse a qualification value: `met`, `not_met` (also `not met`, `not-met`) or `unknown`,
 * case-insensitive. Undefined for anything else.
 *
 * @example
 * qualificationValue('Not met') // => 2
 * qualificationValue('maybe') // => undefined
 */
export function qualificationValue(raw: string): number | undefined {
  const v = criterionName(raw);
  if (v === 'met') return MET;
  if (v === 'not_met') return NOT_MET;
  if (v === 'unknown') return UNKNOWN;
  return undefined;
}
