// Outputs never touch inputs: checkOutputPath refuses outputs that are, hold or replace an
// input (through symlinks and hard links too); file-system errors become LeadcalErrors naming
// the path and what to do.
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadcalError } from '../src/errors.js';
import { writeFileAtomic } from '../src/io.js';
import { checkOutputPath, fileSystemError } from '../src/safe-output.js';
import { issueLines } from './helpers.js';

function tree(): { root: string; data: string; model: string } {
  const root = mkdtempSync(join(tmpdir(), 'leadcal-out-'));
  const data = join(root, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'leads.csv'), 'lead_id,created_at\n');
  const model = join(root, 'model.yaml');
  writeFileSync(model, 'leadcal: 1\n');
  return { root, data, model };
}

describe('checkOutputPath', () => {
  it('refuses an output that is an input file, replaces a file in an input folder or holds an input', () => {
    const { root, data, model } = tree();
    expect(issueLines(() => checkOutputPath('--out', join(data, 'leads.csv'), [data, model]))[0]).toMatch(/refusing to write --out .*leads\.csv: it would replace a file inside the input folder/);
    expect(issueLines(() => checkOutputPath('--out', model, [data, model]))[0]).toMatch(/it is the input file/);
    expect(issueLines(() => checkOutputPath('--out', data, [data]))[0]).toMatch(/it is the input folder/);
    expect(issueLines(() => checkOutputPath('--out', root, [data]))[0]).toMatch(/it holds the input/);
    // through a symlink, a relative path with .., and a hard link
    symlinkSync(join(data, 'leads.csv'), join(root, 'link.csv'));
    expect(() => checkOutputPath('--out', join(root, 'link.csv'), [data])).toThrow(LeadcalError);
    expect(() => checkOutputPath('--out', join(root, 'x', '..', 'model.yaml'), [model])).toThrow(LeadcalError);
    linkSync(model, join(root, 'hard.yaml'));
    expect(() => checkOutputPath('--out', join(root, 'hard.yaml'), [model])).toThrow(LeadcalError);
  });

  it('allows new files, new files inside an input folder, and unrelated existing files', () => {
    const { root, data, model } = tree();
    writeFileSync(join(root, 'old-scores.csv'), 'x');
    expect(() => checkOutputPath('--out', join(root, 'scores.csv'), [data, model, undefined])).not.toThrow();
    expect(() => checkOutputPath('--out', join(root, 'old-scores.csv'), [data, model])).not.toThrow();
    expect(() => checkOutputPath('--out', join(data, 'scores.csv'), [data, model])).not.toThrow();
    expect(() => checkOutputPath('--out', join(root, 'missing', 'a.csv'), [join(root, 'nope')])).not.toThrow();
  });
});

describe('file-system errors while writing', () => {
  it('are LeadcalErrors with the path and what to do, not internal errors', () => {
    const { root, data } = tree();
    expect(issueLines(() => writeFileAtomic(join(data, 'leads.csv', 'x.csv'), 'x'))[0]).toMatch(/leads\.csv\/x\.csv: cannot write \((ENOTDIR|EEXIST)\) — /);
    expect(issueLines(() => writeFileAtomic(data, 'x'))[0]).toMatch(/data: cannot write \(EISDIR\) — that path is a folder: give a file name/);
    const e = fileSystemError(Object.assign(new Error('denied'), { code: 'EACCES' }), join(root, 'ro', 'a.csv'));
    expect(e).toBeInstanceOf(LeadcalError);
    expect((e as LeadcalError).message).toMatch(/ro\/a\.csv: cannot write \(EACCES\) — no permission/);
    const bug = new TypeError('not a file-system error');
    expect(fileSystemError(bug, 'x')).toBe(bug);
  });
});
