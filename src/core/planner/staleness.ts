// Is a plan still valid for the cluster as it is now? A plan is a list of target replica lists computed from one
// snapshot (its base). Executing it later on a cluster that has moved on does something nobody reviewed: a partition
// another operator reassigned in the meantime is moved again from where it is now, a broker that left cannot take
// its replicas, and Kafka runs a second reassignment next to one already in flight. planStaleness compares the base
// with a fresh look at the cluster and lists every difference that makes the plan unsafe to execute. Pure.
// Sources: kafka-reassign-partitions.sh --execute (it too refuses while a reassignment is in progress), KIP-455
// (ListPartitionReassignments: what is in flight, with its adding and removing replicas).

import type { ClusterSnapshot } from '../model';
import type { ReassignmentJson } from '../kafkaFormats';
import { plural } from '../units';

/** What the plan was made from: the replicas of the partitions it moves, and what else the base knew. */
export interface PlanBase {
  /** Kafka's cluster id when the plan was made, when the base says (a snapshot does; a rollback file does not). */
  clusterId?: string;
  /** Broker ids registered when the plan was made, when the base says. */
  brokers?: number[];
  /** The replica list of each partition the plan moves, as it was when the plan was made. */
  partitions: { topic: string; partition: number; replicas: number[] }[];
}

/** A planned partition: where the plan puts it. */
export interface PlannedPartition {
  topic: string;
  partition: number;
  after: number[];
}

/** One reassignment Kafka has in flight (ListPartitionReassignments). */
export interface InProgressReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  adding: number[];
  removing: number[];
}

export type StalenessDifference =
  | { kind: 'cluster-id'; planned: string; now: string; message: string }
  | { kind: 'reassignment-in-progress'; topic: string; partition: number; planned: boolean; message: string }
  | { kind: 'partition-gone'; topic: string; partition: number; message: string }
  | { kind: 'not-in-base'; topic: string; partition: number; message: string }
  | { kind: 'replicas-changed'; topic: string; partition: number; planned: number[]; now: number[]; message: string }
  | { kind: 'broker-gone'; broker: number; partitions: number; message: string };

const key = (topic: string, partition: number) => `${topic}-${partition}`;
const list = (ids: number[]) => `[${ids.join(', ')}]`;
const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The base of a plan made from `snapshot`: every partition's replicas, the brokers and the cluster id. */
export function planBaseFromSnapshot(snapshot: ClusterSnapshot): PlanBase {
  return {
    clusterId: snapshot.clusterId,
    brokers: snapshot.brokers.map((b) => b.id),
    partitions: snapshot.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, replicas: p.replicas }))),
  };
}

/**
 * The base of a plan from its rollback file (`kfp plan --rollback`, or the "Current partition replica assignment"
 * that kafka-reassign-partitions.sh --generate and --execute print): the planned partitions' replicas only.
 */
export function planBaseFromReassignment(json: ReassignmentJson): PlanBase {
  return { partitions: json.partitions.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.replicas })) };
}

/**
 * Every difference between the plan's base and the cluster now that makes the plan unsafe to execute, in this order:
 * another cluster behind the bootstrap; reassignments in progress; planned partitions that are gone, that the base
 * does not list, or whose replica list (order included: the first replica is the preferred leader) changed; brokers
 * the plan puts replicas on that are not registered now. Empty when the plan may be executed. A broker that only
 * loses replicas may be gone: draining a dead broker is a reason to reassign.
 */
export function planStaleness(
  base: PlanBase,
  fresh: ClusterSnapshot,
  moves: PlannedPartition[],
  inProgress: InProgressReassignment[] = [],
): StalenessDifference[] {
  const out: StalenessDifference[] = [];
  if (base.clusterId && fresh.clusterId && base.clusterId !== fresh.clusterId) {
    out.push({
      kind: 'cluster-id',
      planned: base.clusterId,
      now: fresh.clusterId,
      message: `The plan was made on Kafka cluster id ${base.clusterId}, but the bootstrap now reaches cluster id ${fresh.clusterId}: another cluster.`,
    });
  }
  const planned = new Set(moves.map((m) => key(m.topic, m.partition)));
  for (const r of [...inProgress].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)) {
    const isPlanned = planned.has(key(r.topic, r.partition));
    out.push({
      kind: 'reassignment-in-progress',
      topic: r.topic,
      partition: r.partition,
      planned: isPlanned,
      message:
        `${key(r.topic, r.partition)} is being reassigned now (replicas ${list(r.replicas)}, adding ${list(r.adding)}, removing ${list(r.removing)})` +
        `${isPlanned ? ', and the plan moves it too' : ''}: wait for it to finish or cancel it (kafka-reassign-partitions.sh --cancel) first.`,
    });
  }
  const baseReplicas = new Map(base.partitions.map((p) => [key(p.topic, p.partition), p.replicas]));
  const freshTopics = new Map(fresh.topics.map((t) => [t.name, t]));
  for (const m of moves) {
    const name = key(m.topic, m.partition);
    const now = freshTopics.get(m.topic)?.partitions.find((p) => p.partition === m.partition);
    if (!now) {
      out.push({
        kind: 'partition-gone',
        topic: m.topic,
        partition: m.partition,
        message: `${name} is in the plan but not in the cluster any more (topic deleted?).`,
      });
      continue;
    }
    const was = baseReplicas.get(name);
    if (!was) {
      out.push({
        kind: 'not-in-base',
        topic: m.topic,
        partition: m.partition,
        message: `${name} is in the plan but not in its base, so whether it changed since cannot be told: is the base the rollback of this plan?`,
      });
      continue;
    }
    if (!sameList(was, now.replicas)) {
      out.push({
        kind: 'replicas-changed',
        topic: m.topic,
        partition: m.partition,
        planned: was,
        now: now.replicas,
        message:
          `${name} had replicas ${list(was)} when the plan was made and has ${list(now.replicas)} now` +
          (sameList(now.replicas, m.after) ? ' (already the planned target: was the plan executed already?)' : '') +
          '.',
      });
    }
  }
  const registered = new Set(fresh.brokers.map((b) => b.id));
  const knownThen = base.brokers ? new Set(base.brokers) : undefined;
  const targets = new Map<number, number>();
  for (const m of moves) for (const b of new Set(m.after)) targets.set(b, (targets.get(b) ?? 0) + 1);
  for (const [broker, partitions] of [...targets].sort((a, b) => a[0] - b[0])) {
    if (registered.has(broker)) continue;
    const then =
      knownThen === undefined ? '' : knownThen.has(broker) ? ' (it was when the plan was made)' : ' (nor was it when the plan was made)';
    out.push({
      kind: 'broker-gone',
      broker,
      partitions,
      message: `Broker ${broker} is to hold replicas of ${plural(partitions, 'planned partition')} but is not registered in the cluster now${then}.`,
    });
  }
  return out;
}

/** "2 planned partitions changed their replicas, 1 broker is gone, 1 reassignment is in progress". */
export function stalenessSummary(differences: StalenessDifference[]): string {
  const count = (kind: StalenessDifference['kind']) => differences.filter((d) => d.kind === kind).length;
  const parts: string[] = [];
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  if (count('cluster-id')) parts.push('the bootstrap reaches another cluster');
  if (count('reassignment-in-progress'))
    parts.push(n(count('reassignment-in-progress'), 'reassignment is in progress', 'reassignments are in progress'));
  if (count('replicas-changed'))
    parts.push(n(count('replicas-changed'), 'planned partition changed its replicas', 'planned partitions changed their replicas'));
  if (count('partition-gone')) parts.push(n(count('partition-gone'), 'planned partition is gone', 'planned partitions are gone'));
  if (count('not-in-base'))
    parts.push(n(count('not-in-base'), 'planned partition is not in the base', 'planned partitions are not in the base'));
  if (count('broker-gone')) parts.push(n(count('broker-gone'), 'target broker is gone', 'target brokers are gone'));
  return parts.join(', ');
}

/** The differences as lines, at most `max` of them and a count of the rest. */
export function formatStaleness(differences: StalenessDifference[], max = 20): string[] {
  const lines = differences.slice(0, max).map((d) => d.message);
  if (differences.length > max) lines.push(`… and ${differences.length - max} more.`);
  return lines;
}
