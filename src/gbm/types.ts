/**
 * Types of the gradient-boosted trees: options, the plain-data model (serialises to JSON) and
 * the diagnostics a fit returns.
 */

/** Options of {@link fitGbm}; defaults follow scikit-learn's HistGradientBoostingClassifier. */
export interface GbmOptions {
  /** Boosting iterations (trees), at most. Default 100. */
  maxIter?: number;
  /** Shrinkage applied to every leaf value. Default 0.1. */
  learningRate?: number;
  /** Leaves per tree (leaf-wise growth, best gain first). Default 31. */
  maxLeafNodes?: number;
  /** Depth limit (root at depth 0); undefined = none. */
  maxDepth?: number;
  /** Training rows per leaf, at least. Default 20. */
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values (added to the hessian sum). Default 0. */
  l2?: number;
  /** Bins for non-missing values per feature (≤ 255); missing values get a bin of their own. Default 255. */
  maxBins?: number;
  /** Early stopping on a validation share: `'auto'` = on above 10,000 rows (scikit-learn's rule). */
  earlyStopping?: boolean | 'auto';
  /** Share of the rows held out (stratified, seeded) for early stopping. Default 0.1. */
  validationFraction?: number;
  /** Stop when the validation loss has not improved by `tol` in this many iterations. Default 10. */
  patience?: number;
  tol?: number;
  /** Seed of the validation split and the binning subsample. Default 0. */
  seed?: number;
  /**
   * Threads building the gradient histograms (1 or 2; the model is the same bits either way).
   * `'auto'` = 2 when there are two cores and at least 2,000,000 binned values. Default `'auto'`.
   */
  threads?: number | 'auto';
}

/**
 * One tree as parallel arrays over its nodes (node 0 is the root). A leaf has `feature` −1.
 * A row goes left when its value is ≤ `threshold`, or when it is missing (NaN) and
 * `missingLeft` is 1. `count` is the number of training rows that reached the node (the
 * cover TreeSHAP weighs by); `value` is a leaf's contribution to the raw score (log-odds),
 * learning rate included.
 */
export interface GbmTree {
  feature: number[];
  threshold: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  count: number[];
}

/** A fitted ensemble: raw score = baseline + Σ trees; probability = sigmoid(raw score). */
export interface GbmModel {
  kind: 'gbm';
  /** Number of input features (columns) the model reads. */
  features: number;
  names: string[];
  /** Log-odds of the training base rate. */
  baseline: number;
  trees: GbmTree[];
}

export interface GbmDiagnostics {
  iterations: number;
  /** Whether early stopping ended the boosting before `maxIter`. */
  stoppedEarly: boolean;
  trainRows: number;
  validationRows: number;
  /**
   * Mean log loss on `trainLossRows` training rows before each tree and after the last (index 0
   * = baseline only): all the training rows up to 10,000, else a seeded sample of 10,000, as
   * scikit-learn's `train_score_`.
   */
  trainLoss: number[];
  /** Training rows the `trainLoss` is taken on. */
  trainLossRows: number;
  /**
   * The kernels the fit ran: WebAssembly on one shared memory, or JavaScript when that memory
   * could not be had (over 4 GiB of arrays, no address space left) or `LEADCAL_GBM_WASM=0`;
   * both give the same model.
   */
  kernels: 'webassembly' | 'javascript';
  /** Mean log loss on the validation rows (empty without early stopping). */
  validationLoss: number[];
  /** Non-missing bins per feature. */
  bins: number[];
  leaves: number[];
}

/** A column-major design: one Float64Array per feature (NaN = missing), all of length `rows`. */
export interface GbmDesign {
  rows: number;
  columns: Float64Array[];
  names?: string[];
}
