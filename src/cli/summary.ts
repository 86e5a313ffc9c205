/** `leadcal summary DIR`: sizes, period, event types, stages reached, attributes. */
import type { Command } from 'commander';
import type { HistorySummary } from '../data/summary.js';
import { addLoadOptions, loadFromFlags, printJson, type LoadFlags } from './common.js';
import { warn } from '../warnings.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatSummary(s: HistorySummary): string {
  const lines = [
    `${s.leads.toLocaleString('en-US')} leads, ${s.events.toLocaleString('en-US')} events, ${s.outcomes.toLocaleString('en-US')} outcomes`,
    `created from ${s.firstCreated ?? '—'}; latest timestamp ${s.latest ?? '—'}; observed until ${s.until ?? '—'}`,
    `funnel: ${s.stages.map((x) => `${x.stage} ${x.leads.toLocaleString('en-US')} (${pct(x.share)})`).join(' → ')}; closed ${s.closedLeads.toLocaleString('en-US')}`,
    `event types: ${s.eventTypes.slice(0, 12).map((e) => `${e.type} ${e.events.toLocaleString('en-US')}`).join(', ') || 'none'}`,
    `attributes: ${s.attributes.map((a) => `${a.name} (${a.kind}, ${a.distinct} distinct, ${pct(a.missingShare)} missing)`).join('; ') || 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function summaryCommand(program: Command): void {
  addLoadOptions(program.command('summary').argument('<dir>', 'history folder'))
    .description('summarise a history: sizes, period, funnel, event types, attributes')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, flags: LoadFlags & { json?: boolean }) => {
      const history = await loadFromFlags(dir, flags, flags.json);
      const { summarizeHistory } = await import('../data/summary.js');
      const summary = summarizeHistory(history);
      // a frame to the history's end that runs past the activity: say so and propose --until
      const { activityEnd } = await import('../frame/activity-end.js');
      const past = activityEnd(history, history.untilMs).issue;
      const warnings = past ? [{ code: past.code, ...(past.column ? { field: past.column } : {}), message: past.message, ...(past.hint ? { hint: past.hint } : {}) }] : [];
      if (past) warn(past);
      if (flags.json) printJson({ ...summary, warnings });
      else process.stdout.write(formatSummary(summary));
    });
}
