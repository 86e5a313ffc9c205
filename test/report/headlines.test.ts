// Issue #13 wording rules for the AUC headline: below 0.5 the model is wrong for the data, and
// above 0.95 a score is suspect (a leak until shown otherwise), never "ranks leads very well".
import { describe, expect, it } from 'vitest';
import { aucHeadline } from '../../src/report/build-data.js';

describe('the AUC headline', () => {
  it('below 0.5 reads as worse than chance and points at the fit report', () => {
    const h = aucHeadline(0.421, ', 95% CI 0.39–0.45');
    expect(h).toMatch(/^The score ranks leads worse than chance — the model is wrong for this data/);
    expect(h).toMatch(/fit report's warnings and the data-quality page/);
    expect(h).not.toMatch(/barely better/);
  });
  it('above 0.95 is suspect, not praise', () => {
    expect(aucHeadline(0.983, '')).toMatch(/too good to be true for lead scoring, so check for a leak first/);
  });
  it('in between, words by strength', () => {
    expect(aucHeadline(0.52, '')).toMatch(/barely better than chance/);
    expect(aucHeadline(0.65, '')).toMatch(/ranks leads modestly/);
    expect(aucHeadline(0.85, '')).toMatch(/ranks leads very well/);
  });
});
