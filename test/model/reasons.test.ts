// Reason codes: hand-built rows with known reasons and ties; reasons + rest = score and reasons =
// the explanation's top lines for random point tables on a synthetic history (property).
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory, type History } from '../../src/index.js';
import { compileModel } from '../../src/model/compile.js';
import { checkReasonCount, scoreReasons, type ReasonTable } from '../../src/model/reasons.js';
import { checkModel, type ScoringModel, type ScoringModelInput } from '../../src/model/schema.js';
import { explainScore, leadsCreatedBefore, scoreSnapshots } from '../../src/model/score.js';
import { reasonColumns, scoresToCsv } from '../../src/model/scores-table.js';
import { modelToSql } from '../../src/model/sql.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { DAY, T0, csv, day, issueLines, tempHistory } from '../helpers.js';

/** The reasons of one row as [label, points] pairs per side. */
function rowReasons(r: ReasonTable, row: number): { up: [string, number][]; down: [string, number][]; rest: number } {
  const side = (label: Int32Array, points: Float64Array): [string, number][] => {
    const out: [string, number][] = [];
    for (let j = row * r.k; j < (row + 1) * r.k; j++) if (label[j]! >= 0) out.push([r.labels[label[j]!]!, points[j]!]);
    return out;
  };
  return { up: side(r.upLabel, r.upPoints), down: side(r.downLabel, r.downPoints), rest: r.rest[row]! };
}

describe('reason codes on a hand-built history', () => {
  let history: History;
  const model = (extra: Partial<ScoringModelInput> = {}): ScoringModel => checkModel({
    leadcal: 1, name: 't', threshold: 50, basePoints: 5,
    fit: [
      { id: 'industry', field: 'industry', points: { software: 20, student: -30 }, other: 3 },
      { id: 'size', field: 'employees', bins: [{ max: 10, points: -5 }, { min: 50, points: 10 }] },
    ],
    behavior: [
      { id: 'pricing', event: 'page_view', where: { page: 'pricing' }, points: 10 },
      { id: 'blog', event: 'page_view', where: { page: 'blog' }, points: 10, cap: 15 },
      { id: 'demo', event: 'demo_request', points: 60 },
    ],
    decay: [{ id: 'idle', kind: 'inactivity', points: -4, everyDays: 30 }],
    ...extra,
  });
  beforeAll(async () => {
    const dir = tempHistory({
      'leads.csv': csv('lead_id,created_at,industry,employees', [`A,${day(0)},software,100`, `B,${day(0)},student,5`, `C,${day(0)},retail,20`]),
      'events.csv': csv('lead_id,type,occurred_at,page', [
        `A,page_view,${day(80)},pricing`, `A,page_view,${day(81)},blog`, `A,page_view,${day(82)},blog`, `A,demo_request,${day(83)},`,
        `B,page_view,${day(1)},blog`,
      ]),
      'outcomes.csv': 'lead_id,stage,occurred_at\n',
    });
    history = (await loadHistory(dir)).history;
  });
  const at = (m: ScoringModel, k: number) => {
    const c = compileModel(m, history);
    const lead = leadsCreatedBefore(history, T0 + 100 * DAY);
    return { c, lead, ...scoreReasons(c, lead, new Float64Array(lead.length).fill(T0 + 100 * DAY), k) };
  };

  it('lists the rules that add most and cost most with the rule table labels; ties go to the earlier rule', () => {
    const { reasons, scores } = at(model(), 2);
    // A: base 5, industry 20, size 10, pricing 10, blog 15 (capped), demo 60; idle: 0 steps (last event day 83)
    expect(rowReasons(reasons, 0)).toEqual({ up: [['demo_request', 60], ['industry = software', 20]], down: [], rest: 5 + 10 + 10 + 15 });
    // B: industry −30, size −5, blog 10, idle: 3 steps of −4 since day 1
    expect(rowReasons(reasons, 1)).toEqual({ up: [['page_view where page = blog', 10]], down: [['industry = student', -30], ['each 30 days without any activity', -12]], rest: 5 - 5 });
    // C: other 3; size 20 falls in no bin (0 points: no reason); idle 3 steps
    expect(rowReasons(reasons, 2)).toEqual({ up: [['industry: any other value', 3]], down: [['each 30 days without any activity', -12]], rest: 5 });
    for (let i = 0; i < scores.count; i++) {
      const r = rowReasons(reasons, i);
      expect([...r.up, ...r.down].reduce((s, [, p]) => s + p, r.rest)).toBe(scores.score[i]);
    }
    // ties: size and pricing both add 10 for A; size (a fit rule) comes first in the explanation
    expect(rowReasons(at(model(), 4).reasons, 0).up).toEqual([['demo_request', 60], ['industry = software', 20], ['page_view where page = blog', 15], ['employees ≥ 50', 10]]);
  });

  it('keeps the floor and the base points in the rest', () => {
    const { reasons, scores } = at(model({ decayFloor: -25 }), 1);
    // B: base 5 − 30 − 5 + 10 = −20; idle −12 floored to −5 (lift +7)
    expect(scores.score[1]).toBe(-25);
    expect(rowReasons(reasons, 1)).toEqual({ up: [['page_view where page = blog', 10]], down: [['industry = student', -30]], rest: 5 - 5 - 12 + 7 });
  });

  it('adds the reason columns to the scores CSV, empty where a side has fewer rules', () => {
    const { reasons, scores } = at(model(), 2);
    const lines = scoresToCsv(scores, history.leads.ids, { reasons }).trim().split('\n');
    expect(lines[0]!.endsWith(`above_threshold,${reasonColumns(2).join(',')}`)).toBe(true);
    expect(lines[3]!.endsWith(',industry: any other value,3,,,each 30 days without any activity,-12,,,5')).toBe(true);
  });

  it('rejects a reason count that is not an integer from 1 to 50', () => {
    for (const k of [0, -1, 1.5, 51, Number.NaN, '3']) expect(() => checkReasonCount(k, '--reasons'), String(k)).toThrow(/integer from 1 to 50/);
    expect(issueLines(() => checkReasonCount(0, '--reasons'))[0]).toContain('--reasons');
    expect(() => modelToSql(model(), { dialect: 'duckdb', asOfMs: T0, reasons: 0 })).toThrow(/integer from 1 to 50/);
  });
});

describe('reason codes on a synthetic history (property)', () => {
  let history: History;
  beforeAll(async () => {
    const dir = join(tempHistory({}), 'h');
    await writeHistory(dir, generateHistory({ leads: 60, seed: 3 }));
    history = (await loadHistory(dir)).history;
  });

  // small integer points make ties frequent, so the tie rule is exercised
  const pts = fc.integer({ min: -6, max: 6 });
  const modelArb = fc.record({
    industry: fc.tuple(pts, pts, pts, pts),
    size: fc.tuple(pts, pts, pts),
    behavior: fc.array(fc.record({ event: fc.constantFrom('page_view', 'email_open', 'email_click', 'webinar', 'download', 'demo_request'), points: pts, halfLifeDays: fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }), cap: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) }), { maxLength: 6 }),
    idle: pts,
    floor: fc.option(fc.integer({ min: -40, max: 0 }), { nil: undefined }),
    k: fc.integer({ min: 1, max: 4 }),
    day: fc.integer({ min: 30, max: 400 }),
  });

  it('reasons + rest = score, and the reasons are the explanation lines with most and least points', () => {
    const seen = { up: 0, down: 0 };
    fc.assert(fc.property(modelArb, (g) => {
      const model = checkModel({
        leadcal: 1, name: 'p', threshold: 30, basePoints: 2, ...(g.floor === undefined ? {} : { decayFloor: g.floor }),
        fit: [
          { id: 'industry', field: 'industry', points: { software: g.industry[0], finance: g.industry[1], retail: g.industry[2] }, other: g.industry[3] },
          { id: 'size', field: 'employees', bins: [{ max: 50, points: g.size[0] }, { min: 50, max: 1000, points: g.size[1] }], other: g.size[2] },
        ],
        behavior: g.behavior.map((b) => ({ ...b })),
        decay: [{ id: 'idle', kind: 'inactivity', points: g.idle, everyDays: 20 }],
      });
      const c = compileModel(model, history);
      const t = Math.min(...history.leads.createdMs) + g.day * DAY;
      const lead = leadsCreatedBefore(history, t);
      expect(lead.length).toBeGreaterThan(0);
      const { scores, reasons } = scoreReasons(c, lead, new Float64Array(lead.length).fill(t), g.k);
      expect([...scores.score]).toEqual([...scoreSnapshots(c, lead, new Float64Array(lead.length).fill(t)).score]);
      for (let i = 0; i < scores.count; i++) {
        const r = rowReasons(reasons, i);
        expect(Math.abs([...r.up, ...r.down].reduce((s, [, p]) => s + p, 0) + r.rest - scores.score[i]!)).toBeLessThanOrEqual(1e-9);
        // brute force from the explanation: rule lines by points (stable sort keeps explanation order on ties)
        const lines = explainScore(c, history.leads.ids[lead[i]!]!, t).lines.filter((l) => l.group !== 'base' && l.group !== 'floor');
        const up = lines.filter((l) => l.after > 0).sort((a, b) => b.after - a.after).slice(0, g.k);
        const down = lines.filter((l) => l.after < 0).sort((a, b) => a.after - b.after).slice(0, g.k);
        const ruleIds = (rules: Int32Array): string[] => [...rules.subarray(i * g.k, (i + 1) * g.k)].filter((x) => x >= 0).map((x) => reasons.rules[x]!);
        expect(ruleIds(reasons.upRule)).toEqual(up.map((l) => l.rule));
        expect(ruleIds(reasons.downRule)).toEqual(down.map((l) => l.rule));
        expect(r.up.map(([, p]) => p)).toEqual(up.map((l) => l.after));
        expect(r.down.map(([, p]) => p)).toEqual(down.map((l) => l.after));
      }
      seen.up += reasons.upRule.filter((x) => x >= 0).length;
      seen.down += reasons.downRule.filter((x) => x >= 0).length;
    }), { numRuns: 40 });
    expect(seen.up).toBeGreaterThan(100);
    expect(seen.down).toBeGreaterThan(100);
  });
});
