import { describe, expect, it } from 'vitest';
import { LeadcalError, formatIssue } from '../../src/index.js';
import { parseModel, readModel } from '../../src/model/schema.js';
import { resolve } from 'node:path';

function errorsOf(text: string): string[] {
  try {
    parseModel(text, 'm.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(LeadcalError);
    return (e as LeadcalError).issues.map(formatIssue);
  }
  throw new Error('expected the model to be rejected');
}

const HEAD = 'leadcal: 1\nname: m\nthreshold: 50\n';

describe('model files', () => {
  it('the starter model parses', () => {
    const m = readModel(resolve(import.meta.dirname, '..', '..', 'datasets', 'models', 'starter.yaml'));
    expect(m.behavior.length).toBeGreaterThan(10);
    expect(m.decay.map((d) => d.kind)).toEqual(['inactivity', 'noEvent', 'unanswered']);
  });

  it.each([
    [`${HEAD}behavior:\n  - event: email_open\n    points: 5\n    halfLife: 7\n`, 'm.yaml:7: column behavior.0: unknown key "halfLife" — did you mean "halfLifeDays"?'],
    [`${HEAD}behavior:\n  - event: email_open\n    points: five\n`, 'm.yaml:6: column behavior.0.points: expected number, got "five" — see the format in datasets/README.md'],
    [`${HEAD}decay:\n  - kind: inactivty\n    points: -10\n    everyDays: 30\n`, 'm.yaml:5: column decay.0.kind: "inactivty" is not allowed — did you mean "inactivity"?'],
    ['leadcal: 2\nname: m\nthreshold: 50\n', 'm.yaml:1: column leadcal: 2 is not allowed — use one of: 1'],
    ['leadcal: 1\nname: m\n', 'm.yaml:1: column threshold: expected number, got undefined — see the format in datasets/README.md'],
    [`${HEAD}fit:\n  - field: industry\n`, 'm.yaml: column fit.0: rule on "industry" needs exactly one of points (a level map) or bins — e.g. points: { software: 20 } or bins: [{ min: 50, max: 500, points: 5 }]'],
    [`${HEAD}fit:\n  - field: employees\n    bins: [{ min: 500, max: 50, points: 5 }]\n`, 'm.yaml: column fit.0.bins.0: bin min must be below max; got [500, 50) — bins are [min, max)'],
    [`${HEAD}segments:\n  - { name: ent, when: { segment: enterprise } }\n  - { name: ent, when: { segment: smb } }\n`, 'm.yaml: column segments.1.name: segment "ent" is defined twice — give each segment a unique name'],
    [`${HEAD}behavior:\n  - { event: x, points: 1, segments: [entreprise] }\n`, 'm.yaml: column behavior.0.segments: unknown segment "entreprise" — segments are: default'],
    [`${HEAD}behavior:\n  - { event: x, points: -1, capPerWindow: { points: 5, days: 30 } }\n`, 'm.yaml: column behavior.0.capPerWindow: capPerWindow needs positive points — use cap for negative rules'],
    [`${HEAD}behavior:\n  - event: x\n    points: 1\n   halfLifeDays: 3\n`, /^m\.yaml:\d+:\d+: /],
  ])('rejects a malformed model with file, line and a fix hint (%#)', (text, expected) => {
    const errors = errorsOf(text);
    if (typeof expected === 'string') expect(errors).toContain(expected);
    else expect(errors[0]).toMatch(expected);
  });
});
