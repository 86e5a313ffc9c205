/**
 * The bottom layer: each formula used by more than one layer, once, with its reference —
 * logistic/softplus, type-7 quantiles, the Wilson interval, the decay kernel, day arithmetic,
 * Spearman's rank correlation.
 * Nothing here imports from another src folder.
 */
export { sigmoid, softplus, logSigmoid, logisticLoss } from './logistic.js';
export { quantile, quantileSorted, percentileSorted } from './quantile.js';
export { wilsonBounds, Z_95 } from './wilson.js';
export { decayRatePerDay, decayRatePerMs, decayWeight, addDecayedSums } from './decay.js';
export { DAY_MS, HOUR_MS, daysBetween, daysToMs } from './days.js';
export { averageRanks, spearmanCorrelation } from './rank-correlation.js';
export { correlation } from './correlation.js';
