/**
 * Names of the built-in mapping presets (files in src/data/presets/). Kept apart from
 * mapping.ts so that the command line can list them without loading the mapping schema.
 */
export const PRESETS = ['hubspot', 'salesforce', 'marketo'] as const;
