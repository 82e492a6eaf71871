// Draining brokers before the plan is made: which brokers can be drained (the ones that are down first, since a
// stopped or crashed broker is the usual reason to drain), and whether a drain can finish at all, with the partitions
// that would stay behind and why. The planner makes the same moves (hardConstraints.ts drainBrokers); this check runs
// first so that the user hears "this drain cannot finish" before a plan is made, not in its footnotes.

import { InputError } from '../errors';
import { isInternalTopic } from '../kafkaFormats';
import { downBrokers, partitionBytes, type ClusterSnapshot } from '../model';
import { formatBytes } from '../units';
import { bestDestination, createPlannerState, type PlannerState, type WorkPartition } from './state';
import type { PlanOptions } from './types';

export interface DrainCandidate {
  id: number;
  /** broker.rack; null when the broker has none or is down (only live brokers are in the metadata). */
  rack: string | null;
  /** Named by replicas but not in the metadata: stopped, crashed or unreachable. */
  down: boolean;
  /** Replicas assigned to the broker, internal topics included. */
  replicas: number;
  /** Of those, replicas of internal topics (__consumer_offsets, …). */
  internalReplicas: number;
  /** Partitions with a replica here that have no leader (offline): their data cannot be copied anywhere. */
  leaderless: number;
  /** Bytes of its replicas (each partition's size, see partitionBytes). */
  bytes: number;
}

/**
 * Every broker that could be drained: the brokers that are down first (by id), then the live ones (by id). A broker
 * that is down holds replicas in the metadata until they are reassigned, so it is the first one to offer.
 */
export function drainCandidates(snapshot: ClusterSnapshot): DrainCandidate[] {
  const down = downBrokers(snapshot);
  const rackOf = new Map(snapshot.brokers.map((b) => [b.id, b.rack]));
  const candidates = new Map<number, DrainCandidate>();
  for (const id of [...down, ...snapshot.brokers.map((b) => b.id).sort((a, b) => a - b)])
    candidates.set(id, {
      id,
      rack: rackOf.get(id) ?? null,
      down: down.includes(id),
      replicas: 0,
      internalReplicas: 0,
      leaderless: 0,
      bytes: 0,
    });
  for (const t of snapshot.topics) {
    const internal = t.internal || isInternalTopic(t.name);
    for (const p of t.partitions) {
      const bytes = partitionBytes(p);
      for (const r of p.replicas) {
        const c = candidates.get(r);
        if (!c) continue;
        c.replicas++;
        c.bytes += bytes;
        if (internal) c.internalReplicas++;
        if (p.leader < 0) c.leaderless++;
      }
    }
  }
  return [...candidates.values()];
}

/** How the drain picker shows a candidate: "Broker 2 (down)", where it is, and what it holds. */
export function describeDrainCandidate(c: DrainCandidate): { label: string; description: string; detail: string } {
  const holds = `${c.replicas} replica${c.replicas === 1 ? '' : 's'}${c.internalReplicas ? ` (${c.internalReplicas} of internal topics)` : ''}, ${formatBytes(c.bytes)}`;
  return {
    label: c.down ? `Broker ${c.id} (down)` : `Broker ${c.id}`,
    description: c.down ? 'not in the metadata: stopped or unreachable' : `rack ${c.rack ?? 'none'}`,
    detail: c.leaderless ? `${holds}; ${c.leaderless} without a leader (offline)` : holds,
  };
}

export type DrainProblemReason = 'no-leader' | 'replication-factor' | 'rack' | 'replica-cap' | 'excluded';

/** One reason a drain cannot finish, with every partition it keeps on the drained brokers. */
export interface DrainProblem {
  reason: DrainProblemReason;
  /** The drained brokers these partitions would stay on. */
  brokers: number[];
  /** "topic-partition", in topic then partition order. */
  partitions: string[];
  /** Why, without the partitions: "their replication factor needs more brokers than the 2 that remain (2, 3)". */
  why: string;
  /** What to do about it, one sentence. */
  fix: string;
  /** The whole sentence: how many partitions cannot leave which brokers, why, the partitions (the first 8), the fix. */
  message: string;
}

const REASON_ORDER: DrainProblemReason[] = ['no-leader', 'replication-factor', 'rack', 'replica-cap', 'excluded'];

function sample(names: string[], listed: number): string {
  return names.slice(0, listed).join(', ') + (names.length > listed ? `, … (${names.length} in all)` : '');
}

function explain(reason: DrainProblemReason, state: PlannerState): { why: string; fix: string } {
  const remaining = state.targets.map((b) => b.id);
  switch (reason) {
    case 'no-leader':
      return {
        why: 'they have no leader (offline): their only in-sync copies are on brokers that are down',
        fix: 'Bring those brokers back first, or accept losing their data (unclean.leader.election.enable).',
      };
    case 'replication-factor':
      return {
        why: `their replication factor needs more brokers than the ${remaining.length} that remain (${remaining.join(', ')})`,
        fix: 'Lower their replication factor, add a broker, or drain fewer brokers.',
      };
    case 'rack':
      return {
        why: 'every broker that could take them would make them span fewer racks than they do now (broker.rack)',
        fix: 'Add a broker on the missing rack, or drain fewer brokers.',
      };
    case 'replica-cap':
      return { why: `every broker that could take them is at the replica cap of ${state.cap}`, fix: 'Raise the cap, or add a broker.' };
    case 'excluded':
      return { why: 'their topics are excluded from the plan', fix: 'Remove their topics from the exclusions to drain them.' };
  }
}

function problemOf(
  reason: DrainProblemReason,
  brokers: number[],
  partitions: string[],
  why: string,
  fix: string,
  listed = 8,
): DrainProblem {
  const n = `${partitions.length} partition${partitions.length === 1 ? '' : 's'}`;
  const on = `broker${brokers.length === 1 ? '' : 's'} ${brokers.join(', ')}`;
  const message =
    reason === 'excluded'
      ? `${n} of excluded topics stay on ${on}: ${sample(partitions, listed)}. ${fix}`
      : `${n} cannot leave ${on}: ${why}: ${sample(partitions, listed)}. ${fix}`;
  return { reason, brokers, partitions, why, fix, message };
}

/** Why one partition's replicas cannot all leave the drained brokers, or undefined when they can. */
function partitionProblem(state: PlannerState, p: WorkPartition, draining: number[]): DrainProblemReason | undefined {
  if (!p.movable) return 'excluded';
  if (p.leader < 0) return 'no-leader';
  // Move the drained replicas one by one on a copy, with the planner's own rule for a destination.
  const trial: WorkPartition = { ...p, replicas: [...p.replicas] };
  for (const from of draining) {
    const to = bestDestination(state, trial, from);
    if (to !== undefined) {
      trial.replicas[trial.replicas.indexOf(from)] = to;
      continue;
    }
    const free = state.targets.filter((t) => !trial.replicas.includes(t.id));
    if (free.length === 0) return 'replication-factor';
    // a free broker under the cap exists: only the rack rule refuses it
    return free.some((t) => t.count + 1 <= state.cap) ? 'rack' : 'replica-cap';
  }
  return undefined;
}

/**
 * Checks, before planning, that a drain (goal "remove") can empty its brokers: every partition with a replica on
 * them must have a leader to copy from, enough remaining brokers for its replication factor, a destination that keeps
 * its rack spread and the replica cap, and must not be excluded. Returns one problem per reason (empty: the drain
 * can finish). Other goals have nothing to check. Unknown brokers throw PlanInputError, as planning would.
 */
export function checkDrain(snapshot: ClusterSnapshot, options: PlanOptions): DrainProblem[] {
  if (options.goal.kind !== 'remove') return [];
  const state = createPlannerState(snapshot, options, options.tolerance ?? 0.1);
  const leaving = new Set([...state.brokers.values()].filter((b) => !b.allowed).map((b) => b.id));
  const found = new Map<DrainProblemReason, { brokers: Set<number>; partitions: string[] }>();
  for (const p of state.partitions) {
    const draining = p.replicas.filter((r) => leaving.has(r));
    if (draining.length === 0) continue;
    const reason = partitionProblem(state, p, draining);
    if (!reason) continue;
    if (!found.has(reason)) found.set(reason, { brokers: new Set(), partitions: [] });
    const entry = found.get(reason)!;
    for (const b of draining) entry.brokers.add(b);
    entry.partitions.push(`${p.topic}-${p.partition}`);
  }
  return REASON_ORDER.filter((r) => found.has(r)).map((reason) => {
    const { brokers, partitions } = found.get(reason)!;
    const ids = [...brokers].sort((a, b) => a - b);
    const { why, fix } = explain(reason, state);
    return problemOf(reason, ids, partitions, why, fix);
  });
}

/**
 * The problems as the CLI and the log print them: a heading line and one bullet per reason, each naming at most
 * `listed` partitions (8 by default, then how many in all).
 */
export function formatDrainProblems(problems: DrainProblem[], brokers: number[], listed = 8): string {
  const head = `The drain of broker${brokers.length === 1 ? '' : 's'} ${brokers.join(', ')} cannot finish:`;
  const lines = problems.map((p) => problemOf(p.reason, p.brokers, p.partitions, p.why, p.fix, listed).message);
  return [head, ...lines.map((l) => `  - ${l}`)].join('\n');
}

/** A drain that cannot finish, refused before a plan is made (the user chooses what to drain). */
export class DrainBlockedError extends InputError {
  constructor(
    readonly problems: DrainProblem[],
    brokers: number[],
    fix: string,
  ) {
    super(formatDrainProblems(problems, brokers).replace(/\n {2}- /g, ' '), { fix });
    this.name = 'DrainBlockedError';
  }
}
