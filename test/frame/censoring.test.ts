import { describe, expect, it } from 'vitest';
import { countLeftOut, labelWithin, LEFT_OUT_REASONS, snapshotStatus, type LeftOut } from '../../src/frame/censoring.js';

describe('the censoring rule', () => {
  it.each([
    ['kept', 0, Infinity, Infinity, 10, 5, 20, 0],
    ['created at t: not created', 10, Infinity, Infinity, 10, 5, 20, 1],
    ['target reached at t: converted', 0, 10, Infinity, 10, 5, 20, 2],
    ['closed at t: closed', 0, Infinity, 10, 10, 5, 20, 3],
    ['window ends after until: censored', 0, Infinity, Infinity, 10, 15, 20, 4],
    ['window ends exactly at until: kept', 0, Infinity, Infinity, 10, 10, 20, 0],
    ['converted wins over closed (first reason)', 0, 5, 5, 10, 5, 20, 2],
  ])('%s', (_name, created, reach, closed, t, horizon, until, status) => {
    expect(snapshotStatus(created, reach, closed, t, horizon, until)).toBe(status);
  });

  it('labels (t, t + horizon], end included', () => {
    expect(labelWithin(15, 10, 5)).toBe(1);
    expect(labelWithin(15.5, 10, 5)).toBe(0);
    expect(labelWithin(Infinity, 10, 5)).toBe(0);
  });

  it('counts each left-out status under its reason', () => {
    const leftOut: LeftOut = { notCreated: 0, converted: 0, closed: 0, censored: 0 };
    for (const status of [0, 1, 2, 2, 3, 4, 4, 4]) countLeftOut(leftOut, status);
    expect(leftOut).toEqual({ notCreated: 1, converted: 2, closed: 1, censored: 3 });
    expect(LEFT_OUT_REASONS).toEqual(['notCreated', 'converted', 'closed', 'censored']);
  });
});
