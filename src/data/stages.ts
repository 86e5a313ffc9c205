/**
 * The lifecycle stages of the data contract. Funnel stages are ordered
 * (mql < sql < opportunity < won) and reaching a later one implies the earlier ones;
 * `lost` and `disqualified` close a lead.
 */

export const FUNNEL_STAGES = ['mql', 'sql', 'opportunity', 'won'] as const;
export const CLOSING_STAGES = ['lost', 'disqualified'] as const;
export const STAGES = [...FUNNEL_STAGES, ...CLOSING_STAGES] as const;

export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type Stage = (typeof STAGES)[number];

/** Stage code (index into STAGES) of a name, case-insensitive; -1 when unknown. */
export function stageCode(name: string): number {
  return (STAGES as readonly string[]).indexOf(name.trim().toLowerCase());
}

/** Is this code a funnel stage (not a closing one)? */
export function isFunnelCode(code: number): boolean {
  return code >= 0 && code < FUNNEL_STAGES.length;
}

/**
 * Parse a funnel stage name, or undefined.
 *
 * @example
 * parseFunnelStage('SQL') // => 'sql'
 */
export function parseFunnelStage(name: string): FunnelStage | undefined {
  const code = stageCode(name);
  return isFunnelCode(code) ? FUNNEL_STAGES[code] : undefined;
}
