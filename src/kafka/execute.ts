// Executes a reassignment on a live cluster, safely:
// 1. replication throttles: broker rates (leader/follower.replication.throttled.rate) on every broker involved,
//    and per topic the throttled replicas (leader/follower.replication.throttled.replicas), all through
//    IncrementalAlterConfigs with SET on the two rate keys and APPEND on the replica lists, so no other config is
//    touched; the values found before are journaled and restored;
// 2. batches (ExecutionSchedule: at most N moves per broker in flight) with AlterPartitionReassignments, progress
//    from ListPartitionReassignments and DescribeLogDirs (bytes copied, rate, ETA);
// 3. cancel: cancels in-flight reassignments (replicas = null) and waits until Kafka has rolled them back;
// 4. always: removes exactly the throttles it set (SUBTRACT our replica entries, restore/DELETE the rates), on
//    success, failure or cancel; a journal (saved by the caller: VS Code globalState or a file) lets a later
//    session resume or clean up after a crash or window reload;
// 5. optionally a preferred leader election (ElectLeaders) for the moved partitions.
// Sources: kafka-reassign-partitions.sh --execute/--verify/--cancel behaviour and configs (../shared/FIELD.md).

import type { Admin } from '@platformatic/kafka';
import type { ExecutionSchedule } from '../core/planner/execution';
import type { PartitionMove } from '../core/planner/plan';
import { formatBytes, formatDuration, formatMBps } from '../core/units';
import { KafkaConnectionError, createAdmin, describeKafkaError, withDeadline, type ConnectionSettings } from './connection';
import { ReassignmentClient } from './reassignmentApi';

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
const OP_SET = 0;
const OP_DELETE = 1;
const OP_APPEND = 2;
const OP_SUBTRACT = 3;
/** ConfigSources.DYNAMIC_BROKER_CONFIG: a per-broker value someone set at runtime (ours to restore). */
const SOURCE_DYNAMIC_BROKER = 2;
/** ConfigSources.DYNAMIC_TOPIC_CONFIG: a topic-level override. */
const SOURCE_DYNAMIC_TOPIC = 1;
const LEADER_RATE = 'leader.replication.throttled.rate';
const FOLLOWER_RATE = 'follower.replication.throttled.rate';
const LEADER_REPLICAS = 'leader.replication.throttled.replicas';
const FOLLOWER_REPLICAS = 'follower.replication.throttled.replicas';

export interface ExecutionJournal {
  version: 1;
  bootstrap: string[];
  clusterId?: string;
  startedAt: string;
  throttleBytesPerSec: number;
  /** Rates found on each broker before we set ours (null: none set dynamically). */
  brokerRatesBefore: Record<string, { leader: string | null; follower: string | null }>;
  /** Throttled-replica entries we appended, per topic ("partition:broker"). */
  topicThrottles: Record<string, { leader: string[]; follower: string[] }>;
  /** Partitions submitted and not yet confirmed complete. */
  inFlight: { topic: string; partition: number; target: number[] }[];
  /** Every data move not yet confirmed done (in flight or still to submit): what a resume continues with. */
  pending: PartitionMove[];
  maxMovesPerBroker: number;
  electLeaders: boolean;
  batchesDone: number;
  batchesTotal: number;
  state: 'running' | 'cleaning-up';
}

export interface JournalStore {
  save(journal: ExecutionJournal): Promise<void>;
  clear(): Promise<void>;
}

export interface ExecutionProgress {
  batch: number;
  batches: number;
  partitionsDone: number;
  partitionsTotal: number;
  bytesCopied: number;
  bytesTotal: number;
  bytesPerSec: number | null;
  etaSeconds: number | null;
  message: string;
}

export type ExecutionOutcome = 'completed' | 'cancelled' | 'failed';

export interface ExecutionResult {
  outcome: ExecutionOutcome;
  batchesDone: number;
  partitionsMoved: number;
  error?: string;
  /** Throttles that could not be removed (e.g. a broker that is down), with what to do. */
  leftovers: string[];
  electionFailures: string[];
  log: string[];
}

export interface ExecuteOptions {
  settings: ConnectionSettings;
  schedule: ExecutionSchedule;
  electLeaders?: boolean;
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

export class ExecutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function throttleEntries(moves: PartitionMove[]): Record<string, { leader: string[]; follower: string[] }> {
  // as kafka-reassign-partitions.sh: leader throttle on every current replica (any may lead while copying),
  // follower throttle on the replicas being added
  const out: Record<string, { leader: string[]; follower: string[] }> = {};
  for (const m of moves) {
    if (!m.added.length) continue;
    const t = (out[m.topic] ??= { leader: [], follower: [] });
    for (const b of m.before) t.leader.push(`${m.partition}:${b}`);
    for (const b of m.added) t.follower.push(`${m.partition}:${b}`);
  }
  return out;
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
    : {
        version: 1,
        bootstrap: settings.bootstrap,
        startedAt: new Date().toISOString(),
        throttleBytesPerSec: schedule.throttleBytesPerSec,
        brokerRatesBefore: {},
        topicThrottles: {},
        inFlight: [],
        pending: dataMoves,
        maxMovesPerBroker: schedule.maxMovesPerBroker,
        electLeaders: options.electLeaders ?? false,
        batchesDone: 0,
        batchesTotal: schedule.batches.length,
        state: 'running',
      };
  const result: ExecutionResult = { outcome: 'completed', batchesDone: 0, partitionsMoved: 0, leftovers: [], electionFailures: [], log };
  const admin = createAdmin(settings);
  let client: ReassignmentClient | undefined;
  const budget = settings.requestTimeoutMs + settings.connectTimeoutMs;
  try {
    client = await ReassignmentClient.open(settings);
    let existing = await client.list();
    const ours = new Set((options.resume?.inFlight ?? []).map((p) => `${p.topic}-${p.partition}`));
    if (existing.length && existing.every((p) => ours.has(`${p.topic}-${p.partition}`))) {
      // resuming: the moves the earlier run submitted kept going in Kafka; let them finish under their throttles
      say(`resuming: waiting for ${existing.length} reassignment(s) the earlier run submitted`);
      const inFlight = existing;
      await waitUntil(async () => cancelled() || (await client!.list(inFlight)).length === 0, stallMs * 10, poll);
      existing = await client.list();
    }
    journal.inFlight = [];
    if (existing.length) {
      throw new ExecutionError(
        `${existing.length} reassignment(s) are already in progress (e.g. ${existing[0].topic}-${existing[0].partition}); ` +
          'wait for them or cancel them (kafka-reassign-partitions.sh --cancel) before starting another.',
      );
    }
    if (dataMoves.length) {
      // 1. broker rates, remembering what was there
      const described = await withDeadline(
        admin.describeConfigs({ resources: brokers.map((b) => ({ resourceType: RESOURCE_BROKER, resourceName: String(b), configurationKeys: [LEADER_RATE, FOLLOWER_RATE] })) }),
        budget,
        'DescribeConfigs (brokers)',
      );
      for (const d of described) {
        if (journal.brokerRatesBefore[d.resourceName]) continue; // resuming: keep what was there before the first run
        const dynamic = (name: string) => {
          const c = d.configs.find((x) => x.name === name);
          return c && c.configSource === SOURCE_DYNAMIC_BROKER && c.value != null ? c.value : null;
        };
        journal.brokerRatesBefore[d.resourceName] = { leader: dynamic(LEADER_RATE), follower: dynamic(FOLLOWER_RATE) };
      }
      await options.journal?.save(journal);
      const rate = String(Math.round(schedule.throttleBytesPerSec));
      await withDeadline(
        admin.incrementalAlterConfigs({
          resources: brokers.map((b) => ({
            resourceType: RESOURCE_BROKER,
            resourceName: String(b),
            configs: [
              { name: LEADER_RATE, configOperation: OP_SET, value: rate },
              { name: FOLLOWER_RATE, configOperation: OP_SET, value: rate },
            ],
          })),
        }),
        budget,
        'IncrementalAlterConfigs (broker throttle rates)',
      );
      say(`throttle ${formatMBps(schedule.throttleBytesPerSec)} set on brokers ${brokers.join(', ')} (${LEADER_RATE}, ${FOLLOWER_RATE})`);
    }

    const bytesTotal = dataMoves.reduce((s, m) => s + m.bytes * m.added.length, 0);
    let bytesDoneBefore = 0;
    let partitionsDone = 0;
    for (const batch of schedule.batches) {
      if (cancelled()) break;
      const moves = batch.moves;
      const entries = throttleEntries(moves);
      const topics = Object.keys(entries).sort();
      if (topics.length) {
        for (const t of topics) {
          const j = (journal.topicThrottles[t] ??= { leader: [], follower: [] });
          j.leader = [...new Set([...j.leader, ...entries[t].leader])];
          j.follower = [...new Set([...j.follower, ...entries[t].follower])];
        }
        await options.journal?.save(journal);
        await withDeadline(
          admin.incrementalAlterConfigs({
            resources: topics.map((t) => ({
              resourceType: RESOURCE_TOPIC,
              resourceName: t,
              configs: [
                { name: LEADER_REPLICAS, configOperation: OP_APPEND, value: entries[t].leader.join(',') },
                { name: FOLLOWER_REPLICAS, configOperation: OP_APPEND, value: entries[t].follower.join(',') },
              ],
            })),
          }),
          budget,
          'IncrementalAlterConfigs (topic throttled replicas)',
        );
      }
      journal.inFlight = moves.map((m) => ({ topic: m.topic, partition: m.partition, target: m.after }));
      await options.journal?.save(journal);
      await client.alter(moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })));
      const batchBytes = moves.reduce((s, m) => s + m.bytes * m.added.length, 0);
      say(`batch ${batch.index + 1}/${schedule.batches.length}: submitted ${moves.length} partition(s), ${formatBytes(batchBytes)} to copy`);

      // 2. watch until Kafka reports none of the batch in flight
      const started = Date.now();
      let lastProgressAt = Date.now();
      let lastCopied = -1;
      for (;;) {
        const inFlight = await client.list(moves.map((m) => ({ topic: m.topic, partition: m.partition })));
        const copied = await bytesCopied(admin, moves, inFlight, budget);
        if (copied > lastCopied || inFlight.length < (journal.inFlight.length || Infinity)) lastProgressAt = Date.now();
        lastCopied = copied;
        const elapsed = (Date.now() - started) / 1000;
        const doneBytes = bytesDoneBefore + copied;
        const rateNow = elapsed > 0 && copied > 0 ? copied / elapsed : null;
        const eta = rateNow ? (bytesTotal - doneBytes) / rateNow : null;
        options.onProgress?.({
          batch: batch.index + 1,
          batches: schedule.batches.length,
          partitionsDone: partitionsDone + (moves.length - inFlight.length),
          partitionsTotal: schedule.batches.reduce((s, b) => s + b.moves.length, 0),
          bytesCopied: doneBytes,
          bytesTotal,
          bytesPerSec: rateNow,
          etaSeconds: eta,
          message: `batch ${batch.index + 1}/${schedule.batches.length}, ${formatBytes(doneBytes)} of ${formatBytes(bytesTotal)}` +
            (rateNow ? ` at ${formatMBps(rateNow)}, ~${formatDuration(eta ?? 0)} left` : ''),
        });
        if (inFlight.length === 0) break;
        if (cancelled()) {
          say(`cancel requested: cancelling ${inFlight.length} in-flight reassignment(s)`);
          await client.alter(inFlight.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })));
          await waitUntil(async () => (await client!.list(inFlight)).length === 0, settings.requestTimeoutMs * 4, poll);
          await restoreOrder(admin, client, moves.filter((m) => inFlight.some((p) => p.topic === m.topic && p.partition === m.partition)), budget, poll, say);
          say('in-flight reassignments cancelled; Kafka rolled them back to their previous replicas');
          result.outcome = 'cancelled';
          break;
        }
        if (Date.now() - lastProgressAt > stallMs) {
          const metadata = await withDeadline(admin.metadata({ topics: [], forceUpdate: true }), budget, 'Metadata');
          const missing = brokers.filter((b) => !metadata.brokers.has(b));
          throw new ExecutionError(
            `Batch ${batch.index + 1} made no progress for ${Math.round(stallMs / 1000)} s` +
              (missing.length ? `: broker(s) ${missing.join(', ')} are not in the cluster metadata (down?)` : '') +
              `. ${inFlight.length} reassignment(s) still in flight (e.g. ${inFlight[0].topic}-${inFlight[0].partition} adding ${inFlight[0].adding.join(',')}).`,
          );
        }
        await sleep(poll);
      }
      if (result.outcome === 'cancelled') break;
      // 3. confirm the final assignment of the batch (brokers' metadata caches can trail the controller briefly)
      let wrong: { move: PartitionMove; now: number[] }[] = [];
      const confirmBy = Date.now() + settings.requestTimeoutMs;
      do {
        const metadata = await withDeadline(admin.metadata({ topics: [...new Set(moves.map((m) => m.topic))], forceUpdate: true }), budget, 'Metadata');
        wrong = moves
          .map((move) => ({ move, now: metadata.topics.get(move.topic)?.partitions[move.partition]?.replicas ?? [] }))
          .filter(({ move, now }) => now.length !== move.after.length || now.some((r, i) => r !== move.after[i]));
        if (wrong.length) await sleep(poll);
      } while (wrong.length && Date.now() < confirmBy);
      if (wrong.length) {
        const [first] = wrong;
        throw new ExecutionError(
          `After batch ${batch.index + 1}, ${wrong.length} partition(s) do not have the planned replicas ` +
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
      await options.journal?.save(journal);
      say(`batch ${batch.index + 1} done in ${formatDuration((Date.now() - started) / 1000)}`);
    }
    if (result.outcome === 'completed' && cancelled()) result.outcome = 'cancelled';
    if (result.outcome === 'completed' && options.electLeaders) {
      const moved = schedule.batches.flatMap((b) => b.moves).filter((m) => m.leaderChanged);
      if (moved.length) {
        result.electionFailures = await client.electPreferredLeaders(moved.map((m) => ({ topic: m.topic, partition: m.partition })));
        say(`preferred leader election for ${moved.length} partition(s)${result.electionFailures.length ? `; ${result.electionFailures.length} failed` : ''}`);
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
        result.leftovers.push(`Could not cancel the in-flight reassignments: ${describeKafkaError(cancelErr, settings.bootstrap)}. Run kafka-reassign-partitions.sh --cancel or --list.`);
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
async function restoreOrder(admin: Admin, client: ReassignmentClient, moves: PartitionMove[], budget: number, poll: number, say: (line: string) => void): Promise<void> {
  if (!moves.length) return;
  // wait until the brokers' metadata shows the rolled-back replica sets (it trails the controller briefly)
  let reorder: PartitionMove[] = [];
  const until = Date.now() + budget;
  for (;;) {
    const metadata = await withDeadline(admin.metadata({ topics: [...new Set(moves.map((m) => m.topic))], forceUpdate: true }), budget, 'Metadata');
    const now = (m: PartitionMove) => metadata.topics.get(m.topic)?.partitions[m.partition]?.replicas ?? [];
    const settled = moves.every((m) => now(m).length === m.before.length && m.before.every((r) => now(m).includes(r)));
    reorder = moves.filter((m) => now(m).length === m.before.length && m.before.every((r) => now(m).includes(r)) && now(m).some((r, i) => r !== m.before[i]));
    if (settled || Date.now() > until) break;
    await sleep(poll);
  }
  if (!reorder.length) return;
  await client.alter(reorder.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.before })));
  await waitUntil(async () => (await client.list(reorder)).length === 0, budget * 2, poll);
  say(`restored the previous replica order of ${reorder.length} partition(s) (no data copied)`);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(pollMs);
  }
  throw new ExecutionError(`Kafka did not finish rolling back the cancelled reassignments within ${Math.round(timeoutMs / 1000)} s.`);
}

/** Bytes already on the new replicas of a batch: finished partitions count whole, in-flight ones by log size. */
async function bytesCopied(admin: Admin, moves: PartitionMove[], inFlight: { topic: string; partition: number }[], budget: number): Promise<number> {
  const pending = new Set(inFlight.map((p) => `${p.topic}-${p.partition}`));
  let copied = 0;
  const watch = moves.filter((m) => pending.has(`${m.topic}-${m.partition}`));
  for (const m of moves) if (!pending.has(`${m.topic}-${m.partition}`)) copied += m.bytes * m.added.length;
  if (!watch.length) return copied;
  try {
    const byTopic = new Map<string, number[]>();
    for (const m of watch) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m.partition]);
    const dirs = await withDeadline(admin.describeLogDirs({ topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) }), budget, 'DescribeLogDirs');
    for (const m of watch) {
      for (const b of m.added) {
        let size = 0;
        for (const d of dirs.filter((x) => x.broker === b)) {
          for (const r of d.results) for (const t of r.topics) if (t.name === m.topic) for (const p of t.partitions) if (p.partitionIndex === m.partition) size = Math.max(size, Number(p.partitionSize));
        }
        copied += Math.min(size, m.bytes);
      }
    }
  } catch {
    // progress is best effort: a broker that does not answer DescribeLogDirs is reported by the stall check
  }
  return copied;
}

/** Removes exactly what the journal says we set. Returns what could not be removed. */
export async function removeThrottles(admin: Admin, journal: ExecutionJournal, budget: number, say: (line: string) => void): Promise<string[]> {
  const leftovers: string[] = [];
  for (const [topic, t] of Object.entries(journal.topicThrottles)) {
    try {
      await withDeadline(
        admin.incrementalAlterConfigs({
          resources: [{
            resourceType: RESOURCE_TOPIC,
            resourceName: topic,
            configs: [
              ...(t.leader.length ? [{ name: LEADER_REPLICAS, configOperation: OP_SUBTRACT as typeof OP_SUBTRACT, value: t.leader.join(',') }] : []),
              ...(t.follower.length ? [{ name: FOLLOWER_REPLICAS, configOperation: OP_SUBTRACT as typeof OP_SUBTRACT, value: t.follower.join(',') }] : []),
            ],
          }],
        }),
        budget,
        `IncrementalAlterConfigs (remove throttled replicas of ${topic})`,
      );
      delete journal.topicThrottles[topic];
      // A list emptied by SUBTRACT stays behind as an empty dynamic config: delete it so nothing of ours is
      // left. Config changes reach brokers through the KRaft metadata log, so wait until ours are gone first.
      const ours = new Set([...t.leader, ...t.follower]);
      let empty: string[] = [];
      const until = Date.now() + budget;
      for (;;) {
        const [described] = await withDeadline(
          admin.describeConfigs({ resources: [{ resourceType: RESOURCE_TOPIC, resourceName: topic, configurationKeys: [LEADER_REPLICAS, FOLLOWER_REPLICAS] }] }),
          budget,
          `DescribeConfigs (${topic})`,
        );
        const configs = (described?.configs ?? []).filter((c) => c.configSource === SOURCE_DYNAMIC_TOPIC);
        const stillOurs = configs.some((c) => (c.value ?? '').split(',').some((e) => ours.has(e.trim())));
        empty = configs.filter((c) => (c.value ?? '').trim() === '').map((c) => c.name);
        if (!stillOurs || Date.now() > until) break;
        await sleep(250);
      }
      if (empty.length) {
        await withDeadline(
          admin.incrementalAlterConfigs({ resources: [{ resourceType: RESOURCE_TOPIC, resourceName: topic, configs: empty.map((name) => ({ name, configOperation: OP_DELETE as typeof OP_DELETE })) }] }),
          budget,
          `IncrementalAlterConfigs (delete empty throttle lists of ${topic})`,
        );
      }
    } catch (err) {
      leftovers.push(`Topic ${topic} still has our throttled replicas (${LEADER_REPLICAS}/${FOLLOWER_REPLICAS}): ${(err as Error).message}`);
    }
  }
  for (const [broker, before] of Object.entries(journal.brokerRatesBefore)) {
    const restore = (name: string, value: string | null) =>
      value === null ? { name, configOperation: OP_DELETE as typeof OP_DELETE } : { name, configOperation: OP_SET as typeof OP_SET, value };
    try {
      await withDeadline(
        admin.incrementalAlterConfigs({ resources: [{ resourceType: RESOURCE_BROKER, resourceName: broker, configs: [restore(LEADER_RATE, before.leader), restore(FOLLOWER_RATE, before.follower)] }] }),
        budget,
        `IncrementalAlterConfigs (restore throttle rates of broker ${broker})`,
      );
      delete journal.brokerRatesBefore[broker];
    } catch (err) {
      leftovers.push(`Broker ${broker} still has the throttle rate ${journal.throttleBytesPerSec} B/s: ${(err as Error).message}. When it is back, run "Clean Up Reassignment Throttles" (or kafka-configs.sh --alter --entity-type brokers --entity-name ${broker} --delete-config ${LEADER_RATE},${FOLLOWER_RATE}).`);
    }
  }
  say(leftovers.length ? `cleanup incomplete: ${leftovers.length} item(s) left` : 'throttles removed');
  return leftovers;
}

/**
 * Continues an execution that did not finish, from its journal: waits for the moves it had in flight, then runs
 * the moves still pending against the cluster as it is now (a partition already at its target is skipped; one that
 * changed meanwhile is moved from where it is), with the journaled throttle, cap and leader election.
 */
export async function resumeExecution(
  journal: ExecutionJournal,
  options: Omit<ExecuteOptions, 'schedule' | 'resume' | 'electLeaders'>,
): Promise<ExecutionResult> {
  const { scheduleExecution } = await import('../core/planner/execution');
  const admin = createAdmin(options.settings);
  let remaining: PartitionMove[];
  try {
    const budget = options.settings.requestTimeoutMs + options.settings.connectTimeoutMs;
    const topics = [...new Set(journal.pending.map((m) => m.topic))];
    const metadata = topics.length ? await withDeadline(admin.metadata({ topics, forceUpdate: true }), budget, 'Metadata') : undefined;
    remaining = journal.pending.flatMap((m) => {
      const p = metadata?.topics.get(m.topic)?.partitions[m.partition];
      if (!p) return [];
      const now = [...p.replicas];
      const target = m.after;
      // an in-flight move still lists its adding replicas; what matters is whether the target is reached
      if (now.length === target.length && now.every((r, i) => r === target[i])) return [];
      const inFlight = journal.inFlight.some((x) => x.topic === m.topic && x.partition === m.partition);
      const before = inFlight ? m.before : now;
      return [{ ...m, before, currentLeader: p.leader, added: target.filter((r) => !before.includes(r)), removed: before.filter((r) => !target.includes(r)), leaderChanged: before[0] !== target[0] }];
    });
  } finally {
    await withDeadline(admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
  }
  const schedule = scheduleExecution(remaining, { throttleBytesPerSec: journal.throttleBytesPerSec, maxMovesPerBroker: journal.maxMovesPerBroker });
  return executePlan({ ...options, schedule, electLeaders: journal.electLeaders, resume: journal });
}

/** Cleans up after an execution that did not finish (crash, reload): cancels its in-flight moves, removes its throttles. */
export async function cleanUpExecution(settings: ConnectionSettings, journal: ExecutionJournal, onLog?: (line: string) => void): Promise<string[]> {
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
