/**
 * The output guard of the commands that write files: every `--out`/`--report` is checked
 * against the files and folders the command reads before any work is done (see
 * src/safe-output.ts). One call per command: `await guardOutputs({ '--out': flags.out }, dir, flags)`.
 */

/** The input-naming flags a command may have; each is checked when set. */
export interface InputFlags {
  mapping?: string | undefined;
  model?: string | undefined;
  icpFeature?: string | undefined;
  icp?: string | undefined;
  compare?: string[] | undefined;
  previous?: string | undefined;
  fitReport?: string | undefined;
  starter?: string | undefined;
}

/**
 * Refuse outputs that would overwrite an input (exit 1, naming both), or each other.
 *
 * @param outputs flag → path (unset flags are skipped; `-` means stdout)
 * @param dir the history folder
 */
export async function guardOutputs(outputs: Record<string, string | undefined>, dir: string | undefined, flags: InputFlags): Promise<void> {
  const given = Object.entries(outputs).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '-');
  if (!given.length) return;
  const { checkOutputPath, realPathOf } = await import('../safe-output.js');
  const inputs = [dir, flags.mapping, flags.model, flags.icpFeature, flags.icp, ...(flags.compare ?? []), flags.previous, flags.fitReport, flags.starter];
  const seen = new Map<string, string>();
  for (const [flag, path] of given) {
    checkOutputPath(flag, path, inputs);
    const real = realPathOf(path);
    const other = seen.get(real);
    if (other !== undefined) {
      const { usage } = await import('./common.js');
      usage(flag, `${flag} and ${other} name the same file ${path}`, 'give each output its own file');
    }
    seen.set(real, flag);
  }
}
