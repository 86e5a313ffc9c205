/**
 * `leadcal icp DIR --icp FILE`: each lead's ICP fit (0–100, and the criteria it misses) and
 * how conversion varies with it, by fit band and by criterion.
 */
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../io.js';
import { FUNNEL_STAGES, type FunnelStage } from '../data/stages.js';
import type { ConversionCount, IcpConversionTable } from '../qualify/icp-conversion.js';
import { guardOutputs } from './outputs.js';
import { addLoadOptions, loadFromFlags, printJson, usage, type LoadFlags } from './common.js';

interface IcpFlags extends LoadFlags {
  icp: string;
  target: string;
  horizon: string;
  bands: string;
  out?: string;
  json?: boolean;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

export function formatIcpTable(table: IcpConversionTable, name: string): string {
  const row = (label: string, g: ConversionCount): string => `  ${label.padEnd(12)} ${int(g.leads).padStart(7)} ${int(g.conversions).padStart(7)} ${pct(g.rate).padStart(7)}  ${g.interval ? `${pct(g.interval[0])}–${pct(g.interval[1])}` : '—'}`;
  const out = [
    `${name}: conversion to ${table.target} within ${table.horizonDays} days of creation, by ICP fit (${int(table.censored)} leads created too late to tell are left out)`,
    `  ${'ICP fit'.padEnd(12)} ${'leads'.padStart(7)} ${table.target.padStart(7)} ${'rate'.padStart(7)}  95% interval`,
    ...table.rows.map((r) => row(r.band, r)),
    row('total', table.total),
    '',
    `  ${'criterion'.padEnd(24)} ${'rate when met'.padStart(14)} ${'when missed'.padStart(12)} ${'unknown'.padStart(8)}`,
    ...table.criteria.map((c) => `  ${c.criterion.padEnd(24)} ${`${pct(c.met.rate)} of ${int(c.met.leads)}`.padStart(14)} ${`${pct(c.missed.rate)} of ${int(c.missed.leads)}`.padStart(12)} ${pct(c.unknownShare).padStart(8)}`),
  ];
  return `${out.join('\n')}\n`;
}

function edges(text: string): number[] {
  const e = text.split(',').map((s) => Number(s.trim()));
  if (e.some((x) => !Number.isFinite(x))) usage('--bands', `--bands must be comma-separated numbers; got "${text}"`, 'e.g. --bands 0,50,80,100');
  return e;
}

export function icpCommand(program: Command): void {
  addLoadOptions(program.command('icp').argument('<dir>', 'history folder'))
    .description('score every lead against an ideal customer profile and show conversion by ICP fit')
    .requiredOption('--icp <file>', 'ICP file (YAML/JSON; see datasets/icp/example.yaml)')
    .addOption(new Option('--target <stage>', 'stage that counts as a conversion').choices([...FUNNEL_STAGES]).default('won'))
    .option('--horizon <days>', 'days after creation in which the target must be reached', '180')
    .option('--bands <edges>', 'ICP-fit band edges from 0 to 100', '0,20,40,60,80,100')
    .option('--out <file>', 'write each lead\'s fit and missed criteria as CSV ("-" for stdout)')
    .option('--json', 'print {icp, target, horizonDays, bands, total, criteria, censored} as JSON')
    .action(async (dir: string, flags: IcpFlags) => {
      const horizonDays = Number(flags.horizon);
      if (!(horizonDays > 0) || !(horizonDays <= 36500)) usage('--horizon', `--horizon must be a positive number of days; got "${flags.horizon}"`, 'e.g. --horizon 180');
      const bandEdges = edges(flags.bands);
      const [{ readIcp }, { icpConversion }, { icpFit }, { icpFitToCsv }] = await Promise.all([import('../qualify/icp.js'), import('../qualify/icp-conversion.js'), import('../qualify/icp-fit.js'), import('../qualify/icp-fit-csv.js')]);
      const icp = readIcp(flags.icp);
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const history = await loadFromFlags(dir, flags, flags.json || flags.out === '-');
      const fit = icpFit(history, icp);
      const table = icpConversion(history, fit, { target: flags.target as FunnelStage, horizonDays, edges: bandEdges });
      const name = icp.name ?? flags.icp;
      if (flags.out === '-') {
        process.stdout.write(icpFitToCsv(fit, history.leads.ids));
        return;
      }
      if (flags.out) {
        writeFileAtomic(flags.out, icpFitToCsv(fit, history.leads.ids));
        process.stderr.write(`wrote ${flags.out}\n`);
      }
      if (flags.json) printJson({ icp: name, target: table.target, horizonDays: table.horizonDays, bands: table.rows, total: table.total, criteria: table.criteria, censored: table.censored });
      else process.stdout.write(formatIcpTable(table, name));
    });
}
