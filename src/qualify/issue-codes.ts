/**
 * Issue codes the qualify module reports with. `errors.ts` has no code yet for a value outside
 * a closed vocabulary or for a thin sample; these stand in (the nearest existing codes) so that
 * swapping them for dedicated codes is a one-line change here.
 */
import type { IssueCode } from '../errors.js';

/** A value outside its vocabulary (a qualification value, like an unknown stage). */
export const VALUE_INVALID: IssueCode = 'value_invalid';

/** Too few leads or wins for a stable estimate (a recoverable warning). */
export const SMALL_SAMPLE: IssueCode = 'small_sample';
