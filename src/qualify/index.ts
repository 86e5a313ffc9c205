/**
 * Qualification: the ideal customer profile (ICP fit per lead, conversion by fit band) and
 * qualification frameworks as data (BANT, CHAMP, MEDDIC, MEDDICC, GPCTBA/C&I and your own),
 * measured on the optional `qualifications` table of a history: qualified vs nurtured win
 * rates, per-criterion lift, AUC, and the subset of criteria that predicted wins best.
 */
export { UNKNOWN, MET, NOT_MET, QUALIFICATION_VALUES, QUALIFICATION_COLUMNS, criterionName, qualificationValue, type Qualifications, type QualificationValue } from './qualifications.js';
export { qualificationMappingSchema, readQualificationMapping, type QualificationMapping } from './qualification-mapping.js';
export { readQualifications, loadQualifications, type QualificationLoadOptions, type QualificationReport } from './load-qualifications.js';
export { qualificationStatesAt, type QualificationStates } from './qualification-states.js';
export { frameworkSchema, parseFramework, frameworkFromObject, requiredNeeded, type Framework, type FrameworkCriterion, type QualificationRule } from './framework.js';
export { frameworkFileData, frameworkToYaml, writeFrameworkFile, type FrameworkFileOptions } from './framework-file.js';
export { FRAMEWORKS_DIR, readFramework, builtinFrameworks, findFramework } from './builtin-frameworks.js';
export { evaluateFramework, missingCriteria, nurtureReason, type FrameworkEvaluation, type MissingCriterion } from './evaluate-framework.js';
export { routeLeads, type RouteRow } from './route-leads.js';
export { QUALIFY_TARGETS, qualificationCohort, resolveCohortOptions, type QualifyTarget, type QualificationCohort, type QualificationCohortOptions, type ResolvedCohortOptions } from './cohort.js';
export { groupCount, aucOrNull, type GroupCount } from './group-count.js';
export { capturedAtVolume, type CapturedAtVolume } from './captured-at-volume.js';
export { measureFramework, type FrameworkMeasure, type CriterionMeasure } from './measure-framework.js';
export { stratifiedSplit, searchCriteria, youdenMinMet, type SplitRows, type SearchStep, type CriteriaSearch } from './search-criteria.js';
export { qualifyReport, type QualifyOptions, type QualifyReport, type CriteriaRecommendation } from './qualify-report.js';
export { qualifyJson } from './qualify-json.js';
export { icpSchema, parseIcp, readIcp, type Icp, type IcpCriterion } from './icp.js';
export { icpFit, icpFitScores, icpMissed, type IcpFit } from './icp-fit.js';
export { icpFitToCsv } from './icp-fit-csv.js';
export { icpConversion, type ConversionCount, type IcpConversionOptions, type IcpConversionTable, type IcpBandRow, type IcpCriterionRow } from './icp-conversion.js';
