/**
 * `leadcal score`, `leadcal explain`, `leadcal rules`: apply a scoring model, explain one lead,
 * print the model as a rule table.
 */
import { Option, type Command } from 'commander';
import { formatTimestamp } from '../data/timestamp.js';
import { writeFileAtomic } from '../io.js';
import { guardOutputs } from './outputs.js';
import { addFrameOptions, dateFlag, frameFor, loadFromFlags, printJson, usage, type FrameFlags } from './common.js';
import type { SqlDialectName } from '../model/sql-dialect.js';

/** The dialects of `SQL_DIALECTS` (listed here so `--help` loads no SQL code; a test keeps them equal). */
export const SQL_DIALECT_CHOICES: SqlDialectName[] = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'redshift', 'spark', 'clickhouse'];

export function modelCommands(program: Command): void {
  addFrameOptions(program.command('score').argument('<dir>', 'history folder'))
    .description('score leads with a model: with --as-of DATE (or by default at --until) every lead created before it; with --every/--as-of-age one row per frame snapshot, with its label')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--out <file>', 'CSV to write (atomically); stdout when omitted')
    .option('--reasons <k>', 'add reason codes: the K rules that add most and the K that cost most (label and points), and the rest of the score')
    .option('--account-column <attribute>', 'write account rows instead: leads grouped by this attribute (account, as_of, score, contacts, label)')
    .option('--account-score <how>', 'account score from its leads\' scores: sum, max or topK (mean of the K highest)', 'sum')
    .action(async (dir: string, flags: FrameFlags & { model: string; out?: string; reasons?: string; accountColumn?: string; accountScore?: string }) => {
      const [{ readModel }, { buildFrame }, { compileModel }, { leadsCreatedBefore, scoreSnapshots }, { applyMapping, modelMapping }, { scoresToCsv }, { scoreReasons, checkReasonCount }] = await Promise.all([
        import('../model/schema.js'), import('../frame/frame.js'), import('../model/compile.js'), import('../model/score.js'), import('../model/probability.js'), import('../model/scores-table.js'), import('../model/reasons.js'),
      ]);
      const reasonsK = flags.reasons === undefined ? undefined : checkReasonCount(Number(flags.reasons), '--reasons');
      const accounts = flags.accountColumn === undefined ? undefined : await import('../model/account-scores.js');
      if (accounts && reasonsK !== undefined) usage('--reasons', 'give either --reasons or --account-column', 'reason codes explain a lead\'s score, not an account\'s');
      const aggregation = accounts?.parseAccountAggregation(flags.accountScore ?? 'sum', '--account-score');
      const model = readModel(flags.model);
      const frameMode = flags.every !== undefined || flags.asOfAge !== undefined;
      const frameOptions = frameMode ? (await frameFor(flags, model)).frame : undefined;
      const asOfMs = flags.asOf !== undefined ? dateFlag('--as-of', flags.asOf) : undefined;
      if (frameMode && asOfMs !== undefined) usage('--as-of', 'give either --as-of or a frame schedule (--every / --as-of-age)', 'they are different ways to choose snapshot times');
      if (frameMode && accounts) usage('--account-column', 'account scores are taken at one calendar time: give --as-of DATE (or nothing: the end of the history)', 'per-lead schedules (--every, --as-of-age) would score the contacts of one account at different times');
      await guardOutputs({ '--out': flags.out }, dir, flags);
      const history = await loadFromFlags(dir, flags);
      const compiled = compileModel(model, history);
      const mapping = modelMapping(model);
      const frame = frameOptions ? buildFrame(history, frameOptions) : undefined;
      const t = asOfMs ?? history.untilMs;
      const lead = frame ? frame.lead : leadsCreatedBefore(history, t);
      const times = frame ? frame.asOfMs : new Float64Array(lead.length).fill(t);
      // one scorer pass: reason codes come with the scores they explain
      const { scores: table, reasons } = reasonsK === undefined ? { scores: scoreSnapshots(compiled, lead, times), reasons: undefined } : scoreReasons(compiled, lead, times, reasonsK);
      const labels = frame ? { labels: frame.label } : {};
      const text = accounts
        ? accounts.accountScoresToCsv(accounts.accountScores({ scores: table.score, asOfMs: table.asOfMs, accounts: accounts.leadAccounts(history, flags.accountColumn!, lead), ...labels }, aggregation!))
        : scoresToCsv(table, history.leads.ids, { ...labels, ...(mapping ? { probability: applyMapping(mapping, table.score) } : {}), ...(reasons ? { reasons } : {}) });
      if (flags.out) {
        writeFileAtomic(flags.out, text);
        process.stderr.write(`wrote ${flags.out}\n`);
      } else process.stdout.write(text);
    });

  addFrameOptions(program.command('explain').argument('<dir>', 'history folder'))
    .description('explain one lead\'s score: every rule that fired, points before and after decay and caps')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .requiredOption('--lead <id>', 'lead_id')
    .option('--json', 'print the explanation as JSON')
    .action(async (dir: string, flags: FrameFlags & { model: string; lead: string; json?: boolean }) => {
      const [{ readModel }, { compileModel }, { explainScore }] = await Promise.all([import('../model/schema.js'), import('../model/compile.js'), import('../model/score.js')]);
      const model = readModel(flags.model);
      const history = await loadFromFlags(dir, flags, flags.json);
      const asOfMs = flags.asOf !== undefined ? dateFlag('--as-of', flags.asOf) : history.untilMs;
      const e = explainScore(compileModel(model, history), flags.lead, asOfMs);
      if (flags.json) {
        printJson({ ...e, asOf: formatTimestamp(e.asOfMs) });
        return;
      }
      const out = process.stdout;
      out.write(`lead ${e.leadId} at ${formatTimestamp(e.asOfMs)} — segment ${e.segment}, threshold ${e.threshold}\n\n`);
      const rows = e.lines.map((l) => [l.group, l.rule, l.detail, l.before.toFixed(2), l.after.toFixed(2)]);
      const header = ['part', 'rule', 'what fired', 'before decay/caps', 'points'];
      const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
      const line = (cells: string[]): string => cells.map((c, j) => (j >= 3 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ');
      out.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
      for (const r of rows) out.write(`${line(r)}\n`);
      out.write(`\nscore ${e.score.toFixed(2)} = fit ${e.fit.toFixed(2)} + behaviour ${e.behavior.toFixed(2)} + decay ${e.decay.toFixed(2)} → ${e.above ? 'above' : 'below'} the threshold ${e.threshold}\n`);
    });

  program
    .command('sql')
    .description('print one SQL query that returns lead_id, score for every lead created before --as-of, from tables leads and events')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(SQL_DIALECT_CHOICES).default('duckdb'))
    .requiredOption('--as-of <date>', 'scoring time')
    .option('--reasons <k>', 'add reason-code columns, as `score --reasons K`')
    .action(async (flags: { model: string; dialect: SqlDialectName; asOf: string; reasons?: string }) => {
      const [{ readModel }, { modelToSql }, { checkReasonCount }] = await Promise.all([import('../model/schema.js'), import('../model/sql.js'), import('../model/reasons.js')]);
      const reasons = flags.reasons === undefined ? {} : { reasons: checkReasonCount(Number(flags.reasons), '--reasons') };
      process.stdout.write(modelToSql(readModel(flags.model), { dialect: flags.dialect, asOfMs: dateFlag('--as-of', flags.asOf), ...reasons }));
    });

  program
    .command('rules')
    .description('print the model as a flat rule table to re-enter in a CRM (one line per criterion)')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'md']).default('md'))
    .action(async (flags: { model: string; format: 'csv' | 'md' }) => {
      const [{ readModel }, { ruleTable, ruleTableCsv, ruleTableMarkdown }] = await Promise.all([import('../model/schema.js'), import('../model/rule-table.js')]);
      const rows = ruleTable(readModel(flags.model));
      process.stdout.write(flags.format === 'csv' ? ruleTableCsv(rows) : ruleTableMarkdown(rows));
    });
}
