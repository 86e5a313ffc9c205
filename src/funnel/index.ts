/**
 * The funnel: counts and rates per stage (MQL → SQL → opportunity → won) by group, and time to
 * convert with Kaplan–Meier (open leads censored). Every public symbol of the folder is named here.
 */
export { funnelCounts, type FunnelOptions, type FunnelRow } from './funnel.js';
export { timeToConvert, type TimeToConvertOptions, type TimeToConvertRow, type StepStart } from './time-to-convert.js';
export { kaplanMeier, kaplanMeierQuantile, type KaplanMeierRow } from './kaplan-meier.js';
export type { LeadGrouping } from './lead-groups.js';
