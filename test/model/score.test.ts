// Hand-computed scores for every rule kind, including decay at exact boundaries, caps within
// windows, and segments with their own thresholds.
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/index.js';
import { compileModel } from '../../src/model/compile.js';
import { checkModel, type ScoringModelInput } from '../../src/model/schema.js';
import { explainScore, gradeLetter, matrixCell, scoreAsOf } from '../../src/model/score.js';
import { T0, DAY, csv, day, tempHistory } from '../helpers.js';

type Events = [lead: string, type: string, atDay: number, page?: string][];

async function scores(model: Partial<ScoringModelInput>, leads: string[], events: Events, asOfDay = 100) {
  const dir = tempHistory({
    'leads.csv': csv('lead_id,created_at,industry,employees,segment', leads),
    'events.csv': csv('lead_id,type,occurred_at,page', events.map(([l, t, d, p]) => `${l},${t},${day(d)},${p ?? ''}`)),
    'outcomes.csv': 'lead_id,stage,occurred_at\n',
  });
  const { history } = await loadHistory(dir);
  const m = checkModel({ leadcal: 1, name: 't', threshold: 50, ...model });
  const compiled = compileModel(m, history);
  const table = scoreAsOf(compiled, history, T0 + asOfDay * DAY);
  const byId: Record<string, { score: number; fit: number; behavior: number; decay: number; segment: string; above: number; grade: string; cell: string }> = {};
  for (let i = 0; i < table.count; i++) {
    byId[history.leads.ids[table.lead[i]!]!] = {
      score: table.score[i]!, fit: table.fit[i]!, behavior: table.behavior[i]!, decay: table.decay[i]!,
      segment: table.segmentNames[table.segment[i]!]!, above: table.above[i]!,
      grade: gradeLetter(table.grade[i]!), cell: matrixCell(table.grade[i]!, table.engagement[i]!),
    };
  }
  return { byId, compiled, history };
}

const lead = (id: string, industry = '', employees = '', segment = ''): string => `${id},${day(0)},${industry},${employees},${segment}`;

describe('fit rules', () => {
  it('categorical maps with other and missing', async () => {
    const { byId } = await scores({ fit: [{ field: 'industry', points: { software: 20, student: -30 }, other: 3, missing: -2 }] }, [lead('A', 'software'), lead('B', 'retail'), lead('C', ''), lead('D', 'student')], []);
    expect([byId.A!.score, byId.B!.score, byId.C!.score, byId.D!.score]).toEqual([20, 3, -2, -30]);
  });

  it('numeric bins are [min, max), first match wins, open ends', async () => {
    const bins = [{ max: 10, points: -5 }, { min: 50, max: 500, points: 5 }, { min: 5000, points: 15 }];
    const sizes = ['5', '10', '50', '499', '500', '5000', ''];
    const { byId } = await scores({ fit: [{ field: 'employees', bins, other: 1, missing: 0 }] }, sizes.map((e, i) => lead(`L${i}`, 'x', e)), []);
    expect(sizes.map((_, i) => byId[`L${i}`]!.score)).toEqual([-5, 1, 5, 5, 1, 15, 0]);
  });

  it('a rule on a missing attribute counts every lead as missing', async () => {
    const { byId } = await scores({ fit: [{ field: 'job_level', points: { vp: 10 }, missing: -1 }] }, [lead('A')], []);
    expect(byId.A!.score).toBe(-1);
  });
});

describe('behaviour rules', () => {
  const A = [lead('A')];

  it('points per event; events at or after t do not count', async () => {
    const { byId } = await scores({ behavior: [{ event: 'page_view', where: { page: 'pricing' }, points: 10 }] }, A,
      [['A', 'page_view', 10, 'pricing'], ['A', 'page_view', 20, 'pricing'], ['A', 'page_view', 30, 'blog'], ['A', 'page_view', 100, 'pricing'], ['A', 'page_view', 120, 'pricing']]);
    expect(byId.A!.score).toBe(20);
  });

  it('half-life decay: an event one half-life old is worth half', async () => {
    const { byId } = await scores({ behavior: [{ event: 'download', points: 10, halfLifeDays: 14 }] }, A, [['A', 'download', 86], ['A', 'download', 72]]);
    expect(byId.A!.score).toBeCloseTo(5 + 2.5, 12);
  });

  it('capPerWindow: windows counted back from t, partial admission, boundary at exactly D days', async () => {
    const opens: Events = [94, 95, 96, 97, 98, 99].map((d) => ['A', 'email_open', d]);
    // window 0 = ages [0, 30): 6 opens × 5 = 30 raw, 20 admitted; window 1 = ages [30, 60): day 70 (age exactly 30) and day 69
    const { byId } = await scores({ behavior: [{ event: 'email_open', points: 5, capPerWindow: { points: 20, days: 30 } }] }, A, [...opens, ['A', 'email_open', 70], ['A', 'email_open', 69]]);
    expect(byId.A!.score).toBe(30);
    const partial = await scores({ behavior: [{ event: 'email_click', points: 15, capPerWindow: { points: 20, days: 30 } }] }, A, [['A', 'email_click', 90], ['A', 'email_click', 91], ['A', 'email_click', 92]]);
    expect(partial.byId.A!.score).toBe(20); // 15 + 5 (partial) + 0
  });

  it('cap clamps the total in magnitude (negative rules too)', async () => {
    const careers: Events = [10, 20, 30, 40].map((d) => ['A', 'page_view', d, 'careers/jobs']);
    const { byId } = await scores({ behavior: [{ event: 'page_view', where: { page: { matches: 'careers*' } }, points: -15, cap: 45 }] }, A, careers);
    expect(byId.A!.score).toBe(-45);
  });

  it('repeat bonus from the second event on', async () => {
    const { byId } = await scores({ behavior: [{ event: 'webinar', points: 25, repeatBonus: 5 }] }, A, [['A', 'webinar', 10], ['A', 'webinar', 20], ['A', 'webinar', 30]]);
    expect(byId.A!.score).toBe(25 + 30 + 30);
  });

  it('firstTimeOnly counts the oldest event only, decayed by its own age', async () => {
    const { byId } = await scores({ behavior: [{ event: 'page_view', points: 50, halfLifeDays: 30, firstTimeOnly: true }] }, A, [['A', 'page_view', 70, 'pricing'], ['A', 'page_view', 90, 'pricing']]);
    expect(byId.A!.score).toBeCloseTo(25, 12);
  });

  it('lookbackDays ignores older events', async () => {
    const { byId } = await scores({ behavior: [{ event: 'social', points: 10, lookbackDays: 30 }] }, A, [['A', 'social', 60], ['A', 'social', 70], ['A', 'social', 71], ['A', 'social', 90]]);
    expect(byId.A!.score).toBe(20); // ages 29 and 10 count; age 30 and 40 do not
  });

  it('filters: in, not, missing', async () => {
    const events: Events = [['A', 'page_view', 10, 'pricing'], ['A', 'page_view', 11, 'blog'], ['A', 'page_view', 12, 'docs'], ['A', 'page_view', 13]];
    const inList = await scores({ behavior: [{ event: 'page_view', where: { page: ['pricing', 'docs'] }, points: 1 }] }, A, events);
    const not = await scores({ behavior: [{ event: 'page_view', where: { page: { not: 'blog' } }, points: 1 }] }, A, events);
    const missing = await scores({ behavior: [{ event: 'page_view', where: { page: { missing: true } }, points: 1 }] }, A, events);
    expect([inList.byId.A!.score, not.byId.A!.score, missing.byId.A!.score]).toEqual([2, 2, 1]);
  });
});

describe('decay rules', () => {
  const A = [lead('A', 'software')];

  it('inactivity: points per full step since the last activity, exact boundary counts', async () => {
    const model = { decay: [{ kind: 'inactivity' as const, points: -10, everyDays: 30 }] };
    expect((await scores(model, A, [['A', 'email_open', 40]])).byId.A!.score).toBe(-20); // 60 days: 2 steps
    expect((await scores(model, A, [['A', 'email_open', 70]])).byId.A!.score).toBe(-10); // exactly 30 days: 1 step
    expect((await scores(model, A, [['A', 'email_open', 70.001]])).byId.A!.score).toBe(0); // just under 30 days
    expect((await scores(model, A, [])).byId.A!.score).toBe(-30); // no event: since created (100 days)
  });

  it('inactivity restricted to some event types', async () => {
    const model = { decay: [{ kind: 'inactivity' as const, points: -10, everyDays: 30, events: ['page_view'] }] };
    expect((await scores(model, A, [['A', 'page_view', 40], ['A', 'email_open', 95]])).byId.A!.score).toBe(-20);
  });

  it('noEvent: once, when the last matching event is at least withinDays old (exact boundary counts)', async () => {
    const model = { decay: [{ kind: 'noEvent' as const, points: -15, withinDays: 45, event: 'page_view' }] };
    expect((await scores(model, A, [['A', 'page_view', 55]])).byId.A!.score).toBe(-15);
    expect((await scores(model, A, [['A', 'page_view', 56]])).byId.A!.score).toBe(0);
    expect((await scores(model, A, [['A', 'page_view', 20], ['A', 'page_view', 30]])).byId.A!.score).toBe(-15);
  });

  it('unanswered: per send whose window has passed without a response', async () => {
    const model = { decay: [{ kind: 'unanswered' as const, points: -5, event: 'email_send', response: 'email_open', withinDays: 60 }] };
    const events: Events = [
      ['A', 'email_send', 10], ['A', 'email_open', 20], // answered
      ['A', 'email_send', 30], // unanswered, window closed at 90 ≤ 100
      ['A', 'email_send', 40], ['A', 'email_open', 100], // window closes at exactly 100 = t, the open at 100 is not before t
      ['A', 'email_send', 50], // window still open at t
    ];
    expect((await scores(model, A, events)).byId.A!.score).toBe(-10);
  });

  it('decayFloor: decay stops at the floor, never lifts a score already below it', async () => {
    const model = { fit: [{ field: 'industry', points: { software: 10, retail: -5 } }], decay: [{ kind: 'inactivity' as const, points: -10, everyDays: 30 }], decayFloor: 0 };
    const { byId } = await scores(model, [lead('A', 'software'), lead('B', 'retail')], []);
    expect(byId.A).toMatchObject({ score: 0, fit: 10, decay: -10 });
    expect(byId.B).toMatchObject({ score: -5, decay: 0 });
  });
});

describe('segments, thresholds, grades', () => {
  it('first matching segment wins, each with its own threshold; segment-restricted rules', async () => {
    const model: Partial<ScoringModelInput> = {
      threshold: 60,
      segments: [{ name: 'enterprise', when: { employees: { min: 1000 } }, threshold: 80 }, { name: 'smb', when: { segment: 'smb' } }],
      fit: [{ field: 'industry', points: { software: 70 } }, { field: 'industry', points: { software: 15 }, segments: ['enterprise'] }],
      grades: { A: 80, B: 60, C: 10 },
      engagementBands: [30, 20, 10],
      behavior: [{ event: 'webinar', points: 25 }],
    };
    const { byId } = await scores(model, [lead('E', 'software', '2000', 'smb'), lead('S', 'software', '20', 'smb'), lead('D', 'software', '20', ''), lead('X', 'retail', '', '')], [['S', 'webinar', 50]]);
    expect(byId.E).toMatchObject({ segment: 'enterprise', score: 85, above: 1, grade: 'A', cell: 'A4' });
    expect(byId.S).toMatchObject({ segment: 'smb', score: 95, above: 1, grade: 'B', cell: 'B2' });
    expect(byId.D).toMatchObject({ segment: 'default', score: 70, above: 1 });
    expect(byId.X).toMatchObject({ segment: 'default', score: 0, above: 0, grade: 'D' });
    // enterprise with 79 would be below its own threshold
  });

  it('explanations list every rule that fired and add up exactly', async () => {
    const { compiled } = await scores({ fit: [{ field: 'industry', points: { software: 20 } }], behavior: [{ event: 'email_open', points: 5, halfLifeDays: 7, capPerWindow: { points: 10, days: 30 } }], decay: [{ kind: 'inactivity', points: -10, everyDays: 30 }], decayFloor: 0 },
      [lead('A', 'software')], [['A', 'email_open', 10], ['A', 'email_open', 11], ['A', 'email_open', 12]]);
    const e = explainScore(compiled, 'A', T0 + 100 * DAY);
    expect(e.lines.map((l) => [l.group, l.rule, l.count])).toEqual([['fit', 'industry', 1], ['behavior', 'email_open', 3], ['decay', 'inactivity', 2]]);
    expect(e.lines[1]!.before).toBe(15);
    expect(e.lines.reduce((s, l) => s + l.after, 0)).toBe(e.score);
  });
});
