/** The demo's report step: the report site built from the same library calls as `leadcal report`. */
import { join } from 'node:path';
import type { History } from '../data/history.js';
import type { Issue } from '../errors.js';
import type { FitResult } from '../fit/fit-model.js';
import type { FrameOptions } from '../frame/frame.js';
import type { ScoringModel } from '../model/schema.js';

export interface DemoSiteInput {
  starter: ScoringModel;
  fitted: ScoringModel;
  fitReport: FitResult;
  frame: FrameOptions;
  testFromMs: number;
  out: string;
  validation: Issue[];
  capacity?: number;
}

/** Write the report site for the fitted model (compared with the starter and the predictive baseline); returns its index page. */
export async function buildDemoSite(history: History, input: DemoSiteInput): Promise<string> {
  const { buildReportData, writeSite } = await import('../report/index.js');
  const data = buildReportData(history, { model: input.fitted, compare: [input.starter], previous: input.starter, fitReport: input.fitReport.report }, {
    frame: input.frame,
    testFromMs: input.testFromMs,
    validation: input.validation,
    // the comparison page shows the predictive baseline too, as the demo's compare step does
    predictive: true,
    ...(input.capacity === undefined ? {} : { capacity: input.capacity }),
    title: 'leadcal demo: the bundled sample',
  });
  return join(writeSite(data, input.out, { now: new Date() }).dir, 'index.html');
}
