// What the points miss: on a history with a planted interaction (pricing views count for more
// in enterprise), the interaction ranks first, as a behaviour rule with `when`, and accepting it
// raises the test AUC.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory, type History } from '../../src/index.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { acceptMissedPattern, whatThePointsMiss, type PointsMissReport } from '../../src/miss/what-the-points-miss.js';
import { compileModel } from '../../src/model/compile.js';
import { modelToSql } from '../../src/model/sql.js';
import type { ScoringModel } from '../../src/model/schema.js';
import { createRandom } from '../../src/random.js';
import { csv, day, tempHistory } from '../helpers.js';

const FRAME = { target: 'sql' as const, horizonDays: 60, schedule: { kind: 'every' as const, days: 30 } };
const TEST_FROM = Date.UTC(2025, 8, 1);

/**
 * Leads over 300 days, each with pricing and blog page views and email opens at Poisson rates;
 * a daily SQL hazard σ(−6.2 + 0.25·blog + 0.3·[enterprise] + (0.15 + 1.1·[enterprise])·pricing)
 * with decayed counts (half-life 30 days): pricing views count far more in enterprise.
 */
function plantedHistory(n: number, seed: number): string {
  const random = createRandom(seed);
  const leads: string[] = [];
  const events: string[] = [];
  const outcomes: string[] = [];
  const decay = 2 ** (-1 / 30);
  for (let i = 0; i < n; i++) {
    const id = `L${i}`;
    const created = random.next() * 300;
    const enterprise = random.next() < 0.4;
    const industry = ['software', 'finance', 'retail'][random.int(3)]!;
    leads.push(`${id},${day(created)},${enterprise ? 'enterprise' : 'smb'},${industry}`);
    const rate = Math.exp(0.6 * random.normal());
    let pricing = 0;
    let blog = 0;
    for (let d = 0; d < 150 && created + d < 330; d++) {
      pricing *= decay;
      blog *= decay;
      const t = created + d;
      for (let k = random.poisson(0.04 * rate); k > 0; k--) { events.push(`${id},page_view,${day(t + random.next())},pricing`); pricing++; }
      for (let k = random.poisson(0.08 * rate); k > 0; k--) { events.push(`${id},page_view,${day(t + random.next())},blog`); blog++; }
      for (let k = random.poisson(0.1 * rate); k > 0; k--) events.push(`${id},email_open,${day(t + random.next())},`);
      const eta = -6.2 + 0.25 * blog + (enterprise ? 0.3 : 0) + (0.15 + (enterprise ? 1.1 : 0)) * pricing;
      if (random.next() < 1 / (1 + Math.exp(-eta))) {
        outcomes.push(`${id},sql,${day(t + 1)}`);
        break;
      }
    }
  }
  events.sort((a, b) => (a.split(',')[2]! < b.split(',')[2]! ? -1 : 1));
  return tempHistory({
    'leads.csv': csv('lead_id,created_at,segment,industry', leads),
    'events.csv': csv('lead_id,type,occurred_at,page', events),
    'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes),
  });
}

describe('whatThePointsMiss on a planted interaction', () => {
  let history: History;
  let model: ScoringModel;
  let report: PointsMissReport;
  beforeAll(async () => {
    history = (await loadHistory(plantedHistory(3000, 7))).history;
    model = fitScoringModel(history, { frame: FRAME, testFromMs: TEST_FROM, intervals: false }).model;
    report = whatThePointsMiss(history, model, FRAME, { testFromMs: TEST_FROM, seed: 1 });
  }, 300_000);

  it('names the planted interaction first, as a behaviour rule for enterprise leads', () => {
    const first = report.patterns[0]!;
    expect(first, JSON.stringify(report.patterns.map((p) => [p.description, p.aucGain]))).toBeDefined();
    expect(first.kind).toBe('interaction');
    expect(first.rule.event).toBe('page_view');
    expect(first.rule.where).toEqual({ page: 'pricing' });
    expect(first.rule.when).toEqual({ segment: 'enterprise' });
    expect(first.rule.points).toBeGreaterThan(0);
    expect(first.description).toMatch(/pricing counts for more for leads with segment = enterprise/);
    expect(first.aucGain).toBeGreaterThan(0);
    expect(first.testAuc).toBeCloseTo(report.modelTestAuc + first.aucGain, 12);
    expect(first.evidence.shapGap!).toBeGreaterThan(0);
    for (let i = 1; i < report.patterns.length; i++) expect(report.patterns[i]!.aucGain).toBeLessThanOrEqual(report.patterns[i - 1]!.aucGain);
  });

  it('the accepted rule is a valid model whose scorer and SQL read it', () => {
    const accepted = acceptMissedPattern(model, report.patterns[0]!);
    expect(accepted.behavior.length).toBe(model.behavior.length + 1);
    expect(compileModel(accepted, history).behavior.at(-1)!.ofLead).not.toBeNull();
    expect(modelToSql(accepted, { dialect: 'duckdb', asOfMs: TEST_FROM })).toMatch(/lead_id IN \(SELECT l\.lead_id FROM scored_leads AS l WHERE l\."?segment"? = 'enterprise'\)/);
  });
});

