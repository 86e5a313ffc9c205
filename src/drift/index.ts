/**
 * Drift: does the score mean the same thing over time? PSI of the score and of every attribute
 * between two periods, and conversion-by-band drift. Every public symbol of the folder is named here.
 */
export { psi, psiBand, PSI_EPSILON, type PsiBand, type PsiOptions, type PsiRow, type PsiTable } from './psi.js';
export { columnPsi, featurePsi, type FeaturePsiRow } from './feature-psi.js';
export { bandDrift, type BandDriftOptions, type BandDriftRow, type ScoredPeriod } from './band-drift.js';
export { quantileEdges, uniformEdges } from './bin-edges.js';
