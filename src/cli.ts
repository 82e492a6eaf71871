// `kfp`: the headless CLI over src/core and src/kafka. Each subcommand lives in src/cli/*Commands.ts.
// Errors go to stderr with a non-zero exit code: 2 for bad usage or unreadable input (every InputError, and the
// flag errors of node:util parseArgs), 1 when a cluster cannot be reached or a command fails. User errors and
// expected failures print their message alone; anything else (a bug) also prints its stack.

import { parseArgs } from 'node:util';
import { errorMessage, isInputError } from './core/errors';
import { SNAPSHOT_SOURCE_USAGE, UsageError, type CliCommand } from './cli/io';
import { executeCommands } from './cli/executeCommands';
import { planCommands } from './cli/planCommands';
import { skewCommands } from './cli/skewCommands';
import { flinkCommands } from './cli/flinkCommands';
import { sizeCommands } from './cli/sizeCommands';
import { simulateCommands } from './cli/simulateCommands';
import { snapshotCommands } from './cli/snapshotCommands';

const COMMANDS: CliCommand[] = [
  ...snapshotCommands,
  ...skewCommands,
  ...planCommands,
  ...executeCommands,
  ...flinkCommands,
  ...sizeCommands,
  ...simulateCommands,
];

/** Exit code for bad usage or unreadable input ("your input is wrong"). */
export const EXIT_USAGE = 2;
/** Exit code when the command fails (a cluster that cannot be reached, a failed execution, a bug). */
export const EXIT_FAILURE = 1;

/**
 * Failures whose message says all there is to say (no stack): a cluster that cannot be reached, an execution
 * Kafka refused, a Node.js too old for the Kafka client. By name, so the Kafka client is not loaded to check.
 */
const EXPECTED_FAILURES = new Set(['KafkaConnectionError', 'ExecutionError', 'SnapshotCancelledError', 'UnsupportedRuntimeError']);

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
    return name ? 0 : EXIT_USAGE;
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

function isBadFlag(err: unknown): boolean {
  return typeof (err as { code?: unknown } | null)?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS');
}

export function exitCodeFor(err: unknown): number {
  return isInputError(err) || isBadFlag(err) ? EXIT_USAGE : EXIT_FAILURE;
}

/** What stderr shows for an error: the message; for a bug, also the stack (to report it). */
export function errorReport(err: unknown): string {
  const message = `kfp: ${errorMessage(err)}\n`;
  if (isInputError(err) || isBadFlag(err) || !(err instanceof Error) || EXPECTED_FAILURES.has(err.name) || !err.stack) return message;
  return `${message}kfp: internal error; please report it with this trace:\n${err.stack}\n`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(errorReport(err));
      process.exitCode = exitCodeFor(err);
    },
  );
}
