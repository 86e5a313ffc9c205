// Finding 1 of issue #20: an absurd schedule used to allocate until the machine ran out of
// memory. The frame's size is estimated before it is built and refused past maxSnapshots.
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../src/data/load.js';
import { LeadcalError } from '../../src/errors.js';
import { buildFrame } from '../../src/frame/frame.js';
import { estimateSnapshots } from '../../src/frame/frame-size.js';
import { csv, day, tempHistory } from '../helpers.js';

async function small() {
  const leads = Array.from({ length: 20 }, (_, i) => `L${i},${day(i * 7)}`);
  const outcomes = [`L1,sql,${day(40)}`, `L2,lost,${day(60)}`, `L5,won,${day(200)}`];
  return (await loadHistory(tempHistory({ 'leads.csv': csv('lead_id,created_at', leads), 'events.csv': csv('lead_id,type,occurred_at', []), 'outcomes.csv': csv('lead_id,stage,occurred_at', outcomes) }))).history;
}

describe('frame size', () => {
  it('the estimate bounds the candidates the frame visits', async () => {
    const h = await small();
    for (const days of [1, 7, 30, 365]) {
      const f = buildFrame(h, { schedule: { kind: 'every', days }, horizonDays: 10 });
      const candidates = f.count + f.leftOut.censored + f.leftOut.converted + f.leftOut.closed + f.leftOut.notCreated;
      const est = estimateSnapshots(h, { kind: 'every', days }, 'sql', h.untilMs);
      expect(est).toBeGreaterThanOrEqual(candidates);
      expect(est).toBeLessThanOrEqual(candidates + h.leads.count);
    }
  });

  it('a frame past maxSnapshots is refused before it is built', async () => {
    const h = await small();
    const build = (): unknown => buildFrame(h, { schedule: { kind: 'every', days: 0.001 }, maxSnapshots: 100_000 });
    expect(build).toThrow(LeadcalError);
    expect(build).toThrow(/the frame would have more than 100,000 snapshots \(20 leads, one every 0\.001 days/);
    expect(buildFrame(h, { schedule: { kind: 'every', days: 1 } }).count).toBeGreaterThan(0);
  });
});
