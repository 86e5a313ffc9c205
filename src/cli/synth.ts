/** `leadcal synth OUT`: write a synthetic history from a planted scoring truth. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { dateFlag, usage } from './common.js';
import { LeadcalError } from '../errors.js';

interface SynthFlags {
  leads: string;
  seed: string;
  days: string;
  start: string;
  truth?: string;
  force?: boolean;
  qualifications?: boolean;
  gzip?: boolean;
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usage(flag, `${flag} must be an integer ≥ ${min}; got "${value}"`, `e.g. ${flag} 2000`);
  return n;
}

export function synthCommand(program: Command): void {
  program
    .command('synth')
    .argument('<out>', 'folder to write (leads.csv, events.csv, outcomes.csv, truth.json)')
    .description('generate a realistic history from a known scoring truth (a truth file in, data out)')
    .option('--leads <n>', 'number of leads', '2000')
    .option('--seed <n>', 'random seed', '1')
    .option('--days <n>', 'length of the simulated period in days', '540')
    .option('--start <date>', 'first day of the period', '2025-01-01')
    .option('--truth <file>', 'truth JSON file (default: the built-in truth; see truth.json of any output)')
    .option('--force', 'replace OUT if it exists')
    .option('--gzip', 'write the tables gzip-compressed (leads.csv.gz, events.csv.gz, outcomes.csv.gz)')
    .option('--qualifications', 'also write qualifications.csv: discovery-call records with a planted truth (qualifications-truth.json)')
    .action(async (out: string, flags: SynthFlags) => {
      const leads = integer('--leads', flags.leads, 1);
      const seed = integer('--seed', flags.seed, 0);
      const days = integer('--days', flags.days, 30);
      const startMs = dateFlag('--start', flags.start);
      const { addQualifications, defaultTruth, generateHistory, parseTruth, writeGeneratedHistory, writeHistory } = await import('../synth/index.js');
      const truth = flags.truth ? parseTruth(readFileSync(flags.truth, 'utf8'), flags.truth) : defaultTruth;
      if (!flags.force && existsSync(out) && readdirSync(out).length > 0) {
        throw new LeadcalError({ code: 'output_exists', severity: 'error', file: out, message: 'output folder exists and is not empty', hint: 'choose another folder or pass --force to replace it' });
      }
      const writeOptions = { force: flags.force ?? false, gzip: flags.gzip ?? false };
      let counts: { leads: number; events: number; outcomes: number };
      let records = '';
      if (flags.qualifications) {
        // qualification records are drawn from the whole history, so it is held in memory
        const history = generateHistory({ leads, seed, startMs, days, truth });
        const qualified = addQualifications(history);
        await writeHistory(out, qualified, writeOptions);
        counts = { leads: history.leads.rows.length, events: history.events.rows.length, outcomes: history.outcomes.rows.length };
        records = `, ${qualified.qualifications.rows.length} qualification records`;
      } else {
        // written lead by lead: memory stays flat however many leads
        counts = await writeGeneratedHistory(out, { leads, seed, startMs, days, truth }, writeOptions);
      }
      process.stdout.write(`wrote ${out}: ${counts.leads} leads, ${counts.events} events, ${counts.outcomes} outcomes${records} (seed ${seed})\n`);
    });
}
