/**
 * `leadcal review OLD NEW DIR`: the publish gate. Both models on the same snapshots of the
 * latest period; a verdict under a stated rule. Exit code 0 = publish, 3 = keep or not enough
 * data (errors stay 1 and usage mistakes 2), so a scheduled job can act on it.
 */
import type { Command } from 'commander';
import type { ReviewResult } from '../review/review.js';
import { addFrameOptions, dateFlag, frameOptionsFrom, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';

/** Exit code of `leadcal review` when the verdict is keep or not-enough-data. */
export const REVIEW_KEEP_EXIT = 3;

interface ReviewFlags extends FrameFlags {
  testFrom?: string;
  minPositives?: string;
  minNegatives?: string;
  eceMargin?: string;
  json?: boolean;
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) usage(flag, `${flag} must be a whole number ≥ 2; got "${value}"`, `e.g. ${flag} 40`);
  return n;
}

const f3 = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
const pct = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`);

/** The review in words. */
export function reviewText(r: ReviewResult): string {
  const out = [
    `latest period: snapshots from ${r.period.from} to ${r.period.to} (${r.period.snapshots.toLocaleString('en-US')} snapshots, ${r.period.positives} converted to ${r.target} within ${r.horizonDays} days)`,
    ...r.notes.map((n) => `note: ${n}`),
    '',
  ];
  for (const [role, m] of [['old', r.old], ['new', r.new]] as const) {
    out.push(`${role} ${m.name}: AUC ${f3(m.auc)} (95% ${f3(m.aucLower)}–${f3(m.aucUpper)}), ECE ${f3(m.ece)}, Brier ${f3(m.brier)}, calibration slope ${f3(m.calibrationSlope)}, intercept ${f3(m.calibrationIntercept)} (probabilities: ${m.probabilities}); ${m.mqlsPerMonth.toFixed(1)} MQLs a month at its thresholds`);
  }
  if (r.deLong) out.push(`paired DeLong: AUC(new) − AUC(old) = ${r.deLong.difference >= 0 ? '+' : ''}${r.deLong.difference.toFixed(3)}, ${Math.round(100 * r.deLong.level)}% interval ${r.deLong.lower.toFixed(3)} to ${r.deLong.upper.toFixed(3)}, p = ${r.deLong.pValue.toPrecision(2)}`);
  out.push('', 'MQLs a month at each segment\'s threshold (old → new), and snapshots changing side:');
  for (const v of r.volume) out.push(`  ${v.segment}: ${v.oldPerMonth.toFixed(1)} → ${v.newPerMonth.toFixed(1)} (${pct(v.change)}); ${v.up} up, ${v.down} down of ${v.snapshots}`);
  out.push(`score PSI: new vs old on the same snapshots ${r.psi.newVsOld.psi.toFixed(3)} (${r.psi.newVsOld.band}); new model, before vs during the period ${r.psi.newOverTime ? `${r.psi.newOverTime.psi.toFixed(3)} (${r.psi.newOverTime.band})` : '—'}`);
  out.push(`scales: ${r.scales}`, '', `verdict: ${r.verdict.toUpperCase()}`, ...r.reasons.map((x) => `  - ${x}`), '', `rule: ${r.rule}`);
  return `${out.join('\n')}\n`;
}

export function reviewCommand(program: Command): void {
  addFrameOptions(program.command('review').argument('<old>', 'the model in use (YAML/JSON)').argument('<new>', 'the candidate model').argument('<dir>', 'history folder'))
    .description('publish gate: old vs new model on the latest period (paired DeLong, calibration, MQL volume, leads changing side, PSI) and a verdict; exit 0 = publish, 3 = keep or not enough data')
    .option('--test-from <date>', 'start of the latest period (default: the new model\'s test period, else the old one\'s, else the last calendar quarter)')
    .option('--min-positives <n>', 'fewest converting snapshots in the period for a verdict (default 40)')
    .option('--min-negatives <n>', 'fewest non-converting snapshots in the period for a verdict (default 40)')
    .option('--ece-margin <x>', 'least drop in ECE that counts as better calibration (default 0.01)')
    .option('--json', 'print the review as JSON')
    .action(async (oldPath: string, newPath: string, dir: string, flags: ReviewFlags) => {
      const minPositives = count('--min-positives', flags.minPositives);
      const minNegatives = count('--min-negatives', flags.minNegatives);
      const eceMargin = flags.eceMargin === undefined ? undefined : Number(flags.eceMargin);
      if (eceMargin !== undefined && !(eceMargin >= 0 && eceMargin < 1)) usage('--ece-margin', `--ece-margin must be a number in [0, 1); got "${flags.eceMargin}"`, 'e.g. --ece-margin 0.01');
      const frame = frameOptionsFrom(flags);
      const testFromMs = flags.testFrom === undefined ? undefined : dateFlag('--test-from', flags.testFrom);
      const [{ readModel }, { review }] = await Promise.all([import('../model/schema.js'), import('../review/review.js')]);
      const oldModel = readModel(oldPath);
      const newModel = readModel(newPath);
      const history = await loadFromFlags(dir, flags, flags.json);
      const r = review(oldModel, newModel, history, {
        frame, ...(testFromMs === undefined ? {} : { testFromMs }), ...(minPositives === undefined ? {} : { minPositives }),
        ...(minNegatives === undefined ? {} : { minNegatives }), ...(eceMargin === undefined ? {} : { eceMargin }),
      });
      if (flags.json) printJson(r);
      else process.stdout.write(reviewText(r));
      process.exitCode = r.verdict === 'publish' ? 0 : REVIEW_KEEP_EXIT;
    });
}
