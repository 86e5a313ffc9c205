// ICP fit checked by hand on a small history: weights, ranges (inclusive), excluded values,
// required gates, missing values, the criteria each lead misses, the conversion table by band,
// and line-precise errors for a bad ICP file.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/errors.js';
import { loadHistory } from '../../src/data/load.js';
import type { History } from '../../src/data/history.js';
import { setWarningSink } from '../../src/warnings.js';
import { wilsonInterval } from '../../src/calibration/index.js';
import { icpConversion, icpFit, icpFitScores, icpFitToCsv, icpMissed, parseIcp, readIcp } from '../../src/qualify/index.js';
import { DAY, T0, csv, day, issueLines, tempHistory } from '../helpers.js';

const ICP = [
  'name: Test ICP',
  'criteria:',
  '  - name: industry',
  '    attribute: industry',
  '    in: [software, Finance]',
  '    weight: 3',
  '  - name: company size',
  '    attribute: employees',
  '    min: 50',
  '    max: 1000',
  '    weight: 2',
  '  - name: authority',
  '    attribute: job_level',
  '    in: [vp, c_level]',
  '    weight: 3',
  '  - name: not a student',
  '    attribute: job_level',
  '    notIn: [student]',
  '    required: true',
  '    weight: 0',
  '  - name: region',
  '    attribute: country',
  '    in: [us, gb]',
  '    ifMissing: met',
  '    weight: 2',
].join('\n');

const files = {
  'leads.csv': csv('lead_id,created_at,industry,employees,job_level,country', [
    `A,${day(0)},software,200,vp,us`, // all met: 100
    `B,${day(0)},retail,20,manager,de`, // nothing weighted met: 0
    `C,${day(0)},finance,,c_level,`, // 3 + 3 + 2 (missing country counts met) = 80; size unknown
    `D,${day(0)},software,5000,student,gb`, // student: required gate → 0
    `E,${day(0)},Software,50,director,us`, // 3 + 2 (50 inclusive) + 2 = 70
    `F,${day(0)},healthcare,1000,vp,fr`, // 2 (1000 inclusive) + 3 = 50
    `G,${day(300)},software,200,vp,us`, // created too late for a 180-day horizon before day 400
  ]),
  'events.csv': csv('lead_id,type,occurred_at', []),
  'outcomes.csv': csv('lead_id,stage,occurred_at', [`A,won,${day(30)}`, `C,won,${day(200)}`, `E,won,${day(100)}`, `B,lost,${day(10)}`]),
};

let history: History;
const seen: Issue[] = [];
const restore = setWarningSink((i) => seen.push(i));
afterEach(() => {
  seen.length = 0;
});
beforeAll(async () => {
  ({ history } = await loadHistory(tempHistory(files), { untilMs: T0 + 400 * DAY }));
  return () => void setWarningSink(restore);
});

describe('icpFit', () => {
  it('scores each lead 0–100 as computed by hand', () => {
    const fit = icpFit(history, parseIcp(ICP, 'icp.yaml'));
    expect(Array.from(fit.fit)).toEqual([100, 0, 80, 0, 70, 50, 100]);
    expect(icpFitScores(history, parseIcp(ICP, 'icp.yaml'))).toBeInstanceOf(Float64Array);
    expect(seen).toEqual([]);
  });

  it('lists the criteria each lead misses, marking missing values', () => {
    const fit = icpFit(history, parseIcp(ICP, 'icp.yaml'));
    expect(history.leads.ids.map((_, i) => icpMissed(fit, i))).toEqual([
      [],
      ['industry', 'company size', 'authority', 'region'],
      ['company size (unknown)'],
      ['company size', 'authority', 'not a student'],
      ['authority'],
      ['industry', 'region'],
      [],
    ]);
  });

  it('writes the per-lead CSV: lead_id, icp_fit, missed criteria separated by "; "', () => {
    const text = icpFitToCsv(icpFit(history, parseIcp(ICP, 'icp.yaml')), history.leads.ids);
    expect(text.split('\n')).toEqual([
      'lead_id,icp_fit,missed',
      'A,100,',
      'B,0,industry; company size; authority; region',
      'C,80,company size (unknown)',
      'D,0,company size; authority; not a student',
      'E,70,authority',
      'F,50,industry; region',
      'G,100,',
      '',
    ]);
  });

  it('rejects an attribute the leads do not have, at the line of the ICP file, with the nearest name', () => {
    const icp = parseIcp(ICP.replace('attribute: industry', 'attribute: industri'), 'icp.yaml');
    expect(issueLines(() => icpFit(history, icp))).toEqual(['icp.yaml:4: column industri: criterion "industry": the leads table has no attribute "industri" — did you mean "industry"?']);
    const range = parseIcp(ICP.replace('attribute: employees', 'attribute: country'), 'icp.yaml');
    expect(issueLines(() => icpFit(history, range))).toEqual(['icp.yaml:8: column country: criterion "company size" has a range but attribute country is not numeric — use in/notIn for categories, or clean the column so every value is a plain number']);
  });

  it('warns about listed values no lead has ("did you mean")', () => {
    icpFit(history, parseIcp(ICP.replace('in: [software, Finance]', 'in: [sofware, Finance]'), 'icp.yaml'));
    expect(seen.map(formatIssue)).toEqual(['icp.yaml:4: column industry: criterion "industry": no lead has industry "sofware" — did you mean "software"?']);
  });
});

describe('ICP files', () => {
  it('with a typo get a line-precise error', () => {
    expect(issueLines(() => parseIcp(ICP.replace('    weight: 2\n  - name: authority', '    wieght: 2\n  - name: authority'), 'icp.yaml'))).toEqual([
      'icp.yaml:11: column criteria.1: unknown key "wieght" — did you mean "weight"?',
    ]);
  });

  it('need exactly one test per criterion and a sensible range', () => {
    const text = 'criteria:\n  - { name: a, attribute: industry }\n  - { name: b, attribute: employees, min: 10, max: 5 }\n  - { name: c, attribute: industry, in: [x], notIn: [y] }\n';
    expect(issueLines(() => parseIcp(text, 'i.yaml'))).toEqual([
      'i.yaml:2: column criteria.0: criterion "a" needs exactly one of in, notIn, or min/max; got 0 — see the format in datasets/README.md',
      'i.yaml:3: column criteria.1.max: max (5) is below min (10) — see the format in datasets/README.md',
      'i.yaml:4: column criteria.2: criterion "c" needs exactly one of in, notIn, or min/max; got 2 — see the format in datasets/README.md',
    ]);
  });

  it('the example ICP runs on the bundled sample', async () => {
    const icp = readIcp(join(import.meta.dirname, '..', '..', 'datasets', 'icp', 'example.yaml'));
    const { history: sample } = await loadHistory(join(import.meta.dirname, '..', '..', 'datasets', 'sample'));
    const fit = icpFitScores(sample, icp);
    expect(fit.length).toBe(sample.leads.count);
    expect(Math.min(...fit)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fit)).toBeLessThanOrEqual(100);
    expect(seen).toEqual([]);
  });
});

describe('icpConversion', () => {
  it('tabulates conversion by band with Wilson intervals, leaving out leads created too late', () => {
    const t = icpConversion(history, icpFit(history, parseIcp(ICP, 'icp.yaml')), { target: 'won', horizonDays: 180 });
    expect(t.rows.map((r) => [r.band, r.leads, r.conversions])).toEqual([['0–20', 2, 0], ['20–40', 0, 0], ['40–60', 1, 0], ['60–80', 1, 1], ['80–100', 2, 1]]);
    expect(t.rows[4]!.interval).toEqual(wilsonInterval(1, 2));
    expect(t.rows[1]!.rate).toBeNull(); // an empty band has no rate; C's win on day 200 is past its horizon
    expect(t.total).toMatchObject({ leads: 6, conversions: 2 });
    expect(t.censored).toBe(1);
    expect(t.criteria[1]).toMatchObject({ criterion: 'company size', met: { leads: 3, conversions: 2 }, missed: { leads: 3, conversions: 0 }, unknownShare: 1 / 6 });
    expect(() => icpConversion(history, icpFit(history, parseIcp(ICP, 'icp.yaml')), { edges: [0, 50, 40, 100] })).toThrow(/band edges must increase from 0 to 100/);
  });
});
