// `kfp`: the headless CLI over src/core and src/kafka. Errors go to stderr with a non-zero exit code:
// 2 for bad usage or unreadable input, 1 when a cluster cannot be reached or a command fails.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { demoSnapshot } from './core/demo';
import { parseBrokerList, parseLogDirsJson, parseReassignmentJson, snapshotFromKafkaFiles } from './core/kafkaFormats';
import type { ClusterSnapshot } from './core/model';
import { snapshotFromJson, snapshotToJson } from './core/snapshotJson';
import { formatClusterSummary } from './core/summaryText';
import { ValidationError } from './core/validate';

const USAGE = `kfp: Kafka & Flink Planner on the command line

Usage:
  kfp demo                                   summary of the embedded demo cluster
  kfp summary FILE                           summary of a snapshot file
  kfp summary --bootstrap HOST:PORT          summary of a live cluster
  kfp snapshot --bootstrap HOST:PORT [--out FILE] [--name NAME] [--no-groups]
                                             JSON snapshot of a live cluster
  kfp snapshot --assignment FILE --brokers LIST [--log-dirs FILE] [--out FILE]
                                             JSON snapshot built offline from Kafka's own files:
                                             the current assignment (kafka-reassign-partitions.sh JSON),
                                             kafka-log-dirs.sh --describe output, and brokers with racks
                                             ("1:a,2:b,3:c" or a JSON list [{"id":1,"rack":"a"}])
Options:
  --connect-timeout MS   time to reach a broker (default 5000)
  --request-timeout MS   time for one request (default 15000)
  -h, --help             this text
`;

/** Bad usage or unreadable input: exit code 2. */
class UsageError extends Error {}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${what} "${file}": ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}.`);
  }
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a whole number of milliseconds > 0, got "${value}".`);
  return n;
}

type Flags = Record<string, string | boolean | undefined>;

async function liveSnapshot(flags: Flags): Promise<ClusterSnapshot> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 22)) {
    // @platformatic/kafka's engines field: >= 22.22 or >= 24.6
    throw new Error(`Talking to a live cluster needs Node.js 22.22+ or 24.6+ (this is ${process.versions.node}). ` +
      'In this repository run it as `npm run kfp -- snapshot …`, which uses the Node 24 that npm ci installs.');
  }
  const { parseBootstrap, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } = await import('./kafka/connection');
  let bootstrap: string[];
  try {
    bootstrap = parseBootstrap(String(flags.bootstrap));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { takeSnapshot } = await import('./kafka/snapshot');
  return takeSnapshot(
    {
      bootstrap,
      connectTimeoutMs: positiveInt(flags['connect-timeout'] as string | undefined, '--connect-timeout', DEFAULT_CONNECT_TIMEOUT_MS),
      requestTimeoutMs: positiveInt(flags['request-timeout'] as string | undefined, '--request-timeout', DEFAULT_REQUEST_TIMEOUT_MS),
    },
    {
      name: typeof flags.name === 'string' ? flags.name : bootstrap[0],
      skipGroups: flags['no-groups'] === true,
      onProgress: (m) => process.stderr.write(`${m}…\n`),
    },
  );
}

function offlineSnapshot(flags: Flags): ClusterSnapshot {
  if (typeof flags.brokers !== 'string') throw new UsageError('--assignment needs --brokers "1:a,2:b,3:c" (broker ids with racks).');
  const assignmentFile = String(flags.assignment);
  const assignment = parseReassignmentJson(readText(assignmentFile, 'assignment file'), assignmentFile);
  // --brokers is either the list itself or a file holding it
  const brokersText = existsSync(flags.brokers) ? readText(flags.brokers, 'broker list') : flags.brokers;
  const brokers = parseBrokerList(brokersText, '--brokers');
  const logDirsFile = typeof flags['log-dirs'] === 'string' ? flags['log-dirs'] : undefined;
  const logDirs = logDirsFile ? parseLogDirsJson(readText(logDirsFile, 'kafka-log-dirs output'), logDirsFile) : undefined;
  return snapshotFromKafkaFiles({ assignment, logDirs, brokers, name: typeof flags.name === 'string' ? flags.name : basename(assignmentFile) });
}

function output(text: string, out: unknown): void {
  if (typeof out === 'string') {
    writeFileSync(out, text);
    process.stderr.write(`Wrote ${out} (${text.length} bytes).\n`);
  } else {
    process.stdout.write(text);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      bootstrap: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      assignment: { type: 'string' },
      'log-dirs': { type: 'string' },
      brokers: { type: 'string' },
      'no-groups': { type: 'boolean' },
      'connect-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (flags.help || !command || command === 'help') {
    process.stdout.write(USAGE);
    return command || flags.help ? 0 : 2;
  }
  switch (command) {
    case 'demo':
      output(formatClusterSummary(demoSnapshot()), flags.out);
      return 0;
    case 'summary': {
      let snapshot: ClusterSnapshot;
      if (flags.bootstrap) snapshot = await liveSnapshot(flags);
      else if (rest[0]) snapshot = snapshotFromJson(readText(rest[0], 'snapshot file'), rest[0]);
      else throw new UsageError('summary needs a snapshot FILE or --bootstrap HOST:PORT.');
      output(formatClusterSummary(snapshot), flags.out);
      return 0;
    }
    case 'snapshot': {
      let snapshot: ClusterSnapshot;
      if (flags.bootstrap) snapshot = await liveSnapshot(flags);
      else if (flags.assignment) snapshot = offlineSnapshot(flags);
      else throw new UsageError('snapshot needs --bootstrap HOST:PORT (live) or --assignment FILE --brokers LIST (offline).');
      output(snapshotToJson(snapshot), flags.out);
      for (const w of snapshot.warnings) process.stderr.write(`warning: ${w}\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}". Run kfp --help for the list.`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const usage = err instanceof UsageError || err instanceof ValidationError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      process.stderr.write(`kfp: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}
