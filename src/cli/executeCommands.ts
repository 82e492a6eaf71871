// kfp execute | cleanup: run a reviewed plan on a live cluster with throttles, progress and Ctrl-C to cancel;
// clean up after an execution that did not finish (its journal file says what it set). Before anything changes,
// execute compares the plan's base (--base: its rollback file or the snapshot it was made from) with the cluster
// now and refuses, exit 3, when the plan is stale or another reassignment is in flight.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { scheduleExecution } from '../core/planner/execution';
import { electionLines, electionSummary } from '../core/planner/election';
import { executionJournalFromJson, executionJournalToJson, type ExecutionJournal } from '../core/planner/executionJournal';
import { parsePlanText, reviewParsedPlan } from '../core/planner/review';
import { checkPlanBinding } from '../core/planBinding';
import { formatStaleness, planBaseFromSnapshot, planStaleness, stalenessSummary } from '../core/planner/staleness';
import { formatBytes, formatMBps } from '../core/units';
import { readPlanBase } from './planBase';
import { CONNECTION_OPTIONS, UsageError, liveSnapshot, positiveNumber, readText, type CliCommand, type Flags } from './io';
import { bytesPerSec } from './planCommands';
import { plural } from '../core/units';

/** Reads and validates a journal written by kfp execute; errors name the file and the JSON path (exit 2). */
function readJournal(file: string): ExecutionJournal {
  return executionJournalFromJson(readText(file, 'execution journal'), file);
}

async function confirm(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

function connectionSettingsOf(flags: Flags, defaults: { connect: number; request: number }) {
  return {
    bootstrap: String(flags.bootstrap).split(','),
    connectTimeoutMs: positiveNumber(flags['connect-timeout'], '--connect-timeout', defaults.connect, 'milliseconds'),
    requestTimeoutMs: positiveNumber(flags['request-timeout'], '--request-timeout', defaults.request, 'milliseconds'),
  };
}

/** Runs an execution (fresh or resumed) with Ctrl-C as cancel, the journal in a file, progress on stderr. */
async function runExecution(
  journalFile: string,
  start: (
    hooks: Pick<import('../kafka/execute').ExecuteOptions, 'isCancelled' | 'onLog' | 'onProgress' | 'journal'>,
  ) => Promise<import('../kafka/execute').ExecutionResult>,
): Promise<number> {
  let cancelled = false;
  const onSigint = () => {
    if (!cancelled) process.stderr.write('\nCancelling: in-flight moves are rolled back and throttles removed; please wait…\n');
    cancelled = true;
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await start({
      isCancelled: () => cancelled,
      onLog: (line) => process.stderr.write(`${line}\n`),
      onProgress: (p) => process.stderr.write(`  ${p.message}\n`),
      journal: {
        save: async (j) => writeFileSync(journalFile, executionJournalToJson(j)),
        clear: async () => rmSync(journalFile, { force: true }),
      },
    });
    for (const l of result.leftovers) process.stderr.write(`LEFT BEHIND: ${l}\n`);
    if (result.election) {
      process.stderr.write(`preferred leader election: ${electionSummary(result.election)}\n`);
      for (const line of electionLines(result.election)) process.stderr.write(`  ${line}\n`);
    }
    process.stderr.write(
      `${result.outcome}: ${plural(result.partitionsMoved, 'partition')} moved in ${plural(result.batchesDone, 'batch')}${result.error ? `; ${result.error}` : ''}\n`,
    );
    return result.outcome === 'completed' ? 0 : result.outcome === 'cancelled' ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function resume(flags: Flags): Promise<number> {
  if (typeof flags.journal !== 'string') throw new UsageError('--resume needs --journal FILE (written by kfp execute next to the plan).');
  if (typeof flags.bootstrap !== 'string') throw new UsageError('--resume needs --bootstrap HOST:PORT.');
  const journal = readJournal(flags.journal);
  process.stderr.write(
    `Resuming on ${flags.bootstrap}: ${plural(journal.pending.length, 'move')} not confirmed done, ${journal.inFlight.length} in flight, ` +
      `throttle ${formatMBps(journal.throttleBytesPerSec)} (started ${journal.startedAt}).\n`,
  );
  if (flags.yes !== true) {
    if (!process.stdin.isTTY) throw new UsageError('resuming changes the cluster: confirm with --yes when not running interactively.');
    if ((await confirm(`Type "yes" to resume on ${flags.bootstrap}: `)) !== 'yes') return 1;
  }
  const { resumeExecution } = await import('../kafka/execute');
  const { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } = await import('../kafka/connection');
  const settings = connectionSettingsOf(flags, { connect: DEFAULT_CONNECT_TIMEOUT_MS, request: DEFAULT_REQUEST_TIMEOUT_MS });
  return runExecution(flags.journal, (hooks) => resumeExecution(journal, { settings, ...hooks }));
}

/** Exit code of `kfp execute` when the cluster changed since the plan was made, or another reassignment runs. */
export const EXIT_STALE_PLAN = 3;

export const executeCommands: CliCommand[] = [
  {
    name: 'execute',
    usage:
      '  kfp execute PLAN.json --bootstrap HOST:PORT --throttle BYTES/S [--base ROLLBACK.json|SNAPSHOT.json]\n' +
      '              [--moves-per-broker 5] [--elect-leaders] [--yes] [--journal FILE] [--ignore-binding]\n' +
      '                                             runs a plan: throttles, batches, progress; Ctrl-C cancels and cleans up;\n' +
      '                                             refuses a cluster whose id is not the one the plan names;\n' +
      '                                             exit 3, nothing changed, when a planned partition changed since --base,\n' +
      '                                             a target broker is gone or another reassignment is in progress\n' +
      '  kfp execute --resume --journal FILE --bootstrap HOST:PORT [--yes]\n' +
      '                                             continues an execution that did not finish (a crash, a killed shell)',
    options: {
      ...CONNECTION_OPTIONS,
      throttle: { type: 'string' },
      'moves-per-broker': { type: 'string' },
      'elect-leaders': { type: 'boolean' },
      'ignore-binding': { type: 'boolean' },
      base: { type: 'string' },
      yes: { type: 'boolean' },
      journal: { type: 'string' },
      resume: { type: 'boolean' },
    },
    async run(flags, positionals) {
      if (flags.resume === true) return resume(flags);
      const [planFile] = positionals;
      if (!planFile) throw new UsageError('execute needs the plan file: kfp execute plan.json --bootstrap HOST:PORT --throttle 50MB/s');
      if (typeof flags.bootstrap !== 'string') throw new UsageError('execute needs --bootstrap HOST:PORT: it changes a live cluster.');
      const throttle = bytesPerSec(flags.throttle, '--throttle');
      if (throttle === undefined)
        throw new UsageError(
          'execute needs --throttle BYTES/S (e.g. 50MB/s): moving data unthrottled can starve producers and consumers. kfp plan --broker-capacity recommends one.',
        );
      const journalFile = typeof flags.journal === 'string' ? flags.journal : `${planFile}.execution.json`;
      if (existsSync(journalFile)) {
        throw new UsageError(
          `${journalFile} holds an execution that did not finish. Run kfp cleanup --journal ${journalFile} --bootstrap ${flags.bootstrap} first.`,
        );
      }
      const text = readText(planFile, 'plan file');
      const base = typeof flags.base === 'string' ? readPlanBase(flags.base) : undefined;
      const snapshot = await liveSnapshot({ ...flags, 'no-groups': true }, flags.bootstrap);
      const parsed = parsePlanText(text, planFile);
      const warning = checkPlanBinding(planFile, parsed.binding, snapshot, {
        allowed: flags['ignore-binding'] === true,
        flag: '--ignore-binding',
      });
      if (warning) process.stderr.write(`warning: ${warning}\n`);
      const review = reviewParsedPlan(snapshot, parsed);
      const errors = review.findings.filter((f) => f.severity === 'error');
      for (const f of review.findings) process.stderr.write(`${f.severity} [${f.code}] ${f.path}: ${f.message}\n`);
      if (errors.length)
        throw new UsageError(`${planFile} has ${plural(errors.length, 'error')} against ${flags.bootstrap}; nothing was changed.`);
      // the fresh look at the cluster: the snapshot just taken and the reassignments in flight, against the plan's base
      const { listReassignments } = await import('../kafka/preflight');
      const { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } = await import('../kafka/connection');
      const settings = connectionSettingsOf(flags, { connect: DEFAULT_CONNECT_TIMEOUT_MS, request: DEFAULT_REQUEST_TIMEOUT_MS });
      const inProgress = await listReassignments(settings);
      // without a base, the replicas the plan was made from are unknown: compare brokers and reassignments only
      // every entry of the file, also those already at their target now (review.moves leaves those out)
      const planned = (review.reassignment?.partitions ?? []).map((p) => ({ topic: p.topic, partition: p.partition, after: p.replicas }));
      const differences = planStaleness(
        base?.base ?? { partitions: planBaseFromSnapshot(snapshot).partitions },
        snapshot,
        planned,
        inProgress,
      );
      if (differences.length) {
        process.stderr.write(`Refused: ${stalenessSummary(differences)}${base ? ` (compared with ${base.description})` : ''}:\n`);
        for (const line of formatStaleness(differences)) process.stderr.write(`  ${line}\n`);
        process.stderr.write(
          `Nothing was changed. Make a new plan from the cluster as it is now (kfp plan --bootstrap ${flags.bootstrap} --rollback rollback.json), ` +
            'or wait for the reassignment in progress to finish.\n',
        );
        return EXIT_STALE_PLAN;
      }
      process.stderr.write(
        base
          ? `Checked against ${base.description}: no planned partition changed, every target broker is registered, no reassignment is in progress.\n`
          : 'No --base given: whether the planned partitions changed since the plan was made cannot be checked ' +
              '(pass the rollback file kfp plan --rollback wrote, or the snapshot the plan was made from). No reassignment is in progress.\n',
      );
      const schedule = scheduleExecution(review.moves, {
        throttleBytesPerSec: throttle,
        maxMovesPerBroker:
          flags['moves-per-broker'] !== undefined ? positiveNumber(flags['moves-per-broker'], '--moves-per-broker', 5, 'moves') : undefined,
      });
      const cluster = `${flags.bootstrap}${snapshot.clusterId ? ` (cluster id ${snapshot.clusterId})` : ''}`;
      process.stderr.write(
        `About to move ${review.replicasMoved} replicas (${formatBytes(review.bytesMoved)}) on ${cluster} in ${schedule.batches.length} batches, ` +
          `throttled at ${formatMBps(throttle)} per broker: ${schedule.estimateText}; ${plural(review.leadersChanged, 'preferred leader')} change, ` +
          (flags['elect-leaders'] === true
            ? `then a preferred leader election for the ${plural(review.moves.length, 'partition')} whose replicas change.\n`
            : 'no leader election (--elect-leaders runs one at the end), so current leaders stay until Kafka moves them.\n'),
      );
      if (flags.yes !== true) {
        if (!process.stdin.isTTY) throw new UsageError('execute changes the cluster: confirm with --yes when not running interactively.');
        const answer = await confirm(`Type "${snapshot.clusterId ?? 'yes'}" to execute on ${cluster}: `);
        if (answer !== (snapshot.clusterId ?? 'yes')) {
          process.stderr.write('Not confirmed; nothing was changed.\n');
          return 1;
        }
      }
      const { executePlan } = await import('../kafka/execute');
      return runExecution(journalFile, (hooks) =>
        executePlan({ settings, schedule, electLeaders: flags['elect-leaders'] === true, ...hooks }),
      );
    },
  },
  {
    name: 'cleanup',
    usage:
      '  kfp cleanup --journal FILE --bootstrap HOST:PORT   cancels what an unfinished execution left in flight and removes its throttles',
    options: { ...CONNECTION_OPTIONS, journal: { type: 'string' } },
    async run(flags) {
      if (typeof flags.journal !== 'string')
        throw new UsageError('cleanup needs --journal FILE (written by kfp execute next to the plan).');
      if (typeof flags.bootstrap !== 'string') throw new UsageError('cleanup needs --bootstrap HOST:PORT.');
      const { cleanUpExecution } = await import('../kafka/execute');
      const { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } = await import('../kafka/connection');
      const journal = readJournal(flags.journal);
      const leftovers = await cleanUpExecution(
        connectionSettingsOf(flags, { connect: DEFAULT_CONNECT_TIMEOUT_MS, request: DEFAULT_REQUEST_TIMEOUT_MS }),
        journal,
        (line) => process.stderr.write(`${line}\n`),
      );
      for (const l of leftovers) process.stderr.write(`LEFT BEHIND: ${l}\n`);
      if (leftovers.length === 0) rmSync(flags.journal, { force: true });
      process.stderr.write(
        leftovers.length
          ? `${plural(leftovers.length, 'item')} still left; the journal is kept.\n`
          : 'Clean: nothing of the execution is left; journal removed.\n',
      );
      return leftovers.length ? 1 : 0;
    },
  },
];
