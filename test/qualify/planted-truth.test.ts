// Synthetic qualification records: emitted only when asked (other tables byte-identical), valid
// and deterministic; and on the planted truth, the criteria that matter rank above those that
// do not by lift, and the recommended subset beats plain BANT on the holdout.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { setWarningSink } from '../../src/warnings.js';
import {
  addQualifications, defaultQualificationTruth, generateHistory, generateQualifications, tableToCsv, writeHistory,
} from '../../src/synth/index.js';
import { builtinFrameworks, loadQualifications, qualifyReport, type QualifyReport } from '../../src/qualify/index.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'leadcal-qualify-'));

describe('synthetic qualification records', () => {
  const history = generateHistory({ leads: 600, seed: 7 });

  it('leave leads, events, outcomes and truth.json byte-identical, and appear only when asked', async () => {
    const plain = tmp();
    const withQ = tmp();
    await writeHistory(join(plain, 'h'), history);
    await writeHistory(join(withQ, 'h'), addQualifications(generateHistory({ leads: 600, seed: 7 })));
    expect(readdirSync(join(plain, 'h')).sort()).toEqual(['events.csv', 'leads.csv', 'outcomes.csv', 'truth.json']);
    expect(readdirSync(join(withQ, 'h')).sort()).toEqual(['events.csv', 'leads.csv', 'outcomes.csv', 'qualifications-truth.json', 'qualifications.csv', 'truth.json']);
    for (const f of ['events.csv', 'leads.csv', 'outcomes.csv', 'truth.json']) {
      expect(readFileSync(join(withQ, 'h', f)), f).toEqual(readFileSync(join(plain, 'h', f)));
    }
    expect(JSON.parse(readFileSync(join(withQ, 'h', 'qualifications-truth.json'), 'utf8'))).toEqual(defaultQualificationTruth);
    expect(existsSync(join(plain, 'h', 'qualifications.csv'))).toBe(false);
  });

  it('are deterministic and valid: known leads, contract values, inside the period and after creation', async () => {
    const a = generateQualifications(history);
    expect(tableToCsv(a)).toBe(tableToCsv(generateQualifications(generateHistory({ leads: 600, seed: 7 }))));
    expect(tableToCsv(a)).not.toBe(tableToCsv(generateQualifications(generateHistory({ leads: 600, seed: 8 }))));
    expect(a.header).toEqual(['lead_id', 'occurred_at', 'criterion', 'value', 'notes']);
    const created = new Map(history.leads.rows.map((r) => [r[0]!, Date.parse(r[1]!)]));
    const names = new Set(Object.keys(defaultQualificationTruth.criteria));
    expect(a.rows.length).toBeGreaterThan(100);
    for (const [id, at, criterion, value] of a.rows) {
      expect(created.has(id!)).toBe(true);
      expect(Date.parse(at!)).toBeGreaterThan(created.get(id!)!);
      expect(Date.parse(at!)).toBeLessThan(history.endMs);
      expect(names.has(criterion!)).toBe(true);
      expect(['met', 'not_met', 'unknown']).toContain(value);
    }
    // and the loader takes them without a problem
    const dir = join(tmp(), 'h');
    await writeHistory(dir, addQualifications(history));
    const { history: loaded } = await loadHistory(dir);
    const { qualifications, warnings } = await loadQualifications(loaded);
    expect(warnings).toEqual([]);
    expect(qualifications.count).toBe(a.rows.length);
  });

  it('reject a bad truth', () => {
    expect(() => generateQualifications(history, { ...defaultQualificationTruth, nurtureCallShare: 2 })).toThrow(/nurtureCallShare/);
  });
});

describe('qualify on the planted truth', () => {
  let report: QualifyReport;
  beforeAll(async () => {
    const dir = join(tmp(), 'h');
    await writeHistory(dir, addQualifications(generateHistory({ leads: 8000, seed: 3 })));
    const { history } = await loadHistory(dir);
    const { qualifications } = await loadQualifications(history);
    const restore = setWarningSink(() => {});
    try {
      report = qualifyReport(history, qualifications, builtinFrameworks(), { target: 'won', seed: 1 });
    } finally {
      setWarningSink(restore);
    }
  });

  it('measures enough leads to say something', () => {
    expect(report.measured.leads).toBeGreaterThan(800);
    expect(report.measured.wins).toBeGreaterThan(60);
  });

  it('ranks the criteria that matter above those that do not, by lift', () => {
    const lift = new Map<string, number>();
    for (const f of report.frameworks) for (const c of f.criteria) lift.set(c.criterion, c.lift!);
    const matter = ['budget', 'economic_buyer', 'need'];
    const none = ['timeline', 'competition', 'authority', 'prioritization', 'metrics', 'decision_criteria', 'decision_process', 'goals', 'plans', 'negative_consequences', 'positive_implications'];
    const weakest = Math.min(...matter.map((c) => lift.get(c)!));
    const strongest = Math.max(...none.map((c) => lift.get(c)!));
    expect(weakest, `weakest that matters ${weakest}, strongest that does not ${strongest}`).toBeGreaterThan(strongest);
    expect(lift.get('budget')!).toBeGreaterThan(lift.get('need')!);
    expect(lift.get('economic_buyer')!).toBeGreaterThan(lift.get('need')!);
    expect(lift.get('money')).toBe(lift.get('budget')); // CHAMP's money is answered by budget
  });

  it('recommends a subset that beats plain BANT on the holdout', () => {
    const { recommended } = report;
    expect(recommended.criteria.slice(0, 2).sort()).toEqual(['budget', 'economic_buyer']);
    expect(recommended.criteria).not.toContain('timeline');
    expect(recommended.criteria).not.toContain('competition');
    const bant = report.frameworks.find((f) => f.name === 'BANT')!;
    expect(recommended.holdoutAuc!).toBeGreaterThan(bant.holdoutAuc! + 0.05);
    expect(recommended.split.holdout.leads + recommended.split.train.leads).toBe(report.measured.leads);
  });

  it('qualified leads win more often than nurtured ones under every built-in', () => {
    for (const f of report.frameworks) expect(f.qualified.rate!, f.name).toBeGreaterThan(f.nurtured.rate!);
  });
});
