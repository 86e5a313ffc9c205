// The qualifications table: every problem of a broken file as FILE:LINE: column X: what — how,
// the wide form through a mapping, and point-in-time states (records strictly before t,
// latest per criterion wins).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadcalError, formatIssue } from '../../src/errors.js';
import { loadHistory } from '../../src/data/load.js';
import {
  MET, NOT_MET, UNKNOWN, criterionName, loadQualifications, qualificationStatesAt, qualificationValue, readQualificationMapping,
  readQualifications,
} from '../../src/qualify/index.js';
import { DAY, T0, csv, day, tempHistory } from '../helpers.js';

const base = {
  'leads.csv': csv('lead_id,created_at,industry', [`L1,${day(0)},software`, `L2,${day(0)},retail`, `L3,${day(10)},retail`]),
  'events.csv': csv('lead_id,type,occurred_at', []),
  'outcomes.csv': csv('lead_id,stage,occurred_at', []),
};

async function read(files: Record<string, string>, mappingFile?: string) {
  const dir = tempHistory({ ...base, ...files });
  const { history } = await loadHistory(dir);
  const mapping = mappingFile ? readQualificationMapping(join(dir, mappingFile)) : undefined;
  const report = await readQualifications(history, mapping ? { mapping } : {});
  return { dir, history, report, lines: report.issues.map((i) => `${i.severity}: ${formatIssue(i).replace(`${dir}/`, '')}`) };
}

describe('qualification values and names', () => {
  it('normalise names and parse the three values', () => {
    expect(criterionName(' Economic Buyer ')).toBe('economic_buyer');
    expect(criterionName('decision-process')).toBe('decision_process');
    expect(['met', 'MET', 'not_met', 'Not met', 'not-met', 'unknown', 'maybe', ''].map(qualificationValue)).toEqual([MET, MET, NOT_MET, NOT_MET, NOT_MET, UNKNOWN, undefined, undefined]);
  });
});

describe('readQualifications validation', () => {
  it('reports each problem of a broken file with its line, and keeps the good rows', async () => {
    const { report, lines } = await read({
      'qualifications.csv': csv('lead_id,occurred_at,criterion,value,notes', [
        `L1,${day(5)},budget,met,call 1`, // 2 ok
        `L1,${day(5)},Economic Buyer,Not met,`, // 3 ok (normalised)
        `L9,${day(5)},budget,met,`, // 4 unknown lead
        'L2,yesterday,budget,met,', // 5 bad timestamp
        `L2,${day(6)},budget,maybe,`, // 6 bad value
        `L2,${day(6)},need,,`, // 7 empty value
        `,${day(6)},need,met,`, // 8 empty lead_id
        `L2,${day(6)},,met,`, // 9 empty criterion
        `L3,${day(5)},need,met,`, // 10 before the lead was created
        `L1,${day(5)},budget,not_met,`, // 11 same time as line 2, other value
        'L2,2025-01-08T00:00:00,timeline,unknown,', // 12 no zone
        `L2,${day(7)},need,mett,`, // 13 bad value, near "met"
      ]),
    });
    expect(lines).toEqual([
      'warning: qualifications.csv:4: column lead_id: qualification record for unknown lead_id "L9" (row left out) — export the matching leads, or filter both exports the same way',
      'error: qualifications.csv:5: column occurred_at: "yesterday" is not an ISO 8601 timestamp — write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (with a zone such as Z or +02:00)',
      'error: qualifications.csv:6: column value: "maybe" is not a qualification value — write met, not_met or unknown, or map your values with `values: { "maybe": met }` in a qualifications mapping',
      'error: qualifications.csv:7: column value: value is empty — write met, not_met or unknown',
      'error: qualifications.csv:8: column lead_id: lead_id is empty — every record needs a lead_id',
      'error: qualifications.csv:9: column criterion: criterion is empty — name the criterion the record answers (budget, authority …)',
      'warning: qualifications.csv:10: column occurred_at: record at 2025-01-06T00:00:00Z is before the lead was created (2025-01-11T00:00:00Z) — kept; check created_at and the form date if unexpected',
      'error: qualifications.csv:13: column value: "mett" is not a qualification value — did you mean "met"? write met, not_met or unknown, or map your values with `values: { "mett": met }` in a qualifications mapping',
      'warning: qualifications.csv:12: column occurred_at: 1 timestamp(s) have no time zone (e.g. "2025-01-08T00:00:00"); assumed UTC — add a zone (Z or +02:00) or set --timezone',
      'warning: qualifications.csv:11: column value: criterion budget of this lead is also recorded at the same time with another value (line 2) — the later line wins; fix the form if that is wrong',
    ]);
    expect(report.errors).toBe(6);
    expect(report.warnings).toBe(4);
    const q = report.qualifications!;
    // kept: lines 2, 3, 10, 11, 12, sorted by (lead, time), file order on ties
    expect(q.count).toBe(5);
    expect(Array.from(q.lines)).toEqual([2, 3, 11, 12, 10]);
    expect(q.criteria).toEqual(['budget', 'economic_buyer', 'need', 'timeline']);
    expect(Array.from(q.value)).toEqual([MET, NOT_MET, NOT_MET, UNKNOWN, MET]);
    expect(Array.from(q.offsets)).toEqual([0, 3, 4, 5]);
    expect(q.notes.values).toEqual(['call 1']);
  });

  it('loadQualifications throws the errors (exit 1 in the CLI)', async () => {
    const dir = tempHistory({ ...base, 'qualifications.csv': csv('lead_id,occurred_at,criterion,value', [`L1,${day(1)},budget,maybe`]) });
    const { history } = await loadHistory(dir);
    await expect(loadQualifications(history)).rejects.toThrow(LeadcalError);
    await expect(loadQualifications(history)).rejects.toThrow(/qualifications\.csv:2: column value: "maybe" is not a qualification value/);
  });

  it('reports a missing table and a missing column with the nearest name', async () => {
    const missing = await read({});
    expect(missing.lines).toEqual([`error: qualifications.csv: the qualifications table is missing — put qualifications.csv (lead_id, occurred_at, criterion, value[, notes]) in ${missing.dir}, or name your file in a qualifications mapping`]);
    const column = await read({ 'qualifications.csv': csv('lead_id,occurred_at,criterium,value', [`L1,${day(1)},budget,met`]) });
    expect(column.lines).toEqual(['error: qualifications.csv:1: column criterion: required column "criterion" is missing — did you mean "criterium"? Map it with `columns: { criterion: "criterium" }` in a qualifications mapping']);
    expect(column.report.qualifications).toBeUndefined();
  });

  it('reads JSON Lines too', async () => {
    const { report } = await read({ 'qualifications.jsonl': `{"lead_id":"L1","occurred_at":"${day(1)}","criterion":"budget","value":"met"}\n{"lead_id":"L2","occurred_at":"${day(2)}","criterion":"need","value":"unknown"}\n` });
    expect(report.errors).toBe(0);
    expect(report.qualifications!.count).toBe(2);
  });
});

describe('qualifications mapping', () => {
  const calls = csv('Contact,Call date,Budget confirmed?,EB met,Comment', [
    `L1,${day(3)},Yes,No,first call`, // 2
    `L2,${day(4)},?,,`, // 3: EB empty = no record
    `L2,${day(9)},n/a,Yes,`, // 4: n/a dropped
    `L1,${day(5)},perhaps,Yes,`, // 5: bad value in the Budget column
  ]);
  const mapping = [
    'file: calls.csv',
    'columns: { lead_id: Contact, occurred_at: Call date, notes: Comment }',
    'wide: { budget: "Budget confirmed?", economic_buyer: EB met }',
    'values: { "yes": met, "no": not_met, "?": unknown, "n/a": null }',
  ].join('\n');

  it('reads the wide form: one record per filled criterion cell', async () => {
    const { report, lines } = await read({ 'calls.csv': calls, 'calls.yaml': mapping }, 'calls.yaml');
    expect(lines).toEqual(['error: calls.csv:5: column Budget confirmed?: "perhaps" is not a qualification value — write met, not_met or unknown, or map your values with `values: { "perhaps": met }` in a qualifications mapping']);
    const q = report.qualifications!;
    const rows = Array.from({ length: q.count }, (_, r) => [q.lead[r], (q.occurredMs[r]! - T0) / DAY, q.criteria[q.criterion[r]!], q.value[r]]);
    expect(rows).toEqual([
      [0, 3, 'budget', MET],
      [0, 3, 'economic_buyer', NOT_MET],
      [1, 4, 'budget', UNKNOWN],
      [1, 9, 'economic_buyer', MET],
    ]);
  });

  it('"wide: all" takes every other column as a criterion', async () => {
    const text = csv('lead_id,occurred_at,Budget,Need', [`L1,${day(3)},met,not_met`]);
    const { report } = await read({ 'wide.csv': text, 'm.yaml': 'file: wide.csv\nwide: all\n' }, 'm.yaml');
    expect(report.qualifications!.criteria).toEqual(['budget', 'need']);
  });

  it('a typo in the mapping file gets a line-precise error', async () => {
    const dir = tempHistory({ 'm.yaml': 'file: calls.csv\nwide: all\nvalus: { "yes": met }\n' });
    expect(() => readQualificationMapping(join(dir, 'm.yaml'))).toThrow(/m\.yaml:3: unknown key "valus" — did you mean "values"\?/);
    const bad = tempHistory({ 'm.yaml': 'values: { "yes": mett }\n' });
    expect(() => readQualificationMapping(join(bad, 'm.yaml'))).toThrow(/m\.yaml:1: column values\.yes: "mett" is not allowed — did you mean "met"\?/);
  });
});

describe('qualificationStatesAt', () => {
  it('sees records strictly before t, the latest per criterion winning', async () => {
    const dir = tempHistory({
      ...base,
      'qualifications.csv': csv('lead_id,occurred_at,criterion,value', [
        `L1,${day(2)},budget,not_met`,
        `L1,${day(4)},budget,met`,
        `L1,${day(4)},need,unknown`,
        `L1,${day(6)},need,met`,
      ]),
    });
    const { history } = await loadHistory(dir);
    const q = (await loadQualifications(history)).qualifications;
    const at = (d: number): [number, number, number, number] => {
      const s = qualificationStatesAt(q, Int32Array.of(0), Float64Array.of(T0 + d * DAY));
      return [s.value[0]!, s.value[1]!, s.recordedMs[0]!, s.recordedMs[1]!];
    };
    expect(at(2)).toEqual([UNKNOWN, UNKNOWN, -Infinity, -Infinity]); // the record at t is not yet known
    expect(at(3)).toEqual([NOT_MET, UNKNOWN, T0 + 2 * DAY, -Infinity]);
    expect(at(5)).toEqual([MET, UNKNOWN, T0 + 4 * DAY, T0 + 4 * DAY]);
    expect(at(7)).toEqual([MET, MET, T0 + 4 * DAY, T0 + 6 * DAY]);
    // a lead without records: all unknown
    const none = qualificationStatesAt(q, Int32Array.of(1), Float64Array.of(T0 + 99 * DAY));
    expect(Array.from(none.value)).toEqual([0, 0]);
  });
});
