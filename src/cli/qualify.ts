/**
 * `leadcal qualify DIR`: measure qualification frameworks on the history's qualification
 * records (qualified vs nurtured win rates, per-criterion lift, AUC, the best subset of
 * criteria), or with `--as-of DATE` route each lead to pipeline or nurture with the reason.
 */
import { Option, type Command } from 'commander';
import { QUALIFY_TARGETS, type QualifyTarget } from '../qualify/cohort.js';
import type { Framework } from '../qualify/framework.js';
import type { GroupCount } from '../qualify/group-count.js';
import type { QualifyReport } from '../qualify/qualify-report.js';
import type { RouteRow } from '../qualify/route-leads.js';
import { addLoadOptions, dateFlag, loadFromFlags, printIssues, printJson, usage, type LoadFlags } from './common.js';

interface QualifyFlags extends LoadFlags {
  framework?: string[];
  target: string;
  horizon: string;
  window: string;
  volume: string;
  seed: string;
  holdout: string;
  maxCriteria: string;
  qualificationMapping?: string;
  asOf?: string;
  lead?: string[];
  saveRecommended?: string;
  json?: boolean;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function positive(flag: string, value: string, max = 36500): number {
  const n = Number(value);
  if (!(n > 0) || !(n <= max)) usage(flag, `${flag} must be a number in (0, ${max === Infinity ? '∞' : max}]; got "${value}"`, `e.g. ${flag} ${max === 1 ? '0.3' : '180'}`);
  return n;
}

async function frameworksFrom(names: string[] | undefined): Promise<Framework[]> {
  const { builtinFrameworks, findFramework } = await import('../qualify/builtin-frameworks.js');
  if (!names || names.length === 0) return builtinFrameworks();
  return names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean).map(findFramework);
}

function group(label: string, g: GroupCount): string {
  const ci = g.interval ? `${pct(g.interval[0])}–${pct(g.interval[1])}` : '—';
  return `  ${label.padEnd(10)} ${int(g.leads).padStart(7)} ${int(g.wins).padStart(6)} ${pct(g.rate).padStart(7)}  ${ci}`;
}

function ruleText(f: Framework): string {
  const required = f.criteria.filter((c) => c.required).length;
  const parts = [];
  if (required > 0) parts.push(f.rule.requiredMet === 'all' ? `all ${required} required met` : `${f.rule.requiredMet} of ${required} required met`);
  if (f.rule.minScore > 0) parts.push(`score ≥ ${f.rule.minScore}`);
  if (f.rule.minMet > 0) parts.push(`at least ${f.rule.minMet} of ${f.criteria.length} met`);
  return parts.join(' and ') || 'always';
}

export function formatQualifyReport(report: QualifyReport, frameworks: Framework[]): string {
  const { measured, target } = report;
  const out: string[] = [];
  const left = Object.entries(measured.leftOut).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${int(v)}`).join(', ') || 'none';
  out.push(`measured ${int(measured.leads)} of ${int(measured.candidates)} leads with qualification records at t = first record + ${report.windowDays} day(s): ${int(measured.wins)} reached ${target} within ${report.horizonDays} days (left out: ${left})`);
  report.frameworks.forEach((f, i) => {
    out.push('', `${f.name} — qualified when ${ruleText(frameworks[i]!)}`);
    out.push(`  ${'route'.padEnd(10)} ${'leads'.padStart(7)} ${target.padStart(6)} ${'rate'.padStart(7)}  95% interval`);
    out.push(group('qualified', f.qualified), group('nurtured', f.nurtured));
    out.push(`  AUC of met count ${num(f.auc)} (holdout ${num(f.holdoutAuc)}); top ${pct(f.captured.volumeShare)} by score hold ${pct(f.captured.shareOfWins)} of ${target}`);
    out.push(`  ${'criterion'.padEnd(24)} ${'met'.padStart(13)} ${'not met'.padStart(13)} ${'unknown'.padStart(8)} ${'lift'.padStart(6)}`);
    for (const c of f.criteria) {
      const cell = (g: GroupCount): string => `${int(g.wins)}/${int(g.leads)}`.padStart(13);
      out.push(`  ${(c.criterion + (c.required ? '*' : '')).padEnd(24)} ${cell(c.met)} ${cell(c.notMet)} ${pct(c.unknownShare).padStart(8)} ${num(c.lift, 2).padStart(6)}`);
    }
  });
  const r = report.recommended;
  out.push('');
  if (r.criteria.length === 0) out.push('recommended: no subset of criteria predicted wins on the training split');
  else {
    out.push(`recommended criteria: ${r.criteria.join(', ')} (qualified when at least ${r.framework?.rule.minMet} are met)`);
    out.push(`  forward selection on ${int(r.split.train.leads)} training leads (seed ${r.split.seed}); holdout of ${int(r.split.holdout.leads)} leads (${int(r.split.holdout.wins)} ${target})`);
    out.push(`  holdout AUC ${num(r.holdoutAuc)} (train ${num(r.trainAuc)}) vs ${report.frameworks.map((f) => `${f.name} ${num(f.holdoutAuc)}`).join(', ')}`);
  }
  out.push('(* required; met and not met as won/leads; lift = win rate when met / overall win rate)');
  return `${out.join('\n')}\n`;
}

function formatRoutes(rows: RouteRow[]): string {
  const idWidth = Math.max(7, ...rows.map((r) => r.leadId.length));
  const fWidth = Math.max(9, ...rows.map((r) => r.framework.length));
  const line = (cells: string[]): string => `${cells[0]!.padEnd(idWidth)}  ${cells[1]!.padEnd(fWidth)}  ${cells[2]!.padEnd(8)}  ${cells[3]!.padStart(5)}  ${cells[4]}`.trimEnd();
  return [line(['lead_id', 'framework', 'route', 'score', 'reason']), ...rows.map((r) => line([r.leadId, r.framework, r.route, r.score.toFixed(0), r.reason]))].join('\n') + '\n';
}

async function saveRecommended(path: string, report: QualifyReport): Promise<void> {
  const f = report.recommended.framework;
  if (!f) usage('--save-recommended', 'there is no recommended subset to save', 'check the warnings: the sample may be too small');
  const { writeFrameworkFile } = await import('../qualify/framework-file.js');
  writeFrameworkFile(path, f, { comment: `written by leadcal qualify --save-recommended; use it with --framework ${path}` });
  process.stderr.write(`wrote ${path}\n`);
}

export function qualifyCommand(program: Command): void {
  addLoadOptions(program.command('qualify').argument('<dir>', 'history folder (with a qualifications table)'))
    .description('measure qualification frameworks (BANT, MEDDIC … or your own) on history, or route leads at a date')
    .option('--framework <name...>', 'built-in name (BANT, CHAMP, MEDDIC, MEDDICC, GPCTBA/C&I) or framework file; repeatable (default: every built-in)')
    .addOption(new Option('--target <stage>', 'stage that counts as a win').choices([...QUALIFY_TARGETS]).default('won'))
    .option('--horizon <days>', 'days after t in which the target must be reached', '180')
    .option('--window <days>', 'evaluate at the first qualification record + this many days', '1')
    .option('--volume <share>', 'pipeline volume for "captured at equal volume", as a share of measured leads', '0.3')
    .option('--seed <n>', 'seed of the train/holdout split', '1')
    .option('--holdout <share>', 'share of measured leads held out to check the recommended subset', '0.3')
    .option('--max-criteria <n>', 'most criteria in the recommended subset', '6')
    .option('--qualification-mapping <file>', 'mapping file for the qualifications export (other names, columns, values, wide form)')
    .option('--as-of <date>', 'route every open lead with records before DATE (pipeline or nurture, with the reason)')
    .option('--lead <id...>', 'with --as-of: route only these leads')
    .option('--save-recommended <file>', 'write the recommended subset as a framework file')
    .option('--json', 'print JSON: {frameworks, recommended, …} (or {asOf, routes} with --as-of)')
    .action(async (dir: string, flags: QualifyFlags) => {
      const frameworks = await frameworksFrom(flags.framework);
      const options = {
        target: flags.target as QualifyTarget,
        horizonDays: positive('--horizon', flags.horizon),
        windowDays: positive('--window', flags.window),
        volumeShare: positive('--volume', flags.volume, 1),
        seed: Number(flags.seed),
        holdoutShare: positive('--holdout', flags.holdout, 1),
        maxCriteria: Number(flags.maxCriteria),
      };
      if (!Number.isSafeInteger(options.seed)) usage('--seed', `--seed must be an integer; got "${flags.seed}"`, 'e.g. --seed 1');
      const asOfMs = flags.asOf === undefined ? undefined : dateFlag('--as-of', flags.asOf);
      if (flags.lead && asOfMs === undefined) usage('--lead', '--lead needs --as-of', 'e.g. --as-of 2025-06-30 --lead L000042');
      const [{ loadQualifications }, { readQualificationMapping }, { qualifyJson }, { qualifyReport }, { routeLeads }] = await Promise.all([
        import('../qualify/load-qualifications.js'), import('../qualify/qualification-mapping.js'), import('../qualify/qualify-json.js'), import('../qualify/qualify-report.js'), import('../qualify/route-leads.js'),
      ]);
      const mapping = flags.qualificationMapping ? readQualificationMapping(flags.qualificationMapping) : undefined;
      const history = await loadFromFlags(dir, flags, flags.json);
      const { qualifications, warnings } = await loadQualifications(history, mapping ? { mapping } : {});
      if (!flags.json) printIssues(warnings, process.stderr);
      if (asOfMs !== undefined) {
        const routes = routeLeads(history, qualifications, frameworks, asOfMs, flags.lead);
        if (flags.json) printJson({ asOf: flags.asOf, routes });
        else process.stdout.write(formatRoutes(routes));
        return;
      }
      const report = qualifyReport(history, qualifications, frameworks, options);
      if (flags.saveRecommended) await saveRecommended(flags.saveRecommended, report);
      if (flags.json) printJson(qualifyJson(report));
      else process.stdout.write(formatQualifyReport(report, frameworks));
    });
}
