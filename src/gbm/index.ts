/** Gradient-boosted trees: fit, predict, contributions (the barrel of src/gbm). */
export { fitGbm, resolveGbmOptions, type ResolvedGbmOptions } from './fit-gbm.js';
export { predictGbm, predictGbmRaw } from './predict-gbm.js';
export { gbmContributions } from './tree-shap.js';
export type { GbmDesign, GbmDiagnostics, GbmModel, GbmOptions, GbmTree } from './types.js';
