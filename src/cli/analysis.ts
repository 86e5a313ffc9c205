/**
 * `leadcal sweep` (thresholds per segment), `leadcal funnel` (stage conversion and
 * time-to-convert), `leadcal diff` (model changes and leads changing side).
 */
import { Option, type Command } from 'commander';
import { encodeCategories } from '../data/columns.js';
import { formatTimestamp } from '../data/timestamp.js';
import type { RecommendOptions } from '../thresholds/index.js';
import type { LeadGrouping } from '../funnel/index.js';
import { addFrameOptions, addLoadOptions, dateFlag, frameFor, loadFromFlags, printJson, usage, type FrameFlags, type LoadFlags } from './common.js';

/** The library modules the commands run, loaded when one runs (see common.ts). */
async function library() {
  const [frame, compile, schema, score, thresholds] = await Promise.all([import('../frame/frame.js'), import('../model/compile.js'), import('../model/schema.js'), import('../model/score.js'), import('../thresholds/index.js')]);
  const funnel = await import('../funnel/index.js');
  return { ...frame, ...compile, ...schema, ...score, ...thresholds, ...funnel };
}

interface SweepFlags extends FrameFlags {
  model: string;
  segmentBy?: string;
  valuePerConversion?: string;
  costPerTouch?: string;
  objective?: 'expected-value' | 'target-rate' | 'capacity';
  targetRate?: string;
  capacity?: string;
  minConversions?: string;
  accountColumn?: string;
  accountScore?: string;
  testFrom?: string;
  json?: boolean;
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(1)}%`);

function positive(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) usage(flag, `${flag} must be a non-negative number; got "${v}"`, `e.g. ${flag} 100`);
  return n;
}

export function analysisCommands(program: Command): void {
  addFrameOptions(program.command('sweep').argument('<dir>', 'history folder'))
    .description('sweep MQL thresholds per segment: volume, conversion, recall, lift, expected value; recommend one per segment')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .option('--segment-by <attribute>', 'segments from a lead attribute (default: the model\'s segments)')
    .option('--value-per-conversion <v>', 'value of one conversion')
    .option('--cost-per-touch <c>', 'cost of passing one lead to sales')
    .addOption(new Option('--objective <objective>', 'how to recommend').choices(['expected-value', 'target-rate', 'capacity']))
    .option('--target-rate <rate>', 'conversion rate the passed leads must reach (0–1)')
    .option('--capacity <mqls>', 'MQLs per month sales can work, per segment')
    .option('--min-conversions <n>', 'segments with fewer conversions get no recommendation', '30')
    .option('--test-from <date>', 'sweep the test period from DATE (default: the model\'s own test period, else every snapshot)')
    .option('--account-column <attribute>', 'sweep accounts instead of leads: leads grouped by this attribute, an account converting when any of its leads does')
    .option('--account-score <how>', 'account score from its leads\' scores: sum, max or topK (mean of the K highest)', 'sum')
    .option('--json', 'print {"snapshots", "segments": [{"segment", "base", "points", "recommended"}]} as JSON')
    .action(async (dir: string, flags: SweepFlags) => {
      const { buildFrame, compileModel, readModel, scoreSnapshots, sweepThresholds } = await library();
      const { describeSnapshotsUsed, splitFramesBy } = await import('../frame/split.js');
      const model = readModel(flags.model);
      const { frame: frameOptions, holdout } = await frameFor(flags, model);
      const value = positive('--value-per-conversion', flags.valuePerConversion);
      const cost = positive('--cost-per-touch', flags.costPerTouch);
      if ((value === undefined) !== (cost === undefined)) usage('--value-per-conversion', 'give --value-per-conversion and --cost-per-touch together', 'expected value needs both');
      const rate = positive('--target-rate', flags.targetRate);
      const capacity = positive('--capacity', flags.capacity);
      const objective = flags.objective ?? (capacity !== undefined ? 'capacity' : rate !== undefined ? 'target-rate' : value !== undefined ? 'expected-value' : undefined);
      if (objective === 'target-rate' && (rate === undefined || rate > 1)) usage('--target-rate', 'objective target-rate needs --target-rate between 0 and 1', 'e.g. --target-rate 0.15');
      if (objective === 'capacity' && capacity === undefined) usage('--capacity', 'objective capacity needs --capacity', 'e.g. --capacity 200');
      if (objective === 'expected-value' && value === undefined) usage('--value-per-conversion', 'objective expected-value needs --value-per-conversion and --cost-per-touch', 'e.g. --value-per-conversion 5000 --cost-per-touch 150');
      const history = await loadFromFlags(dir, flags, flags.json);
      const full = buildFrame(history, frameOptions);
      // the same snapshots as evaluate and the report: the test period when there is one
      const frame = holdout ? splitFramesBy(full, holdout).test : full;
      const snapshotsUsed = describeSnapshotsUsed(holdout, frame.count, frame.options);
      const table = scoreSnapshots(compileModel(model, history), frame.lead, frame.asOfMs);
      let segments: { codes: Int32Array; values: string[] };
      const current: Record<string, number> = {};
      if (flags.segmentBy) {
        const col = history.leads.attributes[flags.segmentBy];
        if (!col) usage('--segment-by', `no lead attribute "${flags.segmentBy}"`, `attributes: ${Object.keys(history.leads.attributes).join(', ')}`);
        const texts = Array.from(frame.lead, (l) => (col.kind === 'category' ? (col.codes[l]! >= 0 ? col.values[col.codes[l]!]! : '') : Number.isNaN(col.values[l]!) ? '' : String(col.values[l])));
        segments = encodeCategories(texts);
      } else {
        segments = { codes: table.segment, values: table.segmentNames };
        model.segments.forEach((s) => (current[s.name] = s.threshold ?? model.threshold));
        current.default = model.threshold;
      }
      current.overall = model.threshold;
      const minConversions = positive('--min-conversions', flags.minConversions) ?? 30;
      const accounts = flags.accountColumn === undefined ? undefined : await import('../model/account-scores.js');
      if (accounts && flags.asOf === undefined) usage('--account-column', 'an account sweep needs one calendar time: give --as-of DATE', 'per-lead schedules (--every, --as-of-age) would score the contacts of one account at different times');
      if (accounts && flags.segmentBy) usage('--segment-by', 'give either --segment-by or --account-column', 'an account sweep is overall: an account\'s leads may sit in different segments');
      const recommend: RecommendOptions | undefined = objective === 'capacity' ? { objective: 'capacity', mqlsPerMonth: capacity!, minConversions, current }
        : objective === 'target-rate' ? { objective: 'targetRate', rate: rate!, minConversions, current }
          : objective === 'expected-value' ? { objective: 'expectedValue', minConversions, current } : undefined;
      // the report's candidates (whole points): the same snapshots give the same sweep and recommendation
      const { MQL_THRESHOLD_CANDIDATES } = await import('../thresholds/candidates.js');
      const sweepOptions = { candidates: MQL_THRESHOLD_CANDIDATES, ...(value === undefined ? {} : { valuePerConversion: value, costPerTouch: cost! }), ...(recommend ? { recommend: { ...recommend, current: {} } } : {}) };
      let accountSummary: { column: string; score: string; withoutAccount: number } | undefined;
      let sweep;
      if (accounts) {
        // one row per account and snapshot time; the lead thresholds are no account threshold
        const aggregation = accounts.parseAccountAggregation(flags.accountScore ?? 'sum', '--account-score');
        const accountTable = accounts.accountScores({ scores: table.score, asOfMs: frame.asOfMs, labels: frame.label, accounts: accounts.leadAccounts(history, flags.accountColumn!, frame.lead) }, aggregation);
        if (accountTable.count === 0) usage('--account-column', `no scored lead has an account in "${flags.accountColumn}"`, 'check the column');
        const { sweepAccounts } = await import('../thresholds/account-sweep.js');
        sweep = sweepAccounts(accountTable, sweepOptions);
        accountSummary = { column: flags.accountColumn!, score: flags.accountScore ?? 'sum', withoutAccount: accountTable.withoutAccount };
      } else {
        sweep = sweepThresholds({ scores: table.score, labels: frame.label, asOfMs: frame.asOfMs, segments }, {
          candidates: MQL_THRESHOLD_CANDIDATES,
          ...(value === undefined ? {} : { valuePerConversion: value, costPerTouch: cost! }),
          ...(recommend ? { recommend } : {}),
        });
      }
      if (flags.json) {
        printJson({ snapshots: snapshotsUsed, ...(holdout?.kind === 'time' ? { testFrom: formatTimestamp(holdout.testFromMs) } : {}), ...(accountSummary ? { accounts: accountSummary } : {}), ...sweep });
        return;
      }
      const out = process.stdout;
      out.write(`swept ${snapshotsUsed}, over ${sweep.months.toFixed(1)} months\n`);
      if (accountSummary) out.write(`accounts: leads grouped by ${accountSummary.column}, account score ${accountSummary.score} of their scores (${accountSummary.withoutAccount.toLocaleString('en-US')} lead snapshot(s) without an account left out)\n`);
      out.write('\n');
      for (const s of sweep.segments) {
        if (s.base.leads === 0) continue;
        out.write(`${accountSummary ? 'accounts' : s.segment}: ${s.base.leads.toLocaleString('en-US')} ${accountSummary ? 'account ' : ''}snapshots, ${s.base.conversions} conversions (${pct(s.base.rate)})\n`);
        const r = s.recommended;
        if (r) {
          out.write(`  recommended threshold ${+r.threshold.toFixed(2)}: ${r.passedPerMonth.toFixed(1)} MQLs/month, conversion ${pct(r.conversionRate)} (95% ${pct(r.conversionRateLow)}–${pct(r.conversionRateHigh)}), recall ${pct(r.recall)}, lift ${r.lift?.toFixed(2) ?? '—'}\n`);
          if (r.tradeOff) out.write(`  ${r.tradeOff}\n`);
        } else out.write(`  no recommendation: ${s.reason ?? 'no objective given (use --capacity, --target-rate or --value-per-conversion/--cost-per-touch)'}\n`);
      }
    });

  addLoadOptions(program.command('funnel').argument('<dir>', 'history folder'))
    .description('MQL→SQL→opportunity→won conversion and time-to-convert (Kaplan–Meier), by group')
    .option('--by <group>', 'a lead attribute (segment, source, product …), or cohort:month / cohort:quarter')
    .addOption(new Option('--closed <how>', 'closed leads in time-to-convert').choices(['censored', 'never-convert']).default('censored'))
    .option('--json', 'print {"funnel": [...], "timeToConvert": [...]} as JSON')
    .action(async (dir: string, flags: LoadFlags & { by?: string; closed: 'censored' | 'never-convert'; json?: boolean }) => {
      const history = await loadFromFlags(dir, flags, flags.json);
      const { funnelCounts, timeToConvert } = await library();
      let groupBy: LeadGrouping | undefined;
      if (flags.by) groupBy = flags.by.startsWith('cohort:') ? { cohort: flags.by.slice(7) as 'month' | 'quarter' } : { attribute: flags.by };
      if (groupBy && 'cohort' in groupBy && groupBy.cohort !== 'month' && groupBy.cohort !== 'quarter') usage('--by', `cohort must be month or quarter; got "${flags.by}"`, 'e.g. --by cohort:quarter');
      const funnel = funnelCounts(history, groupBy ? { groupBy } : {});
      const ttc = timeToConvert(history, { ...(groupBy ? { groupBy } : {}), closedLeads: flags.closed === 'never-convert' ? 'neverConvert' : 'censored' });
      if (flags.json) {
        printJson({ until: formatTimestamp(funnel.untilMs), funnel: funnel.rows, timeToConvert: ttc.rows });
        return;
      }
      const out = process.stdout;
      out.write(`funnel until ${formatTimestamp(funnel.untilMs)}\n`);
      for (const r of funnel.rows) out.write(`  ${r.group.padEnd(20)} leads ${String(r.leads).padStart(7)}  mql ${String(r.mql).padStart(6)}  sql ${String(r.sql).padStart(6)}  opp ${String(r.opportunity).padStart(6)}  won ${String(r.won).padStart(6)}   mql→sql ${pct(r.mqlToSql)}  sql→opp ${pct(r.sqlToOpportunity)}  opp→won ${pct(r.opportunityToWon)}\n`);
      out.write('\ntime to convert (days; Kaplan–Meier, open leads censored)\n');
      for (const r of ttc.rows.filter((x) => x.kind === 'total')) out.write(`  ${r.step.padEnd(24)} ${String(r.leads).padStart(7)} leads  converted ${pct(r.shareConverted)}  p25 ${r.p25Days?.toFixed(1) ?? '—'}  median ${r.medianDays?.toFixed(1) ?? '—'}  p75 ${r.p75Days?.toFixed(1) ?? '—'}\n`);
    });

  addLoadOptions(program.command('diff').argument('<old>', 'previous model').argument('<new>', 'new model').argument('[dir]', 'history folder: count leads changing side of the threshold'))
    .description('what changed between two models, rule by rule; with a history, leads changing side of the threshold per segment')
    .option('--as-of <date>', 'scoring time for the side changes (default: until)')
    .option('--json', 'print {"rules": [...], "sides": [...]} as JSON')
    .action(async (oldPath: string, newPath: string, dir: string | undefined, flags: LoadFlags & { asOf?: string; json?: boolean }) => {
      const { compareScales, diffModels, readModel, thresholdSideChanges } = await library();
      const before = readModel(oldPath);
      const after = readModel(newPath);
      const rules = diffModels(before, after);
      // points compare only on one scale: say whether they do before listing them
      const scale = compareScales(before, after);
      let sides: ReturnType<typeof thresholdSideChanges> | undefined;
      if (dir) {
        const history = await loadFromFlags(dir, flags, flags.json);
        const asOfMs = flags.asOf ? dateFlag('--as-of', flags.asOf) : history.untilMs;
        sides = thresholdSideChanges(before, after, history, asOfMs);
      }
      if (flags.json) {
        printJson({ scale, rules, ...(sides ? { sides } : {}) });
        return;
      }
      const out = process.stdout;
      out.write(`${scale.comparable ? 'scale' : 'warning: scale'}: ${scale.message}\n`);
      if (!rules.length) out.write('no rule changed\n');
      for (const r of rules) {
        const what = r.change === 'changed' ? `${r.old!.points} → ${r.new!.points} (${r.delta! > 0 ? '+' : ''}${r.delta})${r.old!.decay !== r.new!.decay ? `; decay ${r.old!.decay || 'none'} → ${r.new!.decay || 'none'}` : ''}` : r.change === 'added' ? `added: ${r.new!.points} per ${r.new!.per}` : `removed (was ${r.old!.points} per ${r.old!.per})`;
        out.write(`${r.section.padEnd(8)} ${r.rule} — ${r.criterion}: ${what}\n`);
      }
      if (sides) {
        out.write('\nleads changing side of the threshold\n');
        for (const s of sides) out.write(`  ${s.segment.padEnd(16)} ${s.leads} leads: above ${s.aboveBefore} → ${s.aboveAfter} (${s.up} up, ${s.down} down)\n`);
      }
    });
}
