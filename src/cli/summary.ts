/** `leadcal summary DIR`: sizes, period, event types, stages reached, attributes. */
import type { Command } from 'commander';
import type { HistorySummary } from '../data/summary.js';
import { addLoadOptions, loadFromFlags, printJson, type LoadFlags } from './common.js';

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
      if (flags.json) printJson(summary);
      else process.stdout.write(formatSummary(summary));
    });
}
