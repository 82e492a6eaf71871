// Plan review: checks any reassignment JSON (ours, --generate's, a colleague's) against a cluster snapshot
// before anyone runs it. Every finding carries the JSON path it is about, so the editor can put it on the
// right line. Pure.

import { isUnderReplicated, partitionBytes, type ClusterSnapshot, type PartitionInfo } from '../model';
import { parseReassignmentLenient, type LenientReassignment, type ReassignmentJson } from '../kafkaFormats';
import type { ValidationError } from '../validate';
import type { PartitionMove } from './plan';
import { plural } from '../units';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface ReviewFinding {
  severity: FindingSeverity;
  /** Stable id, e.g. "unknown-topic", for filtering and tests. */
  code: string;
  message: string;
  /** JSON path of the value the finding is about. */
  path: string;
}

export interface PlanReview {
  findings: ReviewFinding[];
  /** The file's entries as moves against the snapshot (entries with errors are left out). */
  moves: PartitionMove[];
  /** The entries that parsed (with the file's binding), when the file has a readable "partitions" array. */
  reassignment?: ReassignmentJson;
  /** False when nothing of the file could be read (not JSON, no "partitions" array): the numbers say nothing. */
  readable: boolean;
  replicasMoved: number;
  bytesMoved: number;
  leadersChanged: number;
}

/** The code of a schema problem: where in the file it is decides what it is. */
function schemaCode(path: string, readable: boolean): string {
  if (!readable) return 'invalid-json';
  if (path.startsWith('$.partitions[')) return 'invalid-entry';
  if (path.startsWith('$.plannedFor')) return 'invalid-binding';
  if (path.startsWith('$.version')) return 'invalid-version';
  return 'invalid-json';
}

function schemaFinding(err: ValidationError, readable: boolean): ReviewFinding {
  return { severity: 'error', code: schemaCode(err.path, readable), message: err.what, path: err.path };
}

/** Parses a reassignment file leniently (see parseReassignmentLenient): the part of a review that needs no cluster. */
export function parsePlanText(text: string, source = 'reassignment JSON'): LenientReassignment {
  return parseReassignmentLenient(text, source);
}

/**
 * Reviews the text of a reassignment file. Each schema problem is an error finding at its own path and the entries
 * that parse are still reviewed; only text that is not a JSON object with a "partitions" array reviews nothing.
 */
export function reviewReassignmentText(snapshot: ClusterSnapshot, text: string, source = 'reassignment JSON'): PlanReview {
  return reviewParsedPlan(snapshot, parsePlanText(text, source));
}

export function reviewParsedPlan(snapshot: ClusterSnapshot, parsed: LenientReassignment): PlanReview {
  const readable = parsed.reassignment !== undefined;
  const schema = parsed.errors.map((e) => schemaFinding(e, readable));
  if (!parsed.reassignment) return { findings: schema, moves: [], readable, replicasMoved: 0, bytesMoved: 0, leadersChanged: 0 };
  const review = reviewReassignment(snapshot, parsed.reassignment, parsed.indexes);
  const indexOf = (path: string) => Number(/^\$\.partitions\[(\d+)\]/.exec(path)?.[1] ?? -1);
  // in file order: the file's head first, then entry by entry
  const findings = [...schema, ...review.findings].sort((a, b) => indexOf(a.path) - indexOf(b.path));
  return { ...review, findings };
}

/** Reviews parsed entries; `indexes` maps each entry to its index in the file (entries skipped for errors shift them). */
export function reviewReassignment(snapshot: ClusterSnapshot, reassignment: ReassignmentJson, indexes?: readonly number[]): PlanReview {
  const findings: ReviewFinding[] = [];
  const brokers = new Map(snapshot.brokers.map((b) => [b.id, b]));
  const topics = new Map(snapshot.topics.map((t) => [t.name, t]));
  const racks = new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null));
  const rackOf = (id: number) => brokers.get(id)?.rack ?? null;
  const moves: PartitionMove[] = [];

  reassignment.partitions.forEach((entry, i) => {
    const at = `$.partitions[${indexes?.[i] ?? i}]`;
    const name = `${entry.topic}-${entry.partition}`;
    const topic = topics.get(entry.topic);
    if (!topic) {
      findings.push({
        severity: 'error',
        code: 'unknown-topic',
        message: `Topic ${entry.topic} is not in ${snapshot.name}.`,
        path: `${at}.topic`,
      });
      return;
    }
    const current: PartitionInfo | undefined = topic.partitions.find((p) => p.partition === entry.partition);
    if (!current) {
      findings.push({
        severity: 'error',
        code: 'unknown-partition',
        message: `${entry.topic} has partitions 0..${topic.partitions.length - 1}; there is no partition ${entry.partition}.`,
        path: `${at}.partition`,
      });
      return;
    }
    let entryOk = true;
    entry.replicas.forEach((b, k) => {
      const broker = brokers.get(b);
      if (!broker) {
        entryOk = false;
        findings.push({
          severity: 'error',
          code: 'unknown-broker',
          message: `Broker ${b} is not in ${snapshot.name} (offline or unknown; brokers: ${[...brokers.keys()].join(', ')}).`,
          path: `${at}.replicas[${k}]`,
        });
      } else if (broker.logDirs.length > 0 && broker.logDirs.every((d) => d.error)) {
        findings.push({
          severity: 'error',
          code: 'offline-broker',
          message: `Every log dir of broker ${b} reports an error (${broker.logDirs[0].error}): it cannot take replicas.`,
          path: `${at}.replicas[${k}]`,
        });
      }
    });
    if (entry.replicas.length !== current.replicas.length) {
      findings.push({
        severity: 'warning',
        code: 'replication-factor-change',
        message: `Changes the replication factor of ${name} from ${current.replicas.length} to ${entry.replicas.length}.`,
        path: `${at}.replicas`,
      });
    }
    if (racks.size > 1) {
      const entryRacks = new Set(entry.replicas.map(rackOf));
      const currentRacks = new Set(current.replicas.map(rackOf));
      const possible = Math.min(entry.replicas.length, racks.size);
      if (entryRacks.size < possible) {
        findings.push({
          severity: entryRacks.size < currentRacks.size ? 'error' : 'warning',
          code: 'rack-violation',
          message:
            `Replicas of ${name} span ${plural(entryRacks.size, 'rack')} (${[...entryRacks].join(', ')}) where ${possible} are possible` +
            (entryRacks.size < currentRacks.size
              ? `; today they span ${currentRacks.size}: losing one AZ could take the partition offline.`
              : '.'),
          path: `${at}.replicas`,
        });
      }
    }
    const outOfSync = current.replicas.filter((r) => !current.isr.includes(r));
    if (isUnderReplicated(current) && current.isr.length > 0 && outOfSync.every((r) => !entry.replicas.includes(r))) {
      // the move replaces exactly the replicas that are out of sync (a drained broker that is down): it is the fix
      findings.push({
        severity: 'info',
        code: 'under-replicated',
        message: `${name} is under-replicated now (ISR ${current.isr.join(',')} of ${current.replicas.join(',')}); this move replaces its out-of-sync replica(s) on broker(s) ${outOfSync.join(', ')} with copies from the leader.`,
        path: at,
      });
    } else if (isUnderReplicated(current)) {
      findings.push({
        severity: 'warning',
        code: 'under-replicated',
        message: `${name} is under-replicated now (ISR ${current.isr.join(',') || 'empty'} of ${current.replicas.join(',')}): moving it adds copy load while it has fewer safe copies; fix the ISR first.`,
        path: at,
      });
    }
    const same = entry.replicas.length === current.replicas.length && entry.replicas.every((r, k) => r === current.replicas[k]);
    if (same) {
      findings.push({
        severity: 'info',
        code: 'no-change',
        message: `${name} already has replicas [${current.replicas.join(', ')}]: this entry moves nothing.`,
        path: at,
      });
      return;
    }
    if (!entryOk) return;
    const added = entry.replicas.filter((r) => !current.replicas.includes(r));
    moves.push({
      topic: entry.topic,
      partition: entry.partition,
      bytes: partitionBytes(current),
      before: [...current.replicas],
      after: [...entry.replicas],
      currentLeader: current.leader,
      added,
      removed: current.replicas.filter((r) => !entry.replicas.includes(r)),
      leaderChanged: current.replicas[0] !== entry.replicas[0],
      reason: added.length ? 'bytes' : 'leader',
    });
  });
  return {
    findings,
    moves,
    reassignment,
    readable: true,
    replicasMoved: moves.reduce((s, m) => s + m.added.length, 0),
    bytesMoved: moves.reduce((s, m) => s + m.bytes * m.added.length, 0),
    leadersChanged: moves.filter((m) => m.leaderChanged).length,
  };
}
