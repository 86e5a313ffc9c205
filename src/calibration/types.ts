/**
 * Input types shared by the calibration module. Public functions accept plain arrays for
 * convenience and typed arrays for speed; each wrapper normalises once (see `check.ts`) and
 * hands typed arrays to its kernel.
 */

/** 0/1 outcomes, one per row (1 = converted). */
export type Labels = Uint8Array | readonly number[];

/** Real-valued scores (any finite number) or probabilities in [0, 1], one per row. */
export type Scores = Float64Array | readonly number[];

/** Non-negative finite sample weights, one per row. */
export type Weights = Float64Array | readonly number[];

/** How `calibrationCurve` and the binned calibration errors cut [0, 1]. */
export type BinStrategy = 'uniform' | 'quantile';
