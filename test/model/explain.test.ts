// Explanations add up exactly to the score for every lead of a synthetic history; scores at t
// ignore everything at or after t.
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrame, loadHistory, type History } from '../../src/index.js';
import { compileModel, type CompiledModel } from '../../src/model/compile.js';
import { readModel } from '../../src/model/schema.js';
import { explainScore, scoreFrame, scoreSnapshots } from '../../src/model/score.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { tempHistory } from '../helpers.js';

const STARTER = resolve(import.meta.dirname, '..', '..', 'datasets', 'models', 'starter.yaml');
let history: History;
let compiled: CompiledModel;

beforeAll(async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 300, seed: 5 }));
  history = (await loadHistory(dir)).history;
  compiled = compileModel(readModel(STARTER), history);
});

describe('explanations', () => {
  it('add up exactly to the score for every snapshot of a synthetic history', () => {
    const frame = buildFrame(history, { schedule: { kind: 'every', days: 20 }, horizonDays: 30 });
    const table = scoreSnapshots(compiled, frame.lead, frame.asOfMs);
    expect(table.count).toBeGreaterThan(1000);
    for (let s = 0; s < table.count; s++) {
      const e = explainScore(compiled, history.leads.ids[frame.lead[s]!]!, frame.asOfMs[s]!);
      let sum = 0;
      for (const l of e.lines) sum += l.after;
      expect(sum).toBe(table.score[s]);
      expect(e.score).toBe(table.score[s]);
    }
  });

  it('add up at random times for random leads (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: history.leads.count - 1 }), fc.integer({ min: 0, max: 600 }), (lead, dayOffset) => {
        const t = history.leads.createdMs[lead]! + dayOffset * 86_400_000 + 0.5;
        const e = explainScore(compiled, history.leads.ids[lead]!, t);
        expect(e.lines.reduce((s, l) => s + l.after, 0)).toBe(e.score);
        const fit = e.lines.filter((l) => l.group === 'fit').reduce((s, l) => s + l.after, 0);
        expect(fit).toBeCloseTo(e.fit, 9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('point-in-time scoring', () => {
  it('a frame scored twice gives identical results (pure), and equals snapshot-by-snapshot scoring', () => {
    const frame = buildFrame(history, { schedule: { kind: 'every', days: 45 }, horizonDays: 30 });
    const a = scoreFrame(compiled, history, frame);
    const b = scoreFrame(readModel(STARTER), history, frame);
    expect([...a.score]).toEqual([...b.score]);
    const one = scoreSnapshots(compiled, frame.lead.subarray(3, 4), frame.asOfMs.subarray(3, 4));
    expect(one.score[0]).toBe(a.score[3]);
  });

  it('scores do not change when every event at or after t is removed', async () => {
    const t = Date.UTC(2025, 7, 1);
    const full = scoreSnapshots(compiled, Int32Array.from({ length: history.leads.count }, (_, i) => i), new Float64Array(history.leads.count).fill(t));
    const { events } = history;
    // rebuild a history without the future: same leads, truncated event arrays per lead
    const keep: number[] = [];
    for (let k = 0; k < events.count; k++) if (events.occurredMs[k]! < t) keep.push(k);
    const idx = Int32Array.from(keep);
    const offsets = new Int32Array(history.leads.count + 1);
    for (const k of keep) offsets[events.lead[k]! + 1]!++;
    for (let i = 0; i < history.leads.count; i++) offsets[i + 1]! += offsets[i]!;
    const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => a.constructor === Float64Array ? Float64Array.from(idx, (k) => a[k]!) as T : a.constructor === Int32Array ? Int32Array.from(idx, (k) => a[k]!) as T : Uint8Array.from(idx, (k) => a[k]!) as T;
    const columns = Object.fromEntries(Object.entries(events.columns).map(([n, c]) => [n, c.kind === 'number' ? { kind: 'number' as const, values: pick(c.values) } : { ...c, codes: pick(c.codes) }]));
    const past: History = { ...history, events: { ...events, count: keep.length, lead: pick(events.lead), occurredMs: pick(events.occurredMs), type: { ...events.type, codes: pick(events.type.codes) }, columns, offsets, fileOf: pick(events.fileOf), lines: pick(events.lines) } };
    const truncated = scoreSnapshots(compileModel(readModel(STARTER), past), full.lead, full.asOfMs);
    expect([...truncated.score]).toEqual([...full.score]);
  });
});
