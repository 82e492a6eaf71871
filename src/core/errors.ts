// User errors versus internal errors.
//
// A user error means "your input is wrong": a bad or unreadable file, JSON that does not parse or validate, a bad
// flag or option value. Every such error extends InputError, whose message says what is wrong, where (a file, a JSON
// path, a flag) and, when the problem alone does not make it obvious, how to fix it. The front ends treat all of
// them alike: the CLI prints the message without a stack and exits with its usage code (2); the VS Code command
// wrapper shows the message and logs it as a warning. Any other error is a failure or a bug, logged with its stack.

export interface InputErrorDetails {
  /** Where the bad input is: a file, a JSON path, a flag or a field. Prefixes the message ("where: what"). */
  where?: string;
  /** How to fix it, when the problem alone does not say. Ends the message. */
  fix?: string;
  /** The underlying error (an I/O error code, a parse error), kept for the log. */
  cause?: unknown;
}

/**
 * Marks every InputError, also one thrown by a separately bundled copy of this module (the extension loads its Kafka
 * code from a file of its own on first use, see esbuild.mjs), where `instanceof` would not see it.
 */
const INPUT_ERROR = Symbol.for('kafkaPlanner.InputError');

export class InputError extends Error {
  /** The problem alone, without where and how to fix. */
  readonly what: string;
  readonly where?: string;
  readonly fix?: string;

  constructor(what: string, details: InputErrorDetails = {}) {
    super(inputErrorMessage(what, details), details.cause === undefined ? undefined : { cause: details.cause });
    // names are set literally: the production bundle is minified, which renames classes
    this.name = 'InputError';
    Object.defineProperty(this, INPUT_ERROR, { value: true });
    this.what = what;
    if (details.where !== undefined) this.where = details.where;
    if (details.fix !== undefined) this.fix = details.fix;
  }
}

function inputErrorMessage(what: string, { where, fix }: InputErrorDetails): string {
  const located = where ? `${where}: ${what}` : what;
  if (!fix) return located;
  return /[.!?]$/.test(located) ? `${located} ${fix}` : `${located}. ${fix}`;
}

/** Whether `err` is a user error (bad input) rather than a failure or a bug. */
export function isInputError(err: unknown): err is Error {
  return err instanceof InputError || (err instanceof Error && (err as unknown as Record<symbol, unknown>)[INPUT_ERROR] === true);
}

/** The one sentence to show for any thrown value (the message alone: no stack). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A command that needs a cluster ran while none is listed (the first run, before the user added one or the demo). */
export class NoClusterError extends InputError {
  constructor(verb: string) {
    super(`No cluster is listed yet to ${verb}`, {
      fix: 'Add one with "Kafka Planner: Add Cluster…", or try the embedded demo with "Kafka Planner: Open Demo Cluster".',
    });
    this.name = 'NoClusterError';
  }
}
