// `kfp`: the headless CLI over src/core and src/kafka. Each subcommand lives in src/cli/*Commands.ts.
// Errors go to stderr with a non-zero exit code: 2 for bad usage or unreadable input, 1 when a cluster
// cannot be reached or a command fails.

import { parseArgs } from 'node:util';
import { ValidationError } from './core/validate';
import { SNAPSHOT_SOURCE_USAGE, UsageError, type CliCommand } from './cli/io';
import { executeCommands } from './cli/executeCommands';
import { planCommands } from './cli/planCommands';
import { skewCommands } from './cli/skewCommands';
import { flinkCommands } from './cli/flinkCommands';
import { sizeCommands } from './cli/sizeCommands';
import { snapshotCommands } from './cli/snapshotCommands';

const COMMANDS: CliCommand[] = [...snapshotCommands, ...skewCommands, ...planCommands, ...executeCommands, ...flinkCommands, ...sizeCommands];

/** Errors that mean "your input is wrong" (exit 2) rather than "the command failed" (exit 1). */
const INPUT_ERRORS = ['UsageError', 'ValidationError', 'SkewInputError', 'PlanInputError', 'ExecutionInputError', 'SizingInputError'];

function usage(): string {
  return [
    'kfp: Kafka & Flink Planner on the command line',
    '',
    'Usage:',
    ...COMMANDS.map((c) => c.usage),
    '',
    SNAPSHOT_SOURCE_USAGE,
    '',
    'Every command takes --out FILE (write there instead of stdout) and -h/--help.',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run kfp --help.`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { ...command.options, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${command.usage}\n\n${SNAPSHOT_SOURCE_USAGE}\n`);
    return 0;
  }
  return command.run(values, positionals);
}

export function exitCodeFor(err: unknown): number {
  const name = err instanceof Error ? err.name : '';
  if (err instanceof UsageError || err instanceof ValidationError || INPUT_ERRORS.includes(name)) return 2;
  if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return 2;
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`kfp: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = exitCodeFor(err);
    },
  );
}
