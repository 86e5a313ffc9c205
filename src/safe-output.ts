/**
 * Outputs never touch inputs. `checkOutputPath` refuses an output path that is (through
 * symlinks or hard links) one of the files or folders a command read, contains one of them, or
 * would replace a file inside an input folder. `fileSystemError` turns the errors of writing
 * (`EACCES`, `EEXIST`, `EISDIR`, `ENOTDIR` …) into a LeadcalError naming the path and what to do.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LeadcalError } from './errors.js';

/** The path with symlinks resolved in its longest existing prefix (the rest appended as given). */
export function realPathOf(path: string): string {
  const abs = resolve(path);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(head);
      return tail.length ? join(real, ...tail.reverse()) : real;
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.push(basename(head));
      head = up;
    }
  }
}

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Refuse an output that would overwrite or replace an input.
 *
 * Refused: the output resolves (realpath, or the same inode through a hard link) to an input
 * file or folder; it is a folder holding an input; it is an existing file inside an input folder.
 * A new file inside an input folder is allowed (nothing is replaced).
 *
 * @param flag the option that named the output (`--out`, `--report`), for the message
 * @param inputs files and folders the command reads (undefined entries are skipped)
 * @throws {LeadcalError} `output_is_input` naming the output and the input
 * @example
 * checkOutputPath('--out', 'data/leads.csv', ['data']) // throws: would replace data/leads.csv
 */
export function checkOutputPath(flag: string, output: string, inputs: readonly (string | undefined)[]): void {
  const out = realPathOf(output);
  for (const input of inputs) {
    if (input === undefined || !existsSync(input)) continue;
    const real = realPathOf(input);
    const isDir = statSync(real).isDirectory();
    let why: string | undefined;
    if (out === real || sameFile(out, real)) why = `it is the input ${isDir ? 'folder' : 'file'} ${input}`;
    else if (inside(real, out)) why = `it holds the input ${input}`;
    else if (isDir && inside(out, real) && existsSync(out)) why = `it would replace a file inside the input folder ${input}`;
    if (why) {
      throw new LeadcalError({
        code: 'output_is_input', severity: 'error', file: output,
        message: `refusing to write ${flag} ${output}: ${why}`,
        hint: 'write outputs outside the input files and folders, e.g. under out/ or reports/',
      });
    }
  }
}

const WHAT_TO_DO: Record<string, string> = {
  EACCES: 'no permission to write there: choose a folder you can write to, or change its permissions',
  EPERM: 'the system does not allow writing there: choose another place',
  EROFS: 'the file system is read-only: choose another place',
  EEXIST: 'something is already in the way there: remove it or choose another name',
  EISDIR: 'that path is a folder: give a file name',
  ENOTDIR: 'a part of that path is a file, not a folder: choose another path',
  ENOTEMPTY: 'the folder is not empty: remove it or choose another name',
  ENOSPC: 'the disk is full: free space or choose another disk',
  ENAMETOOLONG: 'the path is too long: choose a shorter one',
};

/**
 * A LeadcalError (`file_unwritable`) for a file-system error met while writing `path`, or the
 * error unchanged when it is not one (a bug stays an internal error).
 *
 * @example
 * fileSystemError(Object.assign(new Error('x'), { code: 'EACCES' }), 'out/a.csv').message
 * // => 'out/a.csv: cannot write (EACCES) — no permission to write there: …'
 */
export function fileSystemError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new LeadcalError({
    code: 'file_unwritable', severity: 'error', file: path,
    message: `cannot write (${code})`,
    hint: WHAT_TO_DO[code] ?? `the system said: ${(error as Error).message}`,
  });
}
