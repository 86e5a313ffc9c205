/** Shared helpers for the synth tests: index generated tables by lead. */
import type { Table } from '../../src/synth/index.js';

/** Rows of a table as objects keyed by header name. */
export function records(table: Table): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i] ?? ''])));
}

/** lead_id → stage → first occurrence time (epoch ms). */
export function stageTimes(outcomes: Table): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const row of records(outcomes)) {
    const stages = out.get(row['lead_id'] ?? '') ?? new Map<string, number>();
    const at = Date.parse(row['occurred_at'] ?? '');
    if (!stages.has(row['stage'] ?? '')) stages.set(row['stage'] ?? '', at);
    out.set(row['lead_id'] ?? '', stages);
  }
  return out;
}

/** lead_id → ascending times of events of one type. */
export function eventTimes(events: Table, type: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const row of records(events)) {
    if (row['type'] !== type) continue;
    const list = out.get(row['lead_id'] ?? '') ?? [];
    list.push(Date.parse(row['occurred_at'] ?? ''));
    out.set(row['lead_id'] ?? '', list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Share of `ids` with an sql outcome. */
export function sqlRate(ids: readonly string[], stages: Map<string, Map<string, number>>): number {
  if (ids.length === 0) return Number.NaN;
  return ids.filter((id) => stages.get(id)?.has('sql') ?? false).length / ids.length;
}
