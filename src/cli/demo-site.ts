/** The demo's report step (the site builder lands with the report module). */
import type { History } from '../data/history.js';
import type { Issue } from '../errors.js';
import type { FitResult } from '../fit/fit-model.js';
import type { FrameOptions } from '../frame/frame.js';
import type { ScoringModel } from '../model/schema.js';
import { writeFileAtomic } from '../io.js';
import { join } from 'node:path';

export interface DemoSiteInput {
  starter: ScoringModel;
  fitted: ScoringModel;
  fitReport: FitResult;
  frame: FrameOptions;
  testFromMs: number;
  out: string;
  validation: Issue[];
}

/** Write the report site; returns the path of its index page. */
export async function buildDemoSite(history: History, input: DemoSiteInput): Promise<string> {
  void history;
  const path = join(input.out, 'index.html');
  writeFileAtomic(path, '<!doctype html><title>leadcal</title><p>report pending</p>\n');
  return path;
}
