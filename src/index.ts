/**
 * leadcal: the one import path for users and notebooks. Every public symbol is named here.
 */
export { LeadcalError, IssueLog, formatIssue, type Issue, type IssueCode, type Severity } from './errors.js';
export { warn, setWarningSink, warningCount, resetWarningCount, type WarningSink } from './warnings.js';
export { writeFileAtomic } from './io.js';
export { parseConfig, readConfig } from './config.js';

export { parseCsv, detectDelimiter, type CsvTable, type CsvOptions } from './data/csv.js';
export { parseTimestamp, parseOffset, formatTimestamp, parseDateOption } from './data/timestamp.js';
export { encodeCategories, inferColumn, isNumberText, columnText, takeColumn, type Column, type CategoryColumn, type NumberColumn } from './data/columns.js';
export { readTable, findTableFile, formatOf, type RawTable, type ReadOptions, type TableFormat } from './data/raw-table.js';
export { readWithDuckDB } from './data/duckdb-reader.js';
export { readMapping, presetMapping, mappingSchema, type Mapping, type LabelSpec, type JoinSpec, type MissingTokens } from './data/mapping.js';
export { resolveMapping, type ResolvedMapping } from './data/resolve-mapping.js';
export { flatTableContract, flatTableNotice, FLAT_FRAME, FLAT_EPOCH_MS, type FlatTableInfo } from './data/flat-table.js';
export { blankMissingTokens, missingTokenSets, type TokenSets } from './data/missing-tokens.js';
export { joinTable } from './data/join-tables.js';
export { PRESETS } from './data/preset-names.js';
export { readHistory, loadHistory, type LoadOptions, type LoadReport } from './data/load.js';
export { eventsBefore, funnelIndex, type History, type Leads, type Events, type Outcomes } from './data/history.js';
export { summarizeHistory, type HistorySummary } from './data/summary.js';
export { FUNNEL_STAGES, CLOSING_STAGES, STAGES, stageCode, parseFunnelStage, type Stage, type FunnelStage } from './data/stages.js';

export { buildFrame, frameSummary, resolveFrameOptions, type Frame, type FrameOptions, type FrameSchedule, type LeftOut, type ResolvedFrameOptions } from './frame/frame.js';
export { diagnoseFrame, type FrameDiagnosis } from './frame/diagnose.js';
export { chooseFrame, modelFrameOptions, modelTestFromMs, modelFrameFields, type FrameChoice, type ModelFrame } from './model/model-frame.js';
export { snapshotStatus, labelWithin, countLeftOut, LEFT_OUT_REASONS, KEPT } from './frame/censoring.js';
export { splitFrameAt, splitFrames, splitFrameStratified, splitFramesBy, describeHoldout, type FrameSplit, type HoldoutSpec } from './frame/split.js';
export { frameRows, subFrame } from './frame/sub-frame.js';
export { frameToCsv } from './frame/frame-csv.js';
export { daysSinceLastEvent } from './features/event-features.js';
export { createRandom, deriveSeed, type Random } from './random.js';
export { historyFromArrays, outcomeReach, type HistoryArrays } from './data/from-arrays.js';
export { leadTimeOrder } from './data/event-order.js';
export { csvCell, csvLine } from './io.js';

export { parseModel, readModel, checkModel, ruleId, modelSchema, DEFAULT_SEGMENT, type ScoringModel, type ScoringModelInput, type AttributeRule, type BehaviorRule, type DecayRule, type Segment, type Condition } from './model/schema.js';
export { conditionMask, conditionsMask, globToRegExp } from './model/conditions.js';
export { compileModel, type CompiledModel } from './model/compile.js';
export { resolveAttributeRule, attributeCases, type AttributeCase, type ResolvedAttributeRule } from './model/attribute-rule.js';
export { scoreSnapshots, scoreFrame, scoreAsOf, explainScore, gradeLetter, matrixCell, type ScoreTable, type Explanation, type ExplanationLine } from './model/score.js';
export { ruleTable, ruleTableCsv, ruleTableMarkdown, type RuleRow } from './model/rule-table.js';
export { modelToSql, sqlLiteral, sqlIdent, type ModelToSqlOptions, type SqlDialectName } from './model/sql.js';
export { modelToYaml, writeModelFile } from './model/model-file.js';
export { scoresToCsv, type ScoresCsvOptions } from './model/scores-table.js';

export { fitLogistic, chooseLogisticMethod } from './logistic/logistic.js';
export { predictLogit, predictProbability, type LogisticCoefficients } from './logistic/logistic-predict.js';
export { optimiseLBFGS, type LbfgsOptions, type LbfgsResult, type Objective } from './logistic/lbfgs.js';
export { sigmoid, softplus, logSigmoid, quantile, quantileSorted, percentileSorted, wilsonBounds, decayRatePerDay, decayRatePerMs, decayWeight, addDecayedSums, DAY_MS, HOUR_MS, daysBetween, daysToMs } from './stats/index.js';
export type { DesignMatrix, LogisticOptions, LogisticFit, LogisticWarning, CoefficientStatus } from './logistic/logistic-types.js';
export { fitScoringModel, FIT_GUARDS, type FitOptions, type FitResult, type FitRuleReport, type FitWarning } from './fit/fit-model.js';
export { separatingAttributes, dominantRules, missingnessByOutcome, type LeakWarning } from './fit/leak-checks.js';
export { fitReportData, fitReportToJson, writeFitReport, parseFitReport, readFitReport, checkFitReport, fitReportSchema, type FitReport, type FitReportInput, type FitReportRule } from './fit/fit-report-file.js';
export { fitWeightsAndDecay, profileIntervals, type DecayFitInput, type DecayFit } from './fit/decay-fit.js';
export { resolveScale, type PointsScale, type ResolvedScale } from './fit/points.js';
export { frameMetrics, type FrameMetrics } from './fit/evaluate.js';
export { fitPredictive, predictPredictive, type PredictiveModel } from './fit/predictive.js';
export { planAttributes, type AttributePlan, type AttributeFeature } from './fit/attribute-features.js';
export { behaviorPairs, decayedColumn, type BehaviorPlan, type BehaviorPairs } from './features/behaviors.js';
export { optimalBins, ivTerm, woe, BINNING_DEFAULTS, type OptimalBins, type OptimalBinsOptions, type BinTrend } from './features/optimal-bins.js';
export { planLevels, type LevelPlan } from './features/levels.js';
export { applyMapping, modelMapping, type ProbabilityMapping } from './model/probability.js';
export { probabilitiesFor, probabilityMappingFor, type ProbabilitySource, type TrainingScores } from './model/probabilities-for.js';
export { calibrateModel, type CalibrationResult } from './calibration/calibrate-model.js';
export { compareScorers, type Comparison, type ScorerComparison } from './compare/compare.js';
export { timeSplit, type TimeSplit } from './compare/split.js';
export * from './thresholds/index.js';
export * from './funnel/index.js';
export * from './drift/index.js';
export * from './calibration/index.js';
export { generateHistory, writeHistory, parseTruth, defaultTruth, scoreTruthAt, type SynthHistory, type SynthTruth } from './synth/index.js';
export * from './qualify/index.js';
export { addQualifications, generateQualifications, defaultQualificationTruth, type QualificationTruth, type QualifiedSynthHistory } from './synth/index.js';
export { buildReportData, writeSite, renderSite, resolveReportOptions, tableCsv, tableJson, tableSlugs, slugify, uniqueSlugs, escapeHtml, renderPlot, linkedomDocument, GENERATED_MARK, PAGE_IDS, type ReportData, type ReportTable, type ReportColumn, type ReportMeta, type ReportModelInfo, type ReportOptions, type ReportModels, type SiteOptions, type PageId, type Cell, type ValidationInput, type DocumentFactory } from './report/index.js';
export { uniqueRuleIds } from './model/schema.js';
