// The seeded stratified holdout (issue #12): for tables without a meaningful time.
import { describe, expect, it } from 'vitest';
import { describeHoldout, splitFrameStratified, type Frame } from '../../src/index.js';

function frameOf(labels: number[], snapshotsPerLead = 1): Frame {
  const lead = labels.flatMap((_, i) => Array<number>(snapshotsPerLead).fill(i));
  const label = labels.flatMap((y) => Array<number>(snapshotsPerLead).fill(y));
  return { count: lead.length, lead: Int32Array.from(lead), asOfMs: new Float64Array(lead.length), label: Uint8Array.from(label), positives: label.reduce((a, b) => a + b, 0), leftOut: { notCreated: 0, converted: 0, closed: 0, censored: 0 }, options: { target: 'won', horizonDays: 1, schedule: { kind: 'asOfAge', days: 1 }, untilMs: 0 } };
}

describe('splitFrameStratified', () => {
  const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0));

  it('holds out round(share · n) leads of each class, deterministically for a seed', () => {
    const frame = frameOf(labels);
    const a = splitFrameStratified(frame, 0.3, 7);
    expect(a.test.length).toBe(300);
    expect(Array.from(a.test).filter((s) => frame.label[s] === 1)).toHaveLength(90);
    expect(a.train.length + a.test.length).toBe(1000);
    expect(splitFrameStratified(frame, 0.3, 7)).toEqual(a);
    expect(Array.from(splitFrameStratified(frame, 0.3, 8).test)).not.toEqual(Array.from(a.test));
  });

  it('keeps all snapshots of a lead on one side', () => {
    const frame = frameOf(labels.slice(0, 100), 3);
    const { test } = splitFrameStratified(frame, 0.25, 1);
    const leads = new Set(Array.from(test, (s) => frame.lead[s]));
    expect(test.length).toBe(3 * leads.size);
  });

  it('rejects a share outside (0, 1) and says what the split was', () => {
    expect(() => splitFrameStratified(frameOf(labels), 1, 1)).toThrow(/between 0 and 1; got 1/);
    expect(describeHoldout({ kind: 'stratified', testShare: 0.3, seed: 1 })).toBe('stratified split: 30% of leads held out (seed 1)');
  });
});
