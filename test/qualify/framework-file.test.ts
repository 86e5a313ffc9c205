// The framework file: frameworkToYaml writes what parseFramework reads back to an equal
// framework (every built-in, and a framework built in code), with defaults left out.
import { describe, expect, it } from 'vitest';
import { builtinFrameworks, frameworkFromObject, frameworkToYaml, parseFramework, writeFrameworkFile, type Framework } from '../../src/qualify/index.js';
import { readFramework } from '../../src/qualify/builtin-frameworks.js';
import { join } from 'node:path';
import { tempHistory } from '../helpers.js';

/** A framework without where it was read from (file and lines). */
function content(f: Framework): Framework {
  const { file: _file, ...rest } = f;
  return { ...rest, criteria: f.criteria.map(({ line: _line, ...c }) => c) };
}

describe('frameworkToYaml', () => {
  it.each(builtinFrameworks().map((f) => [f.name, f] as const))('%s round-trips through parseFramework', (_name, f) => {
    expect(content(parseFramework(frameworkToYaml(f), 'again.yaml'))).toEqual(content(f));
  });

  it('leaves defaults out and writes the comment as # lines', () => {
    const f = frameworkFromObject({ name: 'recommended', criteria: [{ id: 'budget' }, { id: 'need', aliases: ['Pain'] }], rule: { requiredMet: 'all', minMet: 1 } });
    expect(frameworkToYaml(f, { comment: 'written by a test\nsecond line' })).toBe([
      '# written by a test',
      '# second line',
      'name: recommended',
      'criteria:',
      '  - id: budget',
      '  - id: need',
      '    aliases:',
      '      - pain',
      'rule:',
      '  requiredMet: all',
      '  minMet: 1',
      '',
    ].join('\n'));
  });

  it('writeFrameworkFile writes a file that readFramework loads', () => {
    const f = frameworkFromObject({ name: 'Mine', criteria: [{ id: 'budget', required: true, weight: 2, label: 'Budget', question: 'Is there budget?' }], rule: { minScore: 40 } });
    const path = join(tempHistory({}), 'frameworks', 'mine.yaml');
    writeFrameworkFile(path, f);
    expect(content(readFramework(path))).toEqual(content(f));
  });
});
