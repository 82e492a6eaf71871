// Plan review: checks any reassignment JSON (ours, --generate's, a colleague's) against a cluster snapshot
// before anyone runs it. Every finding carries the JSON path it is about, so the editor can put it on the
// right line. Pure.

import { isUnderReplicated, partitionBytes, type ClusterSnapshot, type PartitionInfo } from '../model';
import { parseReassignmentJson, type ReassignmentJson } from '../kafkaFormats';
import { ValidationError } from '../validate';
import type { PartitionMove } from './plan';

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
  /** The parsed file, when it parsed. */
  reassignment?: ReassignmentJson;
  replicasMoved: number;
  bytesMoved: number;
  leadersChanged: number;
}

/** Parses and reviews the text of a reassignment file; a file that does not parse gives one error finding. */
export function reviewReassignmentText(snapshot: ClusterSnapshot, text: string, source = 'reassignment JSON'): PlanReview {
  let reassignment: ReassignmentJson;
  try {
    reassignment = parseReassignmentJson(text, source);
  } catch (err) {
    if (err instanceof ValidationError) {
      return {
        findings: [{ severity: 'error', code: 'invalid-json', message: err.message.replace(`${source}: `, ''), path: err.path }],
        moves: [],
        replicasMoved: 0,
        bytesMoved: 0,
        leadersChanged: 0,
      };
    }
    throw err;
  }
  return reviewReassignment(snapshot, reassignment);
}

export function reviewReassignment(snapshot: ClusterSnapshot, reassignment: ReassignmentJson): PlanReview {
  const findings: ReviewFinding[] = [];
  const brokers = new Map(snapshot.brokers.map((b) => [b.id, b]));
  const topics = new Map(snapshot.topics.map((t) => [t.name, t]));
  const racks = new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null));
  const rackOf = (id: number) => brokers.get(id)?.rack ?? null;
  const moves: PartitionMove[] = [];

  reassignment.partitions.forEach((entry, i) => {
    const at = `$.partitions[${i}]`;
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
            `Replicas of ${name} span ${entryRacks.size} rack(s) (${[...entryRacks].join(', ')}) where ${possible} are possible` +
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
    replicasMoved: moves.reduce((s, m) => s + m.added.length, 0),
    bytesMoved: moves.reduce((s, m) => s + m.bytes * m.added.length, 0),
    leadersChanged: moves.filter((m) => m.leaderChanged).length,
  };
}
