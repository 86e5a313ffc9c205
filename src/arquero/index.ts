/**
 * arquero interop: the library's tables out as arquero tables (`toArquero` and one function
 * per kind), and arquero tables in where the library reads tables (`readHistoryTables`,
 * `loadHistoryTables`: the leads, events and outcomes of a history). Every public symbol of the
 * folder is named here.
 */
export { toArquero, frameToArquero, scoresToArquero, sweepToArquero, calibrationToArquero, fitRulesToArquero, binningToArquero, comparisonToArquero, disagreementsToArquero, type Tabular } from './to-arquero.js';
export { readHistoryTables, loadHistoryTables, rawTableFromArquero, rawColumn, type ArqueroTables } from './from-arquero.js';
