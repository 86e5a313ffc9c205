/**
 * The default planted truth. Numbers are chosen so that, over the default 540 days, roughly
 * 8–20% of leads reach sql and leads average 20–40 events. Planted on purpose:
 * - a null attribute (country: every effect 0) and null behaviours (docs and home page views),
 * - a strong negative level (job_level student −1.5) and negative behaviours (careers page
 *   views, a permanent unsubscribe penalty),
 * - engagement multipliers on source/job_level, so activity volume is confounded with them;
 * - unsubscribes at a constant rate (email fatigue), not driven by the latent interest.
 */
import type { SynthTruth } from './truth.js';

/**
 * Default truth used by `generateHistory` when none is given.
 *
 * @example
 * defaultTruth.attributes.job_level.levels['student']?.effect; // => -1.5
 */
export const defaultTruth: SynthTruth = {
  version: 1,
  baseDailyLogit: -8.3,
  attributes: {
    industry: {
      missingShare: 0.03,
      levels: {
        software: { share: 0.25, effect: 0.4 },
        finance: { share: 0.14, effect: 0.3 },
        healthcare: { share: 0.12, effect: 0.1 },
        manufacturing: { share: 0.12, effect: 0 },
        retail: { share: 0.1, effect: -0.1 },
        education: { share: 0.09, effect: -0.4 },
        government: { share: 0.06, effect: -0.3 },
        other: { share: 0.12, effect: 0 },
      },
    },
    job_level: {
      missingShare: 0.04,
      levels: {
        student: { share: 0.08, effect: -1.5, engagement: 1.3 },
        individual: { share: 0.3, effect: 0 },
        manager: { share: 0.25, effect: 0.3 },
        director: { share: 0.17, effect: 0.5 },
        vp: { share: 0.12, effect: 0.6, engagement: 0.8 },
        c_level: { share: 0.08, effect: 0.4, engagement: 0.6 },
      },
    },
    country: {
      missingShare: 0.02,
      levels: {
        us: { share: 0.35, effect: 0 },
        gb: { share: 0.15, effect: 0 },
        de: { share: 0.15, effect: 0 },
        fr: { share: 0.1, effect: 0 },
        in: { share: 0.15, effect: 0 },
        br: { share: 0.1, effect: 0 },
      },
    },
    product: {
      missingShare: 0,
      levels: {
        core: { share: 0.7, effect: 0 },
        analytics: { share: 0.3, effect: 0.25 },
      },
    },
    source: {
      missingShare: 0.02,
      levels: {
        organic: { share: 0.35, effect: 0 },
        paid_search: { share: 0.25, effect: -0.2, engagement: 0.9 },
        referral: { share: 0.12, effect: 0.6, engagement: 1.2 },
        event: { share: 0.1, effect: 0.3, engagement: 1.3 },
        outbound: { share: 0.18, effect: -0.4, engagement: 0.7 },
      },
    },
  },
  employees: {
    median: 80,
    logSd: 1.8,
    min: 1,
    max: 300_000,
    missingShare: 0.05,
    bins: [
      { min: 0, effect: 0 },
      { min: 50, effect: 0.4 },
      { min: 1000, effect: 0.8 },
    ],
  },
  behaviours: [
    { name: 'pricing_view', type: 'page_view', page: 'pricing', effect: 0.6, halfLifeDays: 14, baseRatePerDay: 0.008 },
    { name: 'product_view', type: 'page_view', page: 'product', effect: 0.15, halfLifeDays: 14, baseRatePerDay: 0.015 },
    { name: 'blog_view', type: 'page_view', page: 'blog', effect: 0.05, halfLifeDays: 7, baseRatePerDay: 0.025 },
    { name: 'careers_view', type: 'page_view', page: 'careers', effect: -0.6, halfLifeDays: 60, baseRatePerDay: 0.003 },
    { name: 'home_view', type: 'page_view', page: 'home', effect: 0, halfLifeDays: 7, baseRatePerDay: 0.02 },
    { name: 'docs_view', type: 'page_view', page: 'docs', effect: 0, halfLifeDays: 14, baseRatePerDay: 0.012 },
    { name: 'email_open', type: 'email_open', effect: 0.08, halfLifeDays: 7, baseRatePerDay: 0.03 },
    { name: 'email_click', type: 'email_click', effect: 0.25, halfLifeDays: 10, baseRatePerDay: 0.008 },
    { name: 'download', type: 'download', effect: 0.35, halfLifeDays: 21, baseRatePerDay: 0.004 },
    { name: 'webinar', type: 'webinar', effect: 0.5, halfLifeDays: 30, baseRatePerDay: 0.002 },
    { name: 'demo_request', type: 'demo_request', effect: 1.5, halfLifeDays: 30, baseRatePerDay: 0.0015 },
    { name: 'social', type: 'social', effect: 0.1, halfLifeDays: 10, baseRatePerDay: 0.008 },
    { name: 'unsubscribe', type: 'unsubscribe', effect: -1.2, halfLifeDays: 3650, baseRatePerDay: 0.0004, followsInterest: false },
  ],
  interest: {
    initial: 2,
    floor: 0.15,
    halfLifeDays: 10,
    burstsPerDay: 0.02,
    burstMean: 1.5,
    leadSigma: 0.5,
  },
  funnel: {
    mqlScoreThreshold: 2,
    skipMqlShare: 0.08,
    openDisqualifyHazardPerDay: 0.002,
    opportunityGivenSql: 0.55,
    wonGivenOpportunity: { smb: 0.3, mid_market: 0.25, enterprise: 0.2, unknown: 0.25 },
    sqlToOpportunityDays: 6,
    sqlToDisqualifiedDays: 12,
    opportunityToCloseDays: 40,
    salesCallsMean: 2,
    meetingsMean: 1.5,
  },
};
