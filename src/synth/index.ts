/**
 * Synthetic CRM histories with a planted scoring truth: generate seeded leads, events and
 * outcomes from a truth file, write them as CSV, and score leads with the truth itself.
 *
 * The generator is the planted truth that the fit must recover, so it keeps its own
 * independent formulas (sigmoid hazards, 2^(−age/h) decay in `truth-score.ts` and
 * `compile-truth.ts`) instead of the `stats/` ones the library uses: a shared mistake would
 * otherwise be invisible to the recovery tests. Only constants and timestamp parsing
 * (`stats/days.ts`, `data/timestamp.ts`) are shared.
 */
export { createRandom, deriveSeed, type Random } from '../random.js';
export {
  LEAD_COLUMNS,
  EVENT_COLUMNS,
  OUTCOME_COLUMNS,
  CATEGORICAL_ATTRIBUTES,
  MARKETING_EVENT_TYPES,
  SALES_EVENT_TYPES,
  PAGES,
  CHANNEL_BY_TYPE,
  SEGMENTS,
  segmentOf,
  type Table,
  type CategoricalAttribute,
  type MarketingEventType,
  type Segment,
} from './columns.js';
export {
  defaultTruth,
  synthTruthSchema,
  synthTruthFileSchema,
  checkTruth,
  parseTruth,
  parseTruthGenerator,
  type SynthTruth,
  type AttributeTruth,
  type LevelTruth,
  type EmployeesTruth,
  type BehaviourTruth,
  type InterestTruth,
  type FunnelTruth,
  type TruthGenerator,
} from './truth.js';
export {
  behaviourIndexOf,
  employeesEffect,
  truthAttributeScore,
  decayedCountsAt,
  truthScore,
  truthLogit,
  scoreTruthAt,
  scoreTruthTablesAt,
  type TruthLead,
  type TruthEvent,
} from './truth-score.js';
export {
  generateHistory,
  generateLeads,
  planHistory,
  generateDefaults,
  CREATION_WINDOW_SHARE,
  type GenerateOptions,
  type SynthHistory,
  type HistoryPlan,
} from './generate.js';
export { writeHistory, writeGeneratedHistory, truthFileText, type WriteHistoryOptions, type WrittenCounts } from './write.js';
export { tableToCsv } from './csv.js';
export {
  generateQualifications,
  addQualifications,
  defaultQualificationTruth,
  qualificationTruthSchema,
  QUALIFICATION_TABLE_COLUMNS,
  type QualificationTruth,
  type QualifiedSynthHistory,
} from './qualifications.js';
