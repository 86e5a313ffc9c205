/** dist/cli/main.js, absolute. */
export const BUILT_CLI: string;
/** True when dist/cli/main.js exists and src/ has not changed since it was built. */
export function builtCliIsCurrent(): boolean;
