import { describe, expect, it } from 'vitest';
import { checkTruth, defaultTruth, parseTruth, parseTruthGenerator, type SynthTruth } from '../../src/synth/index.js';

/** A deep copy of the default truth with one edit applied. */
function edited(edit: (truth: Record<string, any>) => void): string {
  const copy = JSON.parse(JSON.stringify(defaultTruth)) as Record<string, any>;
  edit(copy);
  return JSON.stringify(copy);
}

describe('defaultTruth', () => {
  it('passes its own schema and round-trips through JSON', () => {
    expect(parseTruth(JSON.stringify(defaultTruth), 'truth.json')).toEqual(defaultTruth);
  });

  it('plants a null attribute, a null behaviour and negative effects', () => {
    const truth: SynthTruth = defaultTruth;
    expect(Object.values(truth.attributes.country.levels).every((level) => level.effect === 0)).toBe(true);
    expect(truth.attributes.job_level.levels['student']?.effect).toBe(-1.5);
    const byName = new Map(truth.behaviours.map((b) => [b.name, b]));
    expect(byName.get('docs_view')?.effect).toBe(0);
    expect(byName.get('demo_request')).toMatchObject({ effect: 1.5, halfLifeDays: 30 });
    expect(byName.get('unsubscribe')?.effect).toBeLessThan(0);
    expect(truth.employees.bins.map((bin) => [bin.min, bin.effect])).toEqual([[0, 0], [50, 0.4], [1000, 0.8]]);
  });
});

describe('parseTruth', () => {
  it('names the file and the JSON path of a bad value', () => {
    const text = edited((t) => {
      t['behaviours'][2]['halfLifeDays'] = -3;
    });
    expect(() => parseTruth(text, 'models/truth.json')).toThrow(/^models\/truth\.json: \$\.behaviours\[2\]\.halfLifeDays: /);
  });

  it.each([
    ['a missing field', (t: Record<string, any>) => delete t['baseDailyLogit'], '$.baseDailyLogit'],
    ['a wrong type', (t: Record<string, any>) => (t['attributes']['country']['levels']['us']['effect'] = 'zero'), '$.attributes.country.levels.us.effect'],
    ['an unknown key', (t: Record<string, any>) => (t['funnel']['mqlThreshold'] = 1), '$.funnel'],
    ['a share > 1 missing rate', (t: Record<string, any>) => (t['attributes']['industry']['missingShare'] = 2), '$.attributes.industry.missingShare'],
    ['a page_view without a page', (t: Record<string, any>) => delete t['behaviours'][0]['page'], '$.behaviours[0].page'],
    ['a page on another type', (t: Record<string, any>) => (t['behaviours'][6]['page'] = 'blog'), '$.behaviours[6].page'],
    ['a duplicate behaviour name', (t: Record<string, any>) => (t['behaviours'][1]['name'] = 'pricing_view'), '$.behaviours[1].name'],
    ['an unknown event type', (t: Record<string, any>) => (t['behaviours'][7]['type'] = 'tweet'), '$.behaviours[7].type'],
    ['unordered employee bins', (t: Record<string, any>) => (t['employees']['bins'][2]['min'] = 10), '$.employees.bins[2].min'],
    ['a first bin above 0', (t: Record<string, any>) => (t['employees']['bins'][0]['min'] = 5), '$.employees.bins[0].min'],
    ['all-zero shares', (t: Record<string, any>) => (t['attributes']['product']['levels'] = { core: { share: 0, effect: 0 } }), '$.attributes.product.levels'],
    ['a wrong version', (t: Record<string, any>) => (t['version'] = 2), '$.version'],
  ])('rejects %s', (_name, edit, path) => {
    let message = '';
    try {
      parseTruth(edited(edit), 'truth.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`truth.json: ${path}`);
  });

  it('reports invalid JSON with the file name', () => {
    expect(() => parseTruth('{"version": 1,', 'bad.json')).toThrow(/^bad\.json: invalid JSON/);
  });

  it('accepts and drops the generator block written by writeHistory', () => {
    const generator = { seed: 7, leads: 2000, startMs: Date.UTC(2025, 0, 1), days: 540 };
    const text = JSON.stringify({ generator, ...defaultTruth });
    expect(parseTruth(text, 'truth.json')).toEqual(defaultTruth);
    expect(parseTruthGenerator(text, 'truth.json')).toEqual(generator);
    expect(parseTruthGenerator(JSON.stringify(defaultTruth), 'truth.json')).toBeUndefined();
  });

  it('checks in-memory truths with the given source name', () => {
    expect(() => checkTruth({ ...defaultTruth, baseDailyLogit: Number.NaN }, 'options.truth')).toThrow(
      /^options\.truth: \$\.baseDailyLogit: /,
    );
  });
});
