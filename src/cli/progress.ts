/**
 * A progress bar with an ETA on stderr, only when stderr is a terminal and the command is not
 * printing JSON: in a pipe, a log file or a test, nothing is drawn. cli-progress is imported
 * only when a bar is drawn.
 */

/** Follows one piece of work after another (each file of a history). */
export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

/**
 * A bar when stderr is a terminal and `quiet` is false (as with --json), else undefined.
 *
 * @example
 * const bar = await progressBar(flags.json === true); bar?.update('events.csv', 5e6, 6e8); bar?.stop();
 */
export async function progressBar(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<Progress | undefined> {
  if (quiet || !stream.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: ' {label} {bar} {percentage}% | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, stream, etaBuffer: 20 }, Presets.shades_classic);
  let current = '';
  return {
    update(label, done, total) {
      if (label !== current) {
        if (current !== '') bar.stop();
        bar.start(total, done, { label });
        current = label;
      } else bar.update(done);
    },
    stop() {
      if (current !== '') bar.stop();
      current = '';
    },
  };
}
