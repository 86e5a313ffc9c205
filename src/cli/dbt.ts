/**
 * `leadcal dbt`: write a dbt project that scores leads with a model on the warehouse.
 */
import { Option, type Command } from 'commander';
import { guardOutputs } from './outputs.js';
import { SQL_DIALECT_CHOICES } from './model-commands.js';
import type { SqlDialectName } from '../model/sql-dialect.js';

export function dbtCommand(program: Command): void {
  program
    .command('dbt')
    .description('write a dbt project (models/leadcal_scores.sql, schema.yml with tests) that scores leads with --model where they live')
    .requiredOption('--model <file>', 'scoring model (YAML/JSON)')
    .requiredOption('--out <dir>', 'folder of the dbt project (written atomically; replaced only if leadcal wrote it)')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect of the warehouse').choices(SQL_DIALECT_CHOICES).default('duckdb'))
    .option('--source <name>', 'dbt source holding the leads and events tables', 'crm')
    .option('--refs', "read {{ ref('leads') }} and {{ ref('events') }} (models of your project) instead of a source")
    .action(async (flags: { model: string; out: string; dialect: SqlDialectName; source: string; refs?: boolean }) => {
      await guardOutputs({ '--out': flags.out }, undefined, flags);
      const [{ readModel }, { dbtProject, writeDbtProject }] = await Promise.all([import('../model/schema.js'), import('../model/dbt.js')]);
      const files = dbtProject(readModel(flags.model), { dialect: flags.dialect, source: flags.source, refs: flags.refs ?? false });
      writeDbtProject(files, flags.out);
      process.stderr.write(`wrote dbt project ${flags.out} (${Object.keys(files).join(', ')})\n`);
    });
}
