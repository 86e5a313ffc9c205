// Issue #21 item 6: a frame past the end of the activity. The events stop ten months before the
// last outcome; without --until, fit and summary frame up to the last outcome — now they say so
// and propose --until at the last event.
import { describe, expect, it } from 'vitest';
import { historyFromArrays } from '../../src/index.js';
import { activityEnd } from '../../src/frame/activity-end.js';
import { fitScoringModel } from '../../src/fit/fit-model.js';
import { fitReportData } from '../../src/fit/fit-report-file.js';
import { setWarningSink } from '../../src/warnings.js';
import { createRandom } from '../../src/random.js';
import { DAY, T0 } from '../helpers.js';

/** 2,000 leads over 400 days; events only in the first `eventDays` days; sql outcomes throughout. */
function history(eventDays: number) {
  const random = createRandom(3);
  const n = 2000;
  const created = Float64Array.from({ length: n }, (_, i) => T0 + (i / n) * 400 * DAY);
  const lead: number[] = [], time: number[] = [], oLead: number[] = [], oTime: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = created[i]! + 3 * DAY;
    const active = random.next() < 0.5;
    if (active && t < T0 + eventDays * DAY) { lead.push(i); time.push(t); }
    if (random.next() < (active ? 0.3 : 0.1)) { oLead.push(i); oTime.push(created[i]! + 20 * DAY); }
  }
  return historyFromArrays({
    leads: { ids: Array.from({ length: n }, (_, i) => `L${i}`), createdMs: created },
    events: { lead: Int32Array.from(lead), type: { kind: 'category', codes: new Int32Array(lead.length), values: ['visit'] }, occurredMs: Float64Array.from(time) },
    outcomes: { lead: Int32Array.from(oLead), stage: Uint8Array.from(oLead.map(() => 1)), occurredMs: Float64Array.from(oTime) },
  });
}

const quiet = <T>(f: () => T): T => {
  const previous = setWarningSink(() => {});
  try { return f(); } finally { setWarningSink(previous); }
};
const FRAME = { target: 'sql' as const, horizonDays: 30, schedule: { kind: 'asOfAge' as const, days: 5 } };

describe('a frame past the end of the activity', () => {
  it('is diagnosed with the last event, the gap and the --until that fits', () => {
    const h = history(100);
    const d = activityEnd(h, h.untilMs, 30);
    expect(d.gapDays).toBeGreaterThan(300);
    expect(d.issue?.code).toBe('frame_past_events');
    expect(d.issue?.message).toMatch(/^the events end on 2025-04-1\d, 3\d\d days before the frame's end \(2026-02-\d\d; outcomes go on until 2026-02-\d\d\): snapshots after it see no activity/);
    expect(d.issue?.hint).toMatch(/--until 2025-04-1\d/);
    // framed up to the activity's end: nothing to say
    expect(activityEnd(h, d.lastEventMs + 10 * DAY, 30).issue).toBeUndefined();
    // events to the end: nothing to say
    const full = history(400);
    expect(activityEnd(full, full.untilMs, 30).issue).toBeUndefined();
  });

  it('fit warns (and --json carries a warnings list, empty or not)', () => {
    const h = history(100);
    const fit = quiet(() => fitScoringModel(h, { frame: FRAME }));
    const w = fit.report.warnings.find((x) => x.code === 'frame_past_events');
    expect(w?.field).toBe('--until');
    expect(fitReportData(fit).warnings).toContainEqual(expect.objectContaining({ code: 'frame_past_events' }));
    const clean = quiet(() => fitScoringModel(history(400), { frame: FRAME }));
    expect(clean.report.warnings.some((x) => x.code === 'frame_past_events')).toBe(false);
    expect(Array.isArray(fitReportData(clean).warnings)).toBe(true);
  });
});
