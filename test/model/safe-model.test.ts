// Findings 4 and 5 of issue #20: model and mapping files are data. Prototype names
// (constructor, __proto__, toString) are ordinary levels, fields, where keys and columns;
// points are finite and bounded; YAML resource limits are the file's error, not an internal one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHistory, modelToSql, parseModel, ruleTable, scoreAsOf } from '../../src/index.js';
import { readMapping } from '../../src/data/mapping.js';
import { LeadcalError } from '../../src/errors.js';
import { csv, day, issueLines, tempHistory } from '../helpers.js';

const AS_OF = Date.UTC(2026, 0, 1);

async function hostileHistory() {
  const dir = tempHistory({
    'leads.csv': csv('lead_id,created_at,industry,toString', [`L1,${day(0)},constructor,a`, `L2,${day(1)},__proto__,b`, `L3,${day(2)},toString,a`, `L4,${day(3)},retail,b`]),
    'events.csv': csv('lead_id,type,occurred_at,page', [`L1,constructor,${day(5)},__proto__`, `L2,page_view,${day(5)},toString`]),
    'outcomes.csv': csv('lead_id,stage,occurred_at', []),
  });
  return { dir, ...(await loadHistory(dir)) };
}

describe('prototype names are ordinary names', () => {
  it('levels constructor, __proto__ and toString score, export and tabulate like any other', async () => {
    const { history } = await hostileHistory();
    const model = parseModel('leadcal: 1\nname: p\nthreshold: 0\nfit:\n  - field: industry\n    points: { constructor: 3, __proto__: 5, toString: 7 }\n', 'p.yaml');
    expect(Object.keys(model.fit[0]!.points!)).toEqual(['constructor', '__proto__', 'toString']);
    const scored = scoreAsOf(model, history, AS_OF);
    expect(Array.from(scored.fit)).toEqual([3, 5, 7, 0]);
    expect(ruleTable(model).filter((r) => r.section === 'fit').map((r) => r.points)).toEqual([0, 3, 5, 7, 0]);
    expect(modelToSql(model, { dialect: 'duckdb', asOfMs: AS_OF })).toContain("'__proto__'");
  });

  it('a field called toString is a column like any other; an absent one is missing, not an internal error', async () => {
    const { history } = await hostileHistory();
    const model = parseModel('leadcal: 1\nname: p\nthreshold: 0\nfit:\n  - field: toString\n    points: { a: 2 }\n  - field: constructor\n    points: { a: 1 }\n    missing: -1\n', 'p.yaml');
    expect(Array.from(scoreAsOf(model, history, AS_OF).fit)).toEqual([1, -1, 1, -1]);
  });

  it('event types and where keys named constructor / __proto__ work', async () => {
    const { history } = await hostileHistory();
    const model = parseModel('leadcal: 1\nname: p\nthreshold: 0\nbehavior:\n  - event: constructor\n    points: 4\n  - event: page_view\n    where: { page: toString }\n    points: 6\n', 'p.yaml');
    expect(Array.from(scoreAsOf(model, history, AS_OF).behavior)).toEqual([4, 6, 0, 0]);
    const where = parseModel('leadcal: 1\nname: p\nthreshold: 0\nbehavior:\n  - event: x\n    where: { __proto__: a }\n    points: 1\n', 'p.yaml').behavior[0]!.where!;
    expect(Object.keys(where)).toEqual(['__proto__']);
  });

  it('a mapping may rename a column to or from __proto__', () => {
    const dir = tempHistory({});
    const file = join(dir, 'm.yaml');
    writeFileSync(file, 'leads:\n  file: leads.csv\n  attributes: { __proto__: Industry, constructor: Size }\n');
    const m = readMapping(file);
    expect(Object.entries(m.leads!.attributes as Record<string, string>)).toEqual([['__proto__', 'Industry'], ['constructor', 'Size']]);
  });
});

describe('points are finite and bounded', () => {
  it('points beyond ±1,000,000 are the file\'s error with its line', () => {
    const lines = issueLines(() => parseModel('leadcal: 1\nname: p\nthreshold: 0\nfit:\n  - field: industry\n    points: { a: 1.0e+308, b: 1.0e+308 }\n', 'p.yaml'));
    expect(lines[0]).toMatch(/^p\.yaml:6: column fit\.0\.points\.a: must be at most 1,000,000 points/);
    expect(issueLines(() => parseModel('leadcal: 1\nname: p\nthreshold: .inf\n', 'p.yaml'))[0]).toMatch(/^p\.yaml:3: column threshold:/);
    expect(issueLines(() => parseModel('leadcal: 1\nname: p\nthreshold: 0\nbasePoints: -2e6\n', 'p.yaml'))[0]).toMatch(/basePoints: must be at least -1,000,000 points/);
    expect(() => parseModel('leadcal: 1\nname: p\nthreshold: 0\nbehavior:\n  - event: x\n    points: 1e300\n', 'p.yaml')).toThrow(LeadcalError);
  });
});

describe('YAML limits', () => {
  it('an alias bomb is the file\'s error, named', () => {
    let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      text += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = `b${i}`;
    }
    const lines = issueLines(() => parseModel(`${text}leadcal: 1\n`, 'bomb.yaml'));
    expect(lines[0]).toMatch(/^bomb\.yaml: Excessive alias count .*\(YAML aliases expand too much\) — write the values out/);
  });

  it('deep nesting and huge files are the file\'s error', () => {
    expect(issueLines(() => parseModel(`${'['.repeat(5000)}${']'.repeat(5000)}`, 'deep.yaml'))[0]).toMatch(/^deep\.yaml/);
    expect(issueLines(() => parseModel(`a: "${'x'.repeat(10_000_001)}"`, 'big.yaml'))[0]).toMatch(/^big\.yaml: the file is larger than 10 MB/);
  });
});
