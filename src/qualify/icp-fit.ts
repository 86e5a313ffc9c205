/**
 * ICP fit per lead: 100 · Σ weights of met criteria / Σ weights, or 0 when a required
 * criterion is missed; with the criteria each lead misses as bit sets. The fit is a lead
 * attribute known at creation, so it can feed the fitter as a feature (`icpFitScores`).
 */
import { suggest } from '../suggest.js';
import { LeadcalError } from '../errors.js';
import type { Column } from '../data/columns.js';
import type { History } from '../data/history.js';
import { warn } from '../warnings.js';
import type { Icp, IcpCriterion } from './icp.js';

export interface IcpFit {
  icp: Icp;
  /** ICP fit 0–100 per lead (leads-table order). */
  fit: Float64Array;
  /** Bit j set: lead missed criterion j (including a missing value, unless ifMissing is met). */
  missed: Uint32Array;
  /** Bit j set: the lead's value for criterion j was missing. */
  unknown: Uint32Array;
}

function where(icp: Icp, c: IcpCriterion): { file?: string; line?: number } {
  return { ...(icp.file === undefined ? {} : { file: icp.file }), ...(c.line === undefined ? {} : { line: c.line }) };
}

/** Per criterion, a test of (lead) → 1 met, 0 missed, -1 missing value. */
function compileCriterion(icp: Icp, c: IcpCriterion, column: Column): (i: number) => number {
  if (c.kind === 'range') {
    if (column.kind !== 'number') {
      throw new LeadcalError({ code: 'option_invalid', severity: 'error', ...where(icp, c), column: c.attribute, message: `criterion "${c.name}" has a range but attribute ${c.attribute} is not numeric`, hint: 'use in/notIn for categories, or clean the column so every value is a plain number' });
    }
    const { min, max } = c;
    const values = column.values;
    return (i) => {
      const v = values[i]!;
      return Number.isNaN(v) ? -1 : v >= min && v <= max ? 1 : 0;
    };
  }
  const listed = new Set(c.values);
  const hit = c.kind === 'in' ? 1 : 0;
  if (column.kind === 'number') {
    const values = column.values;
    return (i) => {
      const v = values[i]!;
      if (Number.isNaN(v)) return -1;
      return listed.has(String(v)) ? hit : 1 - hit;
    };
  }
  const seen = column.values.map((v) => v.trim().toLowerCase());
  for (const v of c.values) {
    if (seen.includes(v)) continue;
    const near = suggest(v, seen);
    warn({ code: 'mapping_invalid', ...where(icp, c), column: c.attribute, message: `criterion "${c.name}": no lead has ${c.attribute} "${v}"`, hint: near ? `did you mean "${near}"?` : `values seen: ${column.values.slice(0, 10).join(', ')}${column.values.length > 10 ? ', …' : ''}` });
  }
  const match = Uint8Array.from(seen, (v) => (listed.has(v) ? hit : 1 - hit));
  const codes = column.codes;
  return (i) => {
    const code = codes[i]!;
    return code < 0 ? -1 : match[code]!;
  };
}

/**
 * ICP fit of every lead of a history.
 *
 * @throws {LeadcalError} column_missing (with the ICP file and line and the nearest attribute)
 *   or option_invalid (a range on a category attribute)
 * Complexity: O(leads · criteria).
 * @example
 * const { fit, missed } = icpFit(history, readIcp('datasets/icp/example.yaml'));
 * fit[0] // => 62.5
 */
export function icpFit(history: History, icp: Icp): IcpFit {
  const { attributes, count } = history.leads;
  const tests = icp.criteria.map((c) => {
    const column = attributes[c.attribute];
    if (!column) {
      const near = suggest(c.attribute, Object.keys(attributes));
      throw new LeadcalError({ code: 'column_missing', severity: 'error', ...where(icp, c), column: c.attribute, message: `criterion "${c.name}": the leads table has no attribute "${c.attribute}"`, hint: near ? `did you mean "${near}"?` : `attributes: ${Object.keys(attributes).join(', ') || 'none'}` });
    }
    return compileCriterion(icp, c, column);
  });
  const m = icp.criteria.length;
  const weight = Float64Array.from(icp.criteria, (c) => c.weight);
  const total = weight.reduce((a, b) => a + b, 0);
  const fit = new Float64Array(count);
  const missed = new Uint32Array(count);
  const unknown = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let metWeight = 0;
    let gateMissed = false;
    let miss = 0;
    let unk = 0;
    for (let j = 0; j < m; j++) {
      const c = icp.criteria[j]!;
      let r = tests[j]!(i);
      if (r < 0) {
        unk |= 1 << j;
        r = c.ifMissing === 'met' ? 1 : 0;
      }
      if (r === 1) metWeight += weight[j]!;
      else {
        miss |= 1 << j;
        if (c.required) gateMissed = true;
      }
    }
    fit[i] = gateMissed ? 0 : (100 * metWeight) / total;
    missed[i] = miss >>> 0;
    unknown[i] = unk >>> 0;
  }
  return { icp, fit, missed, unknown };
}

/**
 * ICP fit 0–100 per lead as a Float64Array, ready to use as a feature.
 *
 * @example
 * icpFitScores(history, icp).length // => history.leads.count
 */
export function icpFitScores(history: History, icp: Icp): Float64Array {
  return icpFit(history, icp).fit;
}

/**
 * Names of the criteria lead i misses, with "(unknown)" when its value was missing.
 *
 * @example
 * icpMissed(fit, 0) // => ['industry', 'company size (unknown)']
 */
export function icpMissed(fit: IcpFit, i: number): string[] {
  const out: string[] = [];
  fit.icp.criteria.forEach((c, j) => {
    if ((fit.missed[i]! >>> j) & 1) out.push((fit.unknown[i]! >>> j) & 1 ? `${c.name} (unknown)` : c.name);
  });
  return out;
}
