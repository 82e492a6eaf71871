// Shared plumbing for `kfp` subcommands: usage errors, file reading, output, and resolving where a snapshot
// comes from (--demo, a snapshot FILE, --bootstrap for a live cluster, or Kafka's own files offline).

import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { demoRateSamples, demoSnapshot } from '../core/demo';
import { InputError } from '../core/errors';
import { parseBrokerList, readAssignmentTable, readLogDirsTable, snapshotFromKafkaFiles } from '../core/kafkaFormats';
import type { ClusterSnapshot } from '../core/model';
import { snapshotFromJson } from '../core/snapshotJson';

/** Bad usage or unreadable input: exit code 2 (as every InputError). */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** This Node.js cannot run the Kafka client: a failure (exit 1) the message explains, not a bug. */
export class UnsupportedRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedRuntimeError';
  }
}

export type Flags = Record<string, string | boolean | undefined>;

export interface CliCommand {
  name: string;
  /** Lines for `kfp --help`, already indented. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(flags: Flags, positionals: string[]): Promise<number>;
}

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${what} "${file}": ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}.`);
  }
}

export function positiveNumber(value: string | boolean | undefined, flag: string, fallback: number, unit: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes a number of ${unit} > 0, got "${String(value)}".`);
  return n;
}

/** Writes to --out FILE, or stdout: a text, or its pieces (a plan of 300,000 moves without its whole text in memory). */
export function output(text: string | Iterable<string>, out: string | boolean | undefined): void {
  const pieces = typeof text === 'string' ? [text] : text;
  if (typeof out === 'string') {
    const length = writePieces(out, pieces);
    process.stderr.write(`Wrote ${out} (${length} bytes).\n`);
  } else {
    for (const piece of pieces) process.stdout.write(piece);
  }
}

/** Writes the pieces to a file one by one; returns the characters written. */
export function writePieces(file: string, pieces: Iterable<string>): number {
  const fd = openSync(file, 'w');
  let length = 0;
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      length += piece.length;
    }
  } finally {
    closeSync(fd);
  }
  return length;
}

/** Options of every command that connects to a live cluster. */
export const CONNECTION_OPTIONS: CliCommand['options'] = {
  bootstrap: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
};

/** Options every command that reads a cluster accepts. */
export const SNAPSHOT_SOURCE_OPTIONS: CliCommand['options'] = {
  ...CONNECTION_OPTIONS,
  demo: { type: 'boolean' },
  assignment: { type: 'string' },
  'log-dirs': { type: 'string' },
  brokers: { type: 'string' },
  name: { type: 'string' },
  'no-groups': { type: 'boolean' },
};

export const SNAPSHOT_SOURCE_USAGE = `Cluster sources (one of):
  --demo                                     the embedded demo cluster
  FILE                                       a snapshot file (kfp snapshot --out)
  --bootstrap HOST:PORT [--no-groups]        a live cluster (PLAINTEXT)
  --assignment FILE --brokers LIST [--log-dirs FILE]
                                             Kafka's own files: the current assignment (kafka-reassign-partitions.sh
                                             JSON), kafka-log-dirs.sh --describe output, brokers with racks
                                             ("1:a,2:b,3:c", a JSON list [{"id":1,"rack":"a"}], or a file of either)
  --connect-timeout MS, --request-timeout MS  time to reach a broker (default 5000) / for one request (15000)`;

export async function liveSnapshot(flags: Flags, bootstrapText: string): Promise<ClusterSnapshot> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 22)) {
    // @platformatic/kafka's engines field: >= 22.22 or >= 24.6
    throw new UnsupportedRuntimeError(
      `Talking to a live cluster needs Node.js 22.22+ or 24.6+ (this is ${process.versions.node}). ` +
        'In this repository run it as `npm run kfp -- …`, which uses the Node 24 that npm ci installs.',
    );
  }
  const { parseBootstrap, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } = await import('../kafka/connection');
  let bootstrap: string[];
  try {
    bootstrap = parseBootstrap(bootstrapText);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { takeSnapshot } = await import('../kafka/snapshot');
  return takeSnapshot(
    {
      bootstrap,
      connectTimeoutMs: positiveNumber(flags['connect-timeout'], '--connect-timeout', DEFAULT_CONNECT_TIMEOUT_MS, 'milliseconds'),
      requestTimeoutMs: positiveNumber(flags['request-timeout'], '--request-timeout', DEFAULT_REQUEST_TIMEOUT_MS, 'milliseconds'),
    },
    {
      name: typeof flags.name === 'string' ? flags.name : bootstrap[0],
      skipGroups: flags['no-groups'] === true,
      onProgress: (m) => process.stderr.write(`${m}…\n`),
    },
  );
}

export function offlineSnapshot(flags: Flags): ClusterSnapshot {
  if (typeof flags.brokers !== 'string') throw new UsageError('--assignment needs --brokers "1:a,2:b,3:c" (broker ids with racks).');
  const assignmentFile = String(flags.assignment);
  const assignment = readAssignmentTable(readText(assignmentFile, 'assignment file'), assignmentFile);
  // --brokers is either the list itself or a file holding it
  const brokersText = existsSync(flags.brokers) ? readText(flags.brokers, 'broker list') : flags.brokers;
  const brokers = parseBrokerList(brokersText, '--brokers');
  const logDirsFile = typeof flags['log-dirs'] === 'string' ? flags['log-dirs'] : undefined;
  const logDirs = logDirsFile ? readLogDirsTable(readText(logDirsFile, 'kafka-log-dirs output'), logDirsFile) : undefined;
  return snapshotFromKafkaFiles({
    assignment,
    logDirs,
    brokers,
    name: typeof flags.name === 'string' ? flags.name : basename(assignmentFile),
  });
}

/** Resolves the cluster a command works on from its flags and first positional (a snapshot file). */
export async function resolveSnapshot(flags: Flags, positionals: string[], command: string): Promise<ClusterSnapshot> {
  const sources = [
    flags.demo === true,
    typeof flags.bootstrap === 'string',
    typeof flags.assignment === 'string',
    positionals.length > 0,
  ].filter(Boolean).length;
  if (sources > 1) throw new UsageError(`${command}: give one cluster source (--demo, FILE, --bootstrap or --assignment), not ${sources}.`);
  if (flags.demo === true) return demoSnapshot();
  if (typeof flags.bootstrap === 'string') return liveSnapshot(flags, flags.bootstrap);
  if (typeof flags.assignment === 'string') return offlineSnapshot(flags);
  if (positionals[0]) return snapshotFromJson(readText(positionals[0], 'snapshot file'), positionals[0]);
  throw new UsageError(`${command} needs a cluster: --demo, a snapshot FILE, --bootstrap HOST:PORT or --assignment FILE --brokers LIST.`);
}

/**
 * The cluster and, for write rates, an earlier sample of it: --sample SECONDS takes two live snapshots that far apart
 * (needs --bootstrap); the demo carries two samples a minute apart (like --sample 60); else --previous FILE, if given.
 */
export async function resolveSnapshotPair(
  flags: Flags,
  positionals: string[],
  command: string,
): Promise<{ previous?: ClusterSnapshot; current: ClusterSnapshot }> {
  if (typeof flags.sample === 'string') {
    if (typeof flags.bootstrap !== 'string')
      throw new UsageError('--sample SECONDS takes two snapshots of a live cluster: it needs --bootstrap.');
    const seconds = positiveNumber(flags.sample, '--sample', 30, 'seconds');
    const previous = await liveSnapshot(flags, flags.bootstrap);
    process.stderr.write(`Sampling for ${seconds} s…\n`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return { previous, current: await liveSnapshot(flags, flags.bootstrap) };
  }
  if (flags.demo === true && typeof flags.previous !== 'string') return demoRateSamples();
  const current = await resolveSnapshot(flags, positionals, command);
  if (typeof flags.previous !== 'string') return { current };
  return { previous: snapshotFromJson(readText(flags.previous, 'previous snapshot'), flags.previous), current };
}
