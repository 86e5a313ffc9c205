/**
 * Gradient-boosted trees for a binary outcome, histogram-based as scikit-learn's
 * HistGradientBoostingClassifier and LightGBM: features binned once (≤ 255 quantile bins and a
 * missing bin), trees grown leaf-wise on gradient histograms of the binary log loss with
 * Newton leaf values −lr·G/(H+λ), missing values sent the learned way at each split, early
 * stopping on a seeded stratified validation share. Deterministic: the same data, options and
 * seed give the same model. Categories enter as numeric codes (ordinal) or indicators; there
 * are no native categorical splits.
 *
 * Reference: Ke et al. (2017), LightGBM; scikit-learn's `ensemble._hist_gradient_boosting`.
 */
import { rejectArgument } from '../check-arguments.js';
import { createRandom } from '../random.js';
import { logisticLoss, softplus } from '../stats/logistic.js';
import { availableParallelism } from 'node:os';
import { binnedStride, binRows, fitBinCuts, MISSING_BIN } from './bin-mapper.js';
import { checkDesign, checkInteger, checkNumber } from './check.js';
import { addLeafValues, growTree, type GrowContext } from './grow-tree.js';
import { DENSE_SHARE, histogramLength, histogramPlan, PASS, planCapacity } from './histogram.js';
import { arenaBytes, fitAllocator } from './arena.js';
import { gradientRange, helperBytes, startFitHelper, type FitHelper, type SharedFitMemory } from './fit-threads.js';
import type { GbmDesign, GbmDiagnostics, GbmModel, GbmOptions, GbmTree } from './types.js';

/** Options with every default filled in. */
export type ResolvedGbmOptions = Required<Omit<GbmOptions, 'maxDepth'>> & { maxDepth: number | undefined };

/** Bytes of the histograms kept in a fit's memory (./arena.ts). */
const HISTOGRAM_POOL_BYTES = 64 * 2 ** 20;

/** Binned values from which `threads: 'auto'` uses a second thread. */
const THREADED_CELLS = 2_000_000;

export function resolveGbmOptions(options: GbmOptions = {}): ResolvedGbmOptions {
  const o: ResolvedGbmOptions = {
    maxIter: checkInteger(options.maxIter ?? 100, 'maxIter', 1, 100_000),
    learningRate: checkNumber(options.learningRate ?? 0.1, 'learningRate', 0, 10, true),
    maxLeafNodes: checkInteger(options.maxLeafNodes ?? 31, 'maxLeafNodes', 2, 65_536),
    maxDepth: options.maxDepth === undefined ? undefined : checkInteger(options.maxDepth, 'maxDepth', 1, 1000),
    minSamplesLeaf: checkInteger(options.minSamplesLeaf ?? 20, 'minSamplesLeaf', 1, Number.MAX_SAFE_INTEGER),
    l2: checkNumber(options.l2 ?? 0, 'l2', 0, Number.MAX_VALUE),
    maxBins: checkInteger(options.maxBins ?? 255, 'maxBins', 2, 255),
    earlyStopping: options.earlyStopping ?? 'auto',
    validationFraction: checkNumber(options.validationFraction ?? 0.1, 'validationFraction', 0, 0.9, true),
    patience: checkInteger(options.patience ?? 10, 'patience', 1, 100_000),
    tol: checkNumber(options.tol ?? 1e-7, 'tol', 0, Number.MAX_VALUE),
    seed: checkInteger(options.seed ?? 0, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    threads: options.threads === undefined || options.threads === 'auto' ? 'auto' : checkInteger(options.threads, 'threads', 1, 2),
  };
  if (o.earlyStopping !== 'auto' && typeof o.earlyStopping !== 'boolean') rejectArgument('earlyStopping', `earlyStopping must be true, false or 'auto'; got ${String(o.earlyStopping)}`, "use 'auto' (on above 10,000 rows)");
  return o;
}

/** Seeded stratified split of the rows: each class shuffled, its first share held out. */
function stratifiedSplit(y: Uint8Array, fraction: number, seed: number): { train: Uint32Array; validation: Uint32Array } {
  const random = createRandom(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    const k = Math.round(fraction * idx.length);
    validation.push(...idx.slice(0, k));
    train.push(...idx.slice(k));
  }
  return { train: Uint32Array.from(train.sort((a, b) => a - b)), validation: Uint32Array.from(validation.sort((a, b) => a - b)) };
}

/** Training rows on which the loss is tracked each iteration (scikit-learn's `train_score_` takes 10,000). */
export const LOSS_SAMPLE_ROWS = 10_000;

/**
 * The training rows whose mean loss `diagnostics.trainLoss` tracks: all of them up to
 * {@link LOSS_SAMPLE_ROWS}, else a seeded sample of that many (sorted), as scikit-learn scores
 * its training loss on a 10,000-row subsample; the loss of every row each iteration would cost
 * a logarithm per row, a few percent of a large fit.
 */
function lossSample(train: Uint32Array, seed: number): Uint32Array {
  if (train.length <= LOSS_SAMPLE_ROWS) return train;
  const random = createRandom(seed + 1);
  const pool = train.slice();
  // the first LOSS_SAMPLE_ROWS of a partial Fisher–Yates shuffle
  for (let i = 0; i < LOSS_SAMPLE_ROWS; i++) {
    const j = i + random.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.subarray(0, LOSS_SAMPLE_ROWS).sort();
}

function meanLogLoss(raw: Float64Array, y: Uint8Array, rows: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    s += softplus(raw[r]!) - y[r]! * raw[r]!;
  }
  return s / Math.max(1, rows.length);
}

/** Add a tree's values to `raw` for `rows`, walking the binned rows. */
function addBinnedTree(tree: GbmTree, bin: number[], binned: Uint8Array, stride: number, rows: Uint32Array, raw: Float64Array): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let k = 0;
    while (tree.feature[k]! >= 0) {
      const v = binned[r * stride + tree.feature[k]!]!;
      k = (v === MISSING_BIN ? tree.missingLeft[k] === 1 : v <= bin[k]!) ? tree.left[k]! : tree.right[k]!;
    }
    raw[r] += tree.value[k]!;
  }
}

/** scikit-learn's `_should_stop`: no score among the last `patience` beats the one before them by more than tol. */
function shouldStop(losses: number[], patience: number, tol: number): boolean {
  if (losses.length < patience + 1) return false;
  const reference = losses[losses.length - patience - 1]! - tol;
  for (let i = losses.length - patience; i < losses.length; i++) if (losses[i]! < reference) return false;
  return true;
}

/**
 * Fit gradient-boosted trees to binary labels.
 *
 * @param X column-major design (NaN = missing)
 * @param y labels 0/1, both present
 * @throws LeadcalError `option_invalid` for a bad design, labels or option.
 * @example
 * const { model, diagnostics } = fitGbm({ rows: n, columns: [x1, x2] }, y, { seed: 1 });
 * diagnostics.iterations // => 100
 */
export function fitGbm(X: GbmDesign, y: Uint8Array, options: GbmOptions = {}): { model: GbmModel; diagnostics: GbmDiagnostics; options: ResolvedGbmOptions } {
  const o = resolveGbmOptions(options);
  checkDesign(X, 'X');
  if (X.columns.length === 0) rejectArgument('X', 'X must have at least one column; got none', 'add features');
  if (!(y instanceof Uint8Array) || y.length !== X.rows) rejectArgument('y', `y must be a Uint8Array of ${X.rows} labels; got ${y?.length ?? 'none'}`, 'one label (0 or 1) per row');
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]! > 1) rejectArgument('y', `y must hold 0 or 1; got ${y[i]} at row ${i}`, 'use 1 for a conversion');
    positives += y[i]!;
  }
  if (positives === 0 || positives === y.length) rejectArgument('y', `y must hold both classes; got ${positives} positives among ${y.length}`, 'choose another target or period');
  const early = o.earlyStopping === 'auto' ? X.rows > 10_000 : o.earlyStopping;
  const { train, validation } = early ? stratifiedSplit(y, o.validationFraction, o.seed) : { train: Uint32Array.from(y.keys()), validation: new Uint32Array(0) };
  let trainPositives = 0;
  for (const r of train) trainPositives += y[r]!;
  if (trainPositives === 0 || trainPositives === train.length) rejectArgument('y', 'the training share must hold both classes', 'turn early stopping off or add rows');
  const features = X.columns.length;
  const n = X.rows;
  const threads = o.threads === 'auto' ? (n * features >= THREADED_CELLS && availableParallelism() >= 2 ? 2 : 1) : o.threads;
  const shared = threads > 1;
  const stride = binnedStride(features);
  const t = train.length;
  // only nodes holding few rows gather their lines
  const compactRows = Math.ceil(DENSE_SHARE * t);
  const hasGh = validation.length > 0;
  const passes = planCapacity(features) * PASS;
  // histograms in the memory: one per leaf a tree can have and two more, within
  // HISTOGRAM_POOL_BYTES (a tree needing more takes ordinary arrays, summed by the JavaScript
  // kernels)
  const histogramBytes = 8 * histogramLength(features);
  const pooled = Math.min(o.maxLeafNodes + 2, Math.max(3, Math.floor(HISTOGRAM_POOL_BYTES / histogramBytes)));
  // every array of the fit in one memory the WebAssembly kernels share (./arena.ts), when it fits
  const bytes = arenaBytes([n * stride, 4 * t, 8 * n, 8 * n, 16 * n, 8 * n, hasGh ? 16 * t : 0, compactRows * stride, features * n, n, 4 * t, 4 * o.maxLeafNodes, 4 * o.maxLeafNodes, 8 * o.maxLeafNodes, 4 * passes, 4 * t, 16 * t, ...Array(pooled).fill(histogramBytes), ...(shared ? helperBytes(t, features) : [])]);
  const alloc = fitAllocator(bytes, shared);
  const binned = alloc.uint8(n * stride);
  const rows = alloc.uint32(t);
  const gradients = alloc.float64(n);
  const hessians = alloc.float64(n);
  const gradHess = alloc.float64(2 * n);
  const raw = alloc.float64(n);
  // without a validation share the row index starts as 0..n−1 in every tree: the gradients in
  // its order are the per-row ones, written in place each iteration
  const gh = hasGh ? alloc.float64(2 * t) : gradHess;
  const compact = alloc.uint8(compactRows * stride);
  const columns = alloc.columns(features, n);
  const labels = alloc.uint8(n);
  labels.set(y);
  const trainRows = alloc.uint32(t);
  trainRows.set(train);
  const leafStart = alloc.int32(o.maxLeafNodes);
  const leafEnd = alloc.int32(o.maxLeafNodes);
  const leafValue = alloc.float64(o.maxLeafNodes);
  // the passes of every histogram, filled in once the features are binned
  const plan = { passes: alloc.int32(passes), count: 0, binary: new Int32Array(0) };
  const scratch = alloc.uint32(t);
  const ghScratch = alloc.float64(2 * t);
  const pool = Array.from({ length: pooled }, () => alloc.float64(histogramLength(features)));
  const memory: SharedFitMemory = { binned, stride, columns, features, plan, gradHess, gh, compact, rows, gradients, hessians, raw, y: labels, train: trainRows, leafStart, leafEnd, leafValue };
  const helper: FitHelper | null = shared ? startFitHelper(memory, alloc) : null;
  try {
    const active = helper?.ready() ? helper : null;
    return boost(X, y, o, early, train, validation, trainPositives, memory, active, { scratch, ghScratch, pool, wasm: alloc.kernels });
  } finally {
    helper?.close();
  }
}

/** Bin the design (on both threads with a helper) and run the boosting iterations. */
function boost(X: GbmDesign, y: Uint8Array, o: ResolvedGbmOptions, early: boolean, train: Uint32Array, validation: Uint32Array, trainPositives: number, memory: SharedFitMemory, active: FitHelper | null, scratch: Pick<GrowContext, 'scratch' | 'ghScratch' | 'pool' | 'wasm'>): { model: GbmModel; diagnostics: GbmDiagnostics; options: ResolvedGbmOptions } {
  const { binned, stride, columns, features, gradients, hessians, gradHess, rows, raw, y: labels, train: trainRows, leafStart, leafEnd, leafValue } = memory;
  const n = X.rows;
  // the loss, the gradients and the binning in two fixed halves of the rows (one per thread when there are two)
  const mid = n >> 1;
  const cuts = fitBinCuts(X.columns, train, o.maxBins, o.seed, active ?? undefined);
  active?.startBinning(X.columns, cuts, mid);
  binRows(X.columns, 0, cuts, binned, stride, columns, 0, active ? mid : n);
  active?.finishBinning();
  // binary features: at most two bins, and no missing value (bin 255) in any row
  Object.assign(memory.plan, histogramPlan(cuts.map((c, f) => c.length <= 1 && !columns[f]!.includes(MISSING_BIN)), memory.plan.passes));
  const ctx: GrowContext = {
    memory, rows, ...scratch, cuts,
    rules: { binCounts: Int32Array.from(cuts, (c) => c.length + 1), l2: o.l2, minSamplesLeaf: o.minSamplesLeaf, minHessian: 1e-3 },
    learningRate: o.learningRate, maxLeafNodes: o.maxLeafNodes, maxDepth: o.maxDepth ?? Number.MAX_SAFE_INTEGER,
    histogramSize: histogramLength(features),
  };
  const baseline = Math.log(trainPositives / (train.length - trainPositives));
  raw.fill(baseline);
  const trees: GbmTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss = early ? [meanLogLoss(raw, y, validation)] : [];
  const leaves: number[] = [];
  let stoppedEarly = false;
  ctx.helper = active ?? undefined;
  let trainMid = 0;
  while (trainMid < train.length && train[trainMid]! < mid) trainMid++;
  const sums = new Float64Array(4);
  const lossRows = lossSample(train, o.seed);
  for (let it = 0; it < o.maxIter; it++) {
    // gradients and hessians of every row (validation rows unused), one exp per row
    active?.startGradients(mid, n, trainMid, train.length);
    gradientRange(logisticLoss, raw, labels, gradients, hessians, gradHess, trainRows, 0, mid, 0, trainMid, sums, 0);
    if (active) active.finishGradients(sums, 2);
    else gradientRange(logisticLoss, raw, labels, gradients, hessians, gradHess, trainRows, mid, n, trainMid, train.length, sums, 2);
    const G = sums[0]! + sums[2]!;
    const H = sums[1]! + sums[3]!;
    trainLoss.push(meanLogLoss(raw, y, lossRows));
    // the partitions are stable: from sorted rows every node's rows stay sorted (sequential reads)
    rows.set(train);
    // the gradients in the order of the row index (the partitions move them with the rows)
    if (memory.gh !== gradHess) for (let i = 0; i < train.length; i++) {
      memory.gh[2 * i] = gradHess[2 * train[i]!]!;
      memory.gh[2 * i + 1] = gradHess[2 * train[i]! + 1]!;
    }
    const grown = growTree(ctx, G, H);
    grown.leaves.forEach((leaf, l) => {
      leafStart[l] = leaf.start;
      leafEnd[l] = leaf.end;
      leafValue[l] = leaf.value;
    });
    // each leaf's rows get its value, half of the row index on each thread
    const half = train.length >> 1;
    active?.startLeaves(grown.leaves.length, half, train.length);
    addLeafValues(rows, raw, leafStart, leafEnd, leafValue, grown.leaves.length, 0, active ? half : train.length);
    active?.finishLeaves();
    trees.push(grown.tree);
    leaves.push(grown.leaves.length);
    if (grown.leaves.length === 1) break; // nothing left to split: more trees would be the same
    if (early) {
      addBinnedTree(grown.tree, grown.bin, binned, stride, validation, raw);
      validationLoss.push(meanLogLoss(raw, y, validation));
      if (shouldStop(validationLoss, o.patience, o.tol)) {
        stoppedEarly = true;
        break;
      }
    }
  }
  trainLoss.push(meanLogLoss(raw, y, lossRows));
  const names = X.names ?? X.columns.map((_, j) => `x${j}`);
  return {
    model: { kind: 'gbm', features, names, baseline, trees },
    diagnostics: { iterations: trees.length, stoppedEarly, trainRows: train.length, validationRows: validation.length, trainLoss, trainLossRows: lossRows.length, kernels: ctx.wasm ? 'webassembly' : 'javascript', validationLoss, bins: cuts.map((c) => c.length + 1), leaves },
    options: o,
  };
}
