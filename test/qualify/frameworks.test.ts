// Frameworks as data: built-ins come from datasets/frameworks/*.yaml through the same schema as
// a user's file; a typo gets a line-precise error; the rule is applied as documented.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FRAMEWORKS_DIR, MET, NOT_MET, UNKNOWN, builtinFrameworks, evaluateFramework, findFramework, missingCriteria,
  nurtureReason, parseFramework, readFramework, type QualificationStates,
} from '../../src/qualify/index.js';
import { issueLines, tempHistory } from '../helpers.js';

/** A state matrix from rows of { criterion: value } (criteria in first-seen order). */
function states(rows: Record<string, number | [number, number]>[]): QualificationStates {
  const criteria = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const value = new Uint8Array(rows.length * criteria.length);
  const recordedMs = new Float64Array(rows.length * criteria.length).fill(-Infinity);
  rows.forEach((r, k) => {
    for (const [name, v] of Object.entries(r)) {
      const [code, at] = Array.isArray(v) ? v : [v, 0];
      value[k * criteria.length + criteria.indexOf(name)] = code;
      recordedMs[k * criteria.length + criteria.indexOf(name)] = at;
    }
  });
  return { count: rows.length, criteria, value, recordedMs };
}

describe('built-in frameworks', () => {
  it('are the data files of datasets/frameworks, read through the schema', () => {
    const files = readdirSync(FRAMEWORKS_DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['bant.yaml', 'champ.yaml', 'gpctba-ci.yaml', 'meddic.yaml', 'meddicc.yaml']);
    const all = builtinFrameworks();
    expect(all.map((f) => f.name)).toEqual(['BANT', 'CHAMP', 'GPCTBA/C&I', 'MEDDIC', 'MEDDICC']);
    all.forEach((f, i) => expect(f).toEqual(parseFramework(readFileSync(join(FRAMEWORKS_DIR, files[i]!), 'utf8'), f.file!)));
  });

  it('define the documented criteria and rules', () => {
    const ids = (name: string): string[] => findFramework(name).criteria.map((c) => c.id);
    expect(ids('BANT')).toEqual(['budget', 'authority', 'need', 'timeline']);
    expect(ids('CHAMP')).toEqual(['challenges', 'authority', 'money', 'prioritization']);
    expect(ids('MEDDIC')).toEqual(['metrics', 'economic_buyer', 'decision_criteria', 'decision_process', 'identify_pain', 'champion']);
    expect(ids('MEDDICC')).toEqual([...ids('MEDDIC'), 'competition']);
    expect(ids('GPCTBA/C&I')).toEqual(['goals', 'plans', 'challenges', 'timeline', 'budget', 'authority', 'negative_consequences', 'positive_implications']);
    const bant = findFramework('bant');
    expect(bant.criteria.every((c) => c.required && c.weight === 1)).toBe(true);
    expect(bant.rule).toEqual({ requiredMet: 'all', minScore: 0, minMet: 0 });
    expect(findFramework('champ').criteria.find((c) => c.id === 'money')?.answeredBy).toEqual(['money', 'budget']);
    expect(findFramework('MEDDICC').rule.minScore).toBe(70);
  });

  it('are found by name, file stem or unique prefix; unknown names get the nearest one', () => {
    expect(findFramework('gpctba-ci').name).toBe('GPCTBA/C&I');
    expect(findFramework('GPCTBA').name).toBe('GPCTBA/C&I');
    expect(findFramework('meddic').name).toBe('MEDDIC');
    expect(findFramework('datasets/frameworks/bant.yaml').name).toBe('BANT');
    expect(issueLines(() => findFramework('BNAT'))).toEqual(['column --framework: unknown framework "BNAT" — did you mean "BANT"? Built-ins: BANT, CHAMP, GPCTBA/C&I, MEDDIC, MEDDICC']);
  });
});

describe('custom framework files', () => {
  const good = [
    'name: Budget first',
    'criteria:',
    '  - id: budget',
    '    required: true',
    '    weight: 2',
    '  - id: economic_buyer',
    '    aliases: [EB, Economic Buyer]',
    '  - id: need',
    'rule:',
    '  requiredMet: all',
    '  minScore: 50',
  ];

  it('load with defaults filled in', () => {
    const path = join(tempHistory({ 'mine.yaml': `${good.join('\n')}\n` }), 'mine.yaml');
    const f = readFramework(path);
    expect(f.criteria.map((c) => [c.id, c.required, c.weight, c.answeredBy, c.line])).toEqual([
      ['budget', true, 2, ['budget'], 3],
      ['economic_buyer', false, 1, ['economic_buyer', 'eb'], 6],
      ['need', false, 1, ['need'], 8],
    ]);
    expect(f.rule).toEqual({ requiredMet: 'all', minScore: 50, minMet: 0 });
  });

  it('with a typo in a key get a line-precise error with "did you mean"', () => {
    const text = good.map((l) => l.replace('    required: true', '    requird: true')).join('\n');
    expect(issueLines(() => parseFramework(text, 'mine.yaml'))).toEqual([
      'mine.yaml:4: column criteria.0: unknown key "requird" — did you mean "required"?',
    ]);
    const rule = good.map((l) => l.replace('  minScore: 50', '  minScroe: 50')).join('\n');
    expect(issueLines(() => parseFramework(rule, 'mine.yaml'))).toEqual(['mine.yaml:11: column rule: unknown key "minScroe" — did you mean "minScore"?']);
  });

  it('with a typo through readFramework too (file and line)', () => {
    const dir = tempHistory({ 'typo.yaml': good.map((l) => l.replace('criteria:', 'critera:')).join('\n') });
    const lines = issueLines(() => readFramework(join(dir, 'typo.yaml')));
    expect(lines).toContain(`${join(dir, 'typo.yaml')}:2: unknown key "critera" — did you mean "criteria"?`);
  });

  it('with bad values or inconsistent rules get errors at their lines', () => {
    const bad = [
      'name: Bad',
      'criteria:',
      '  - id: Budget',
      '  - id: need',
      '    weight: -1',
      '  - id: pain',
      '    aliases: [need]',
      'rule:',
      '  requiredMet: 2',
      '  minScore: 120',
    ].join('\n');
    expect(issueLines(() => parseFramework(bad, 'bad.yaml'))).toEqual([
      'bad.yaml:3: column criteria.0.id: expected a snake_case id such as economic_buyer — see the format in datasets/README.md',
      'bad.yaml:5: column criteria.1.weight: Too small: expected number to be >=0 — see the format in datasets/README.md',
      'bad.yaml:10: column rule.minScore: Too big: expected number to be <=100 — see the format in datasets/README.md',
      // consistency checks run too, so every problem is reported at once
      'bad.yaml:7: column criteria.2.aliases.0: "need" already answers criterion need — see the format in datasets/README.md',
      'bad.yaml:9: column rule.requiredMet: requiredMet is 2 but only 0 criteria are required — see the format in datasets/README.md',
    ]);
    const inconsistent = bad.replace('id: Budget', 'id: budget').replace('weight: -1', 'weight: 1').replace('minScore: 120', 'minScore: 10');
    expect(issueLines(() => parseFramework(inconsistent, 'bad.yaml'))).toEqual([
      'bad.yaml:7: column criteria.2.aliases.0: "need" already answers criterion need — see the format in datasets/README.md',
      'bad.yaml:9: column rule.requiredMet: requiredMet is 2 but only 0 criteria are required — see the format in datasets/README.md',
    ]);
  });
});

describe('evaluateFramework', () => {
  const f = parseFramework([
    'name: T',
    'criteria:',
    '  - { id: budget, required: true, weight: 2 }',
    '  - { id: authority, required: true, aliases: [eb] }',
    '  - { id: need }',
    '  - { id: timeline }',
    'rule: { requiredMet: all, minScore: 60 }',
  ].join('\n'), 't.yaml');

  it('applies required, weights and minScore; unknown counts as not met', () => {
    const s = states([
      { budget: MET, authority: MET, need: MET, timeline: NOT_MET }, // 4/5 = 80 → qualified
      { budget: MET, authority: MET, need: UNKNOWN, timeline: NOT_MET }, // 3/5 = 60 → qualified (≥)
      { budget: MET, authority: NOT_MET, need: MET, timeline: MET }, // required missing
      { budget: MET, authority: MET }, // 60, need/timeline have no record
      { authority: MET, need: MET, timeline: MET }, // budget unknown (no record): required missing
    ]);
    const e = evaluateFramework(f, s);
    expect([...e.qualified]).toEqual([1, 1, 0, 1, 0]);
    expect([...e.metCount]).toEqual([3, 2, 3, 2, 3]);
    expect([...e.score]).toEqual([80, 60, 80, 60, 60]);
    expect(nurtureReason(e, 0)).toBe('');
    expect(nurtureReason(e, 2)).toBe('required not met: authority (not met)');
    expect(nurtureReason(e, 4)).toBe('required not met: budget (unknown)');
    const stricter = evaluateFramework({ ...f, rule: { ...f.rule, minScore: 70 } }, s);
    expect([...stricter.qualified]).toEqual([1, 0, 0, 0, 0]);
    expect(nurtureReason(stricter, 1)).toBe('score 60 < 70, missing need (unknown), timeline (not met)');
    expect(missingCriteria(e, 1)).toEqual([
      { criterion: 'need', label: 'need', state: 'unknown', required: false },
      { criterion: 'timeline', label: 'timeline', state: 'not_met', required: false },
    ]);
  });

  it('takes the latest record among a criterion and its aliases (the id on a tie)', () => {
    const s = states([
      { budget: MET, authority: [NOT_MET, 5], eb: [MET, 9], need: MET }, // eb later: met
      { budget: MET, authority: [MET, 9], eb: [NOT_MET, 5], need: MET }, // authority later: met
      { budget: MET, authority: [NOT_MET, 7], eb: [MET, 7], need: MET }, // tie: the id wins
    ]);
    expect([...evaluateFramework(f, s).qualified]).toEqual([1, 1, 0]);
  });
});
