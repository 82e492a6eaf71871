// Executes a reassignment on a live cluster, safely:
// 1. replication throttles on every broker and topic involved, journaled before they are set (throttles.ts);
// 2. batches (ExecutionSchedule: at most N moves per broker in flight) with AlterPartitionReassignments, progress
//    from ListPartitionReassignments and DescribeLogDirs (progress.ts: bytes copied, rate, ETA, stalls);
// 3. cancel: cancels in-flight reassignments (replicas = null) and waits until Kafka has rolled them back;
// 4. always: removes exactly the throttles it set, on success, failure or cancel; the journal
//    (src/core/planner/executionJournal.ts, saved by the caller: VS Code globalState or a file) lets a later
//    session resume or clean up after a crash or window reload;
// 5. optionally a preferred leader election (ElectLeaders, KIP-460) for every partition whose replica list changed,
//    confirmed with Metadata (election.ts); its per-partition report is part of the result.
// Sources: kafka-reassign-partitions.sh --execute/--verify/--cancel behaviour; KIP-455 (reassignment APIs).

import type { Admin } from '@platformatic/kafka';
import { scheduleExecution, type ExecutionSchedule } from '../core/planner/execution';
import type { ElectionReport } from '../core/planner/election';
import { newExecutionJournal, validateExecutionJournal, type ExecutionJournal } from '../core/planner/executionJournal';
import type { PartitionMove } from '../core/planner/plan';
import { formatBytes, formatDuration, formatMBps } from '../core/units';
import { KafkaConnectionError, createAdmin, describeKafkaError, withDeadline, type ConnectionSettings } from './connection';
import { electPreferredLeaders } from './election';
import { BatchWatch, sleep, waitUntil, type ExecutionProgress } from './progress';
import { ReassignmentClient, type InFlightReassignment } from './reassignmentApi';
import { FOLLOWER_RATE, LEADER_RATE, appendTopicThrottles, removeThrottles, setBrokerRates } from './throttles';
import { currentReplicas } from './clusterMetadata';
import { plural } from '../core/units';

export type { ExecutionProgress } from './progress';

export interface JournalStore {
  save(journal: ExecutionJournal): Promise<void>;
  clear(): Promise<void>;
}

export type ExecutionOutcome = 'completed' | 'cancelled' | 'failed';

export interface ExecutionResult {
  outcome: ExecutionOutcome;
  batchesDone: number;
  partitionsMoved: number;
  error?: string;
  /** Throttles that could not be removed (e.g. a broker that is down), with what to do. */
  leftovers: string[];
  /** The preferred leader election at the end (electLeaders and a completed execution), per partition. */
  election?: ElectionReport;
  log: string[];
}

export interface ExecuteOptions {
  settings: ConnectionSettings;
  schedule: ExecutionSchedule;
  /** After the last batch, elect the preferred leader of every partition whose replica list changed. */
  electLeaders?: boolean;
  /** Called when the election starts (the moves are done; VS Code shows it as its own step). */
  onElection?: (partitions: number) => void;
  pollIntervalMs?: number;
  /** Give up on a batch that makes no progress for this long (a broker down, a stuck fetcher). */
  stallTimeoutMs?: number;
  journal?: JournalStore;
  onProgress?: (p: ExecutionProgress) => void;
  onLog?: (line: string) => void;
  isCancelled?: () => boolean;
  /**
   * The journal of an execution that did not finish (a crash, a window reload): its throttles are adopted (so the
   * values found before the first run are the ones restored), its in-flight moves are waited for, and the
   * schedule continues with what is left (see resumeExecution).
   */
  resume?: ExecutionJournal;
}

/** The execution failed for a reason its message explains (a stall, a refused batch): not a bug. */
export class ExecutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionError';
  }
}

/** Waits until Kafka lists none of `partitions`' cancelled reassignments any more. */
async function waitForRollback(list: () => Promise<InFlightReassignment[]>, timeoutMs: number, pollMs: number): Promise<void> {
  if (!(await waitUntil(async () => (await list()).length === 0, timeoutMs, pollMs))) {
    throw new ExecutionError(`Kafka did not finish rolling back the cancelled reassignments within ${Math.round(timeoutMs / 1000)} s.`);
  }
}

export async function executePlan(options: ExecuteOptions): Promise<ExecutionResult> {
  const { settings, schedule } = options;
  const log: string[] = [];
  const say = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    log.push(stamped);
    options.onLog?.(stamped);
  };
  const poll = options.pollIntervalMs ?? 1000;
  const stallMs = options.stallTimeoutMs ?? 120_000;
  const cancelled = () => options.isCancelled?.() ?? false;
  const dataMoves = schedule.batches.flatMap((b) => b.moves).filter((m) => m.added.length > 0);
  const brokers = [...new Set(dataMoves.flatMap((m) => [...m.added, ...m.before]))].sort((a, b) => a - b);
  const journal: ExecutionJournal = options.resume
    ? { ...structuredClone(options.resume), pending: dataMoves, batchesDone: 0, batchesTotal: schedule.batches.length, state: 'running' }
    : newExecutionJournal({
        bootstrap: settings.bootstrap,
        throttleBytesPerSec: schedule.throttleBytesPerSec,
        maxMovesPerBroker: schedule.maxMovesPerBroker,
        electLeaders: options.electLeaders ?? false,
        pending: dataMoves,
        batchesTotal: schedule.batches.length,
      });
  const save = async () => {
    await options.journal?.save(journal);
  };
  const result: ExecutionResult = { outcome: 'completed', batchesDone: 0, partitionsMoved: 0, leftovers: [], log };
  const admin = createAdmin(settings);
  let client: ReassignmentClient | undefined;
  const budget = settings.requestTimeoutMs + settings.connectTimeoutMs;
  try {
    client = await ReassignmentClient.open(settings);
    let existing = await client.list();
    const ours = new Set((options.resume?.inFlight ?? []).map((p) => `${p.topic}-${p.partition}`));
    if (existing.length && existing.every((p) => ours.has(`${p.topic}-${p.partition}`))) {
      // resuming: the moves the earlier run submitted kept going in Kafka; let them finish under their throttles
      say(`resuming: waiting for ${plural(existing.length, 'reassignment')} the earlier run submitted`);
      const inFlight = existing;
      const finished = await waitUntil(async () => cancelled() || (await client!.list(inFlight)).length === 0, stallMs * 10, poll);
      if (!finished)
        throw new ExecutionError(
          `The ${plural(inFlight.length, 'reassignment')} the earlier run submitted did not finish within ${Math.round((stallMs * 10) / 1000)} s.`,
        );
      existing = await client.list();
    }
    journal.inFlight = [];
    if (existing.length) {
      throw new ExecutionError(
        `${plural(existing.length, 'reassignment')} ${existing.length === 1 ? 'is' : 'are'} already in progress (e.g. ${existing[0].topic}-${existing[0].partition}); ` +
          'wait for them or cancel them (kafka-reassign-partitions.sh --cancel) before starting another.',
      );
    }
    if (dataMoves.length) {
      // 1. broker rates, remembering what was there. A broker that is down (a drained dead broker, still named by the
      // replicas it had) copies nothing and cannot take a config: it gets no throttle.
      const live = new Set((await withDeadline(admin.metadata({ topics: [], forceUpdate: true }), budget, 'Metadata')).brokers.keys());
      const down = brokers.filter((b) => !live.has(b));
      const throttled = brokers.filter((b) => live.has(b));
      if (down.length) say(`broker(s) ${down.join(', ')} are not in the metadata (down): no throttle is set on them`);
      await setBrokerRates(admin, throttled, schedule.throttleBytesPerSec, journal, save, budget);
      say(`throttle ${formatMBps(schedule.throttleBytesPerSec)} set on brokers ${throttled.join(', ')} (${LEADER_RATE}, ${FOLLOWER_RATE})`);
    }

    const bytesTotal = dataMoves.reduce((s, m) => s + m.bytes * m.added.length, 0);
    const partitionsTotal = schedule.batches.reduce((s, b) => s + b.moves.length, 0);
    let bytesDoneBefore = 0;
    let partitionsDone = 0;
    for (const batch of schedule.batches) {
      if (cancelled()) break;
      const moves = batch.moves;
      await appendTopicThrottles(admin, moves, journal, save, budget);
      journal.inFlight = moves.map((m) => ({ topic: m.topic, partition: m.partition, target: m.after }));
      await save();
      await client.alter(moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })));
      const batchBytes = moves.reduce((s, m) => s + m.bytes * m.added.length, 0);
      say(
        `batch ${batch.index + 1}/${schedule.batches.length}: submitted ${plural(moves.length, 'partition')}, ${formatBytes(batchBytes)} to copy`,
      );

      // 2. watch until Kafka reports none of the batch in flight
      const watch = new BatchWatch(client, admin, budget, batch, {
        batches: schedule.batches.length,
        partitionsTotal,
        partitionsDoneBefore: partitionsDone,
        bytesTotal,
        bytesDoneBefore,
      });
      for (;;) {
        const { inFlight, progress } = await watch.poll();
        options.onProgress?.(progress);
        if (inFlight.length === 0) break;
        if (cancelled()) {
          say(`cancel requested: cancelling ${inFlight.length} in-flight reassignment(s)`);
          await client.alter(inFlight.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })));
          await waitForRollback(() => client!.list(inFlight), settings.requestTimeoutMs * 4, poll);
          await restoreOrder(
            admin,
            client,
            moves.filter((m) => inFlight.some((p) => p.topic === m.topic && p.partition === m.partition)),
            budget,
            poll,
            say,
          );
          say('in-flight reassignments cancelled; Kafka rolled them back to their previous replicas');
          result.outcome = 'cancelled';
          break;
        }
        if (watch.stalledMs > stallMs) {
          const metadata = await withDeadline(admin.metadata({ topics: [], forceUpdate: true }), budget, 'Metadata');
          const missing = brokers.filter((b) => !metadata.brokers.has(b));
          throw new ExecutionError(
            `Batch ${batch.index + 1} made no progress for ${Math.round(stallMs / 1000)} s` +
              (missing.length ? `: broker(s) ${missing.join(', ')} are not in the cluster metadata (down?)` : '') +
              `. ${plural(inFlight.length, 'reassignment')} still in flight (e.g. ${inFlight[0].topic}-${inFlight[0].partition} adding ${inFlight[0].adding.join(',')}).`,
          );
        }
        await sleep(poll);
      }
      if (result.outcome === 'cancelled') break;
      // 3. confirm the final assignment of the batch (brokers' metadata caches can trail the controller briefly)
      let wrong: { move: PartitionMove; now: number[] }[] = [];
      const confirmBy = Date.now() + settings.requestTimeoutMs;
      do {
        // internal topics included: __consumer_offsets moves too when a broker is drained
        const current = await withDeadline(currentReplicas(admin, [...new Set(moves.map((m) => m.topic))]), budget, 'Metadata');
        wrong = moves
          .map((move) => ({ move, now: current.get(move.topic)?.get(move.partition)?.replicas ?? [] }))
          .filter(({ move, now }) => now.length !== move.after.length || now.some((r, i) => r !== move.after[i]));
        if (wrong.length) await sleep(poll);
      } while (wrong.length && Date.now() < confirmBy);
      if (wrong.length) {
        const [first] = wrong;
        throw new ExecutionError(
          `After batch ${batch.index + 1}, ${plural(wrong.length, 'partition')} do not have the planned replicas ` +
            `(e.g. ${first.move.topic}-${first.move.partition}: [${first.now.join(', ')}], planned [${first.move.after.join(', ')}]).`,
        );
      }
      bytesDoneBefore += batchBytes;
      partitionsDone += moves.length;
      result.partitionsMoved = partitionsDone;
      journal.inFlight = [];
      const done = new Set(moves.map((m) => `${m.topic}-${m.partition}`));
      journal.pending = journal.pending.filter((m) => !done.has(`${m.topic}-${m.partition}`));
      journal.batchesDone = ++result.batchesDone;
      await save();
      say(`batch ${batch.index + 1} done in ${formatDuration(watch.elapsedSeconds)}`);
    }
    if (result.outcome === 'completed' && cancelled()) result.outcome = 'cancelled';
    if (result.outcome === 'completed' && options.electLeaders) {
      // every partition whose replica list changed, not only those whose first replica changed: a leader that stays
      // in the list keeps leading even when it is not the first replica (e.g. after an earlier failover)
      const moved = schedule.batches.flatMap((b) => b.moves);
      if (moved.length) {
        options.onElection?.(moved.length);
        say(`preferred leader election for ${plural(moved.length, 'partition')} whose replicas changed`);
        result.election = await electPreferredLeaders(admin, client, moved, {
          budgetMs: budget,
          confirmMs: settings.requestTimeoutMs,
          pollMs: poll,
          bootstrap: settings.bootstrap,
        });
        const e = result.election;
        say(`preferred leader election: ${e.elected} elected, ${e.alreadyPreferred} already preferred, ${e.failed} failed`);
      }
    }
  } catch (err) {
    result.outcome = 'failed';
    result.error = err instanceof ExecutionError ? err.message : describeKafkaError(err, settings.bootstrap);
    say(`failed: ${result.error}`);
    // a failed batch must not keep copying unthrottled once the throttles are gone: cancel what is in flight
    if (client && journal.inFlight.length) {
      try {
        const inFlight = await client.list(journal.inFlight);
        if (inFlight.length) {
          await client.alter(inFlight.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })));
          say(`cancelled ${inFlight.length} in-flight reassignment(s) after the failure`);
        }
      } catch (cancelErr) {
        result.leftovers.push(
          `Could not cancel the in-flight reassignments: ${describeKafkaError(cancelErr, settings.bootstrap)}. Run kafka-reassign-partitions.sh --cancel or --list.`,
        );
      }
    }
  } finally {
    journal.state = 'cleaning-up';
    await options.journal?.save(journal).catch(() => undefined);
    result.leftovers.push(...(await removeThrottles(admin, journal, budget, say)));
    if (result.leftovers.length === 0) await options.journal?.clear().catch(() => undefined);
    else await options.journal?.save(journal).catch(() => undefined);
    await client?.close();
    await withDeadline(admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
  }
  return result;
}

/**
 * Kafka's cancel restores the previous replica set but not always its order (the reverted list is the
 * in-flight list minus the adding replicas), which would silently change preferred leaders. Put the previous
 * order back with a reorder-only reassignment: it copies no data.
 */
async function restoreOrder(
  admin: Admin,
  client: ReassignmentClient,
  moves: PartitionMove[],
  budget: number,
  poll: number,
  say: (line: string) => void,
): Promise<void> {
  if (!moves.length) return;
  // wait until the brokers' metadata shows the rolled-back replica sets (it trails the controller briefly)
  let reorder: PartitionMove[] = [];
  const until = Date.now() + budget;
  for (;;) {
    const current = await withDeadline(currentReplicas(admin, [...new Set(moves.map((m) => m.topic))]), budget, 'Metadata');
    const now = (m: PartitionMove) => current.get(m.topic)?.get(m.partition)?.replicas ?? [];
    const settled = moves.every((m) => now(m).length === m.before.length && m.before.every((r) => now(m).includes(r)));
    reorder = moves.filter(
      (m) => now(m).length === m.before.length && m.before.every((r) => now(m).includes(r)) && now(m).some((r, i) => r !== m.before[i]),
    );
    if (settled || Date.now() > until) break;
    await sleep(poll);
  }
  if (!reorder.length) return;
  await client.alter(reorder.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.before })));
  await waitForRollback(() => client.list(reorder), budget * 2, poll);
  say(`restored the previous replica order of ${plural(reorder.length, 'partition')} (no data copied)`);
}

/**
 * Continues an execution that did not finish, from its journal: waits for the moves it had in flight, then runs
 * the moves still pending against the cluster as it is now (a partition already at its target is skipped; one that
 * changed meanwhile is moved from where it is), with the journaled throttle, cap and leader election. The journal is
 * validated first (a ValidationError names the bad field): it decides what is done to the cluster.
 */
export async function resumeExecution(
  journal: ExecutionJournal,
  options: Omit<ExecuteOptions, 'schedule' | 'resume' | 'electLeaders'>,
): Promise<ExecutionResult> {
  validateExecutionJournal(journal);
  const admin = createAdmin(options.settings);
  let remaining: PartitionMove[];
  try {
    const budget = options.settings.requestTimeoutMs + options.settings.connectTimeoutMs;
    const topics = [...new Set(journal.pending.map((m) => m.topic))];
    const current = await withDeadline(currentReplicas(admin, topics), budget, 'Metadata');
    remaining = journal.pending.flatMap((m) => {
      const p = current.get(m.topic)?.get(m.partition);
      if (!p) return [];
      const now = [...p.replicas];
      const target = m.after;
      // an in-flight move still lists its adding replicas; what matters is whether the target is reached
      if (now.length === target.length && now.every((r, i) => r === target[i])) return [];
      const inFlight = journal.inFlight.some((x) => x.topic === m.topic && x.partition === m.partition);
      const before = inFlight ? m.before : now;
      return [
        {
          ...m,
          before,
          currentLeader: p.leader,
          added: target.filter((r) => !before.includes(r)),
          removed: before.filter((r) => !target.includes(r)),
          leaderChanged: before[0] !== target[0],
        },
      ];
    });
  } finally {
    await withDeadline(admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
  }
  const schedule = scheduleExecution(remaining, {
    throttleBytesPerSec: journal.throttleBytesPerSec,
    maxMovesPerBroker: journal.maxMovesPerBroker,
  });
  return executePlan({ ...options, schedule, electLeaders: journal.electLeaders, resume: journal });
}

/**
 * Cleans up after an execution that did not finish (crash, reload): cancels its in-flight moves, removes its
 * throttles (deleting from `journal` what was removed). The journal is validated first, as for resumeExecution.
 */
export async function cleanUpExecution(
  settings: ConnectionSettings,
  journal: ExecutionJournal,
  onLog?: (line: string) => void,
): Promise<string[]> {
  validateExecutionJournal(journal);
  const say = (line: string) => onLog?.(`${new Date().toISOString()} ${line}`);
  const admin = createAdmin(settings);
  const leftovers: string[] = [];
  const budget = settings.requestTimeoutMs + settings.connectTimeoutMs;
  try {
    if (journal.inFlight.length) {
      const client = await ReassignmentClient.open(settings);
      try {
        const inFlight = await client.list(journal.inFlight);
        if (inFlight.length) {
          await client.alter(inFlight.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })));
          say(`cancelled ${inFlight.length} in-flight reassignment(s) left by the earlier run`);
        }
      } finally {
        await client.close();
      }
    }
    leftovers.push(...(await removeThrottles(admin, journal, budget, say)));
  } catch (err) {
    if (err instanceof KafkaConnectionError) throw err;
    throw new KafkaConnectionError(describeKafkaError(err, settings.bootstrap), err);
  } finally {
    await withDeadline(admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
  }
  return leftovers;
}
