// The one time split: index views over the full frame equal the frame built with
// until = min(testFrom, until) (the fit's original definition), for every schedule.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrame, loadHistory, splitFrameAt, splitFrames, type FrameOptions, type History } from '../../src/index.js';
import { generateHistory, writeHistory } from '../../src/synth/index.js';
import { DAY, tempHistory } from '../helpers.js';

let history: History;

beforeAll(async () => {
  const dir = join(tempHistory({}), 'h');
  await writeHistory(dir, generateHistory({ leads: 300, seed: 5 }));
  history = (await loadHistory(dir)).history;
});

const rows = (f: { lead: Int32Array; asOfMs: Float64Array; label: Uint8Array }): string[] => [...f.lead].map((l, s) => `${l}@${f.asOfMs[s]}:${f.label[s]}`);

describe('splitFrameAt', () => {
  const schedules: FrameOptions[] = [
    { horizonDays: 60, schedule: { kind: 'every', days: 30 } },
    { horizonDays: 90, schedule: { kind: 'every', days: 7 }, target: 'opportunity' },
    { horizonDays: 30, schedule: { kind: 'asOfAge', days: 14 } },
  ];
  it.each(schedules)('train = buildFrame(until = testFrom), test = snapshots at or after testFrom (%j)', (options) => {
    const full = buildFrame(history, options);
    for (const offsetDays of [-400, -200, -90, -30, 0, 30]) {
      const from = history.untilMs + offsetDays * DAY;
      const { train, test } = splitFrames(full, from);
      expect(rows(train)).toEqual(rows(buildFrame(history, { ...options, untilMs: Math.min(from, full.options.untilMs) })));
      const want = [...full.asOfMs.keys()].filter((s) => full.asOfMs[s]! >= from);
      expect([...splitFrameAt(full, from).test]).toEqual(want);
      expect(rows(test)).toEqual(want.map((s) => `${full.lead[s]}@${full.asOfMs[s]}:${full.label[s]}`));
      expect(train.positives).toBe([...train.label].reduce((a, b) => a + b, 0));
    }
  });

  it('leaves out snapshots whose label window straddles testFrom', () => {
    const full = buildFrame(history, { horizonDays: 60 });
    const from = history.untilMs - 120 * DAY;
    const { train, test } = splitFrameAt(full, from);
    const inEither = new Set([...train, ...test]);
    for (let s = 0; s < full.count; s++) {
      const straddles = full.asOfMs[s]! < from && full.asOfMs[s]! + 60 * DAY > from;
      expect(inEither.has(s)).toBe(!straddles);
    }
  });
});
