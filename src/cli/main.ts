/**
 * The `leadcal` command line: one file per subcommand, each a thin user of the library.
 * Exit codes: 0 ok, 1 bad input, 2 usage; `review` exits 3 when its verdict is keep or not-enough-data.
 */
import { Command, CommanderError } from 'commander';
import { LeadcalError, formatIssue } from '../errors.js';
import { analysisCommands } from './analysis.js';
import { backtestCommand } from './backtest.js';
import { compareCommands } from './compare.js';
import { dbtCommand } from './dbt.js';
import { demoCommand } from './demo.js';
import { fitCommand } from './fit.js';
import { frameCommand } from './frame.js';
import { missCommand } from './miss.js';
import { modelCommands } from './model-commands.js';
import { summaryCommand } from './summary.js';
import { synthCommand } from './synth.js';
import { icpCommand } from './icp.js';
import { qualifyCommand } from './qualify.js';
import { reportCommand } from './report.js';
import { reviewCommand } from './review.js';
import { stabilityCommand } from './stability.js';
import { validateCommand } from './validate.js';

const USAGE_CODES = new Set(['option_invalid']);

export function buildProgram(): Command {
  const program = new Command('leadcal')
    .description('calibrate lead-scoring models from history')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  validateCommand(program);
  summaryCommand(program);
  frameCommand(program);
  synthCommand(program);
  modelCommands(program);
  dbtCommand(program);
  fitCommand(program);
  reportCommand(program);
  analysisCommands(program);
  compareCommands(program);
  missCommand(program);
  stabilityCommand(program);
  backtestCommand(program);
  reviewCommand(program);
  qualifyCommand(program);
  icpCommand(program);
  demoCommand(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Run the CLI; resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof LeadcalError) {
      for (const issue of e.issues) process.stderr.write(`error: ${formatIssue(issue)}\n`);
      return USAGE_CODES.has(e.code) ? 2 : 1;
    }
    process.stderr.write(`internal error: ${(e as Error).message}\n${process.env.LEADCAL_DEBUG ? `${(e as Error).stack}\n` : 'set LEADCAL_DEBUG=1 for the stack trace\n'}`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && /(main\.[jt]s|leadcal(\.js)?)$/.test(process.argv[1]);
if (isMain) {
  // a closed pipe (`leadcal … | head`) is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
