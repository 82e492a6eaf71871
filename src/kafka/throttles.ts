// Replication throttles of a reassignment, set and removed exactly, with the journal as the record of what was set.
// - Broker rates: leader.replication.throttled.rate and follower.replication.throttled.rate on every broker involved,
//   SET through IncrementalAlterConfigs (KIP-339) so no other config is touched; the dynamic values found before are
//   journaled first and restored afterwards (DELETE when there was none).
// - Throttled replicas: per topic, leader.replication.throttled.replicas on the current replicas and
//   follower.replication.throttled.replicas on the replicas being added (as kafka-reassign-partitions.sh --throttle
//   does), APPENDed so entries others set stay, journaled before they are set, SUBTRACTed afterwards.
// Source: Kafka documentation, "Limiting Bandwidth Usage during Data Migration" and the broker/topic configs above;
// KIP-73 (replication quotas).

import type { Admin } from '@platformatic/kafka';
import type { ExecutionJournal, TopicThrottleEntries } from '../core/planner/executionJournal';
import type { PartitionMove } from '../core/planner/plan';
import { withDeadline } from './connection';
import { plural } from '../core/units';

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
export const LEADER_RATE = 'leader.replication.throttled.rate';
export const FOLLOWER_RATE = 'follower.replication.throttled.rate';
const LEADER_REPLICAS = 'leader.replication.throttled.replicas';
const FOLLOWER_REPLICAS = 'follower.replication.throttled.replicas';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The throttled-replica entries ("partition:broker") a set of moves needs, per topic. */
function throttleEntries(moves: PartitionMove[]): Record<string, TopicThrottleEntries> {
  // as kafka-reassign-partitions.sh: leader throttle on every current replica (any may lead while copying),
  // follower throttle on the replicas being added
  const out: Record<string, TopicThrottleEntries> = {};
  for (const m of moves) {
    if (!m.added.length) continue;
    const t = (out[m.topic] ??= { leader: [], follower: [] });
    for (const b of m.before) t.leader.push(`${m.partition}:${b}`);
    for (const b of m.added) t.follower.push(`${m.partition}:${b}`);
  }
  return out;
}

/**
 * Sets the throttle rate on `brokers`, after journaling (and saving) the dynamic rates found on them. A resumed
 * journal keeps what it recorded before the first run: those are the values to restore, not our own.
 */
export async function setBrokerRates(
  admin: Admin,
  brokers: number[],
  bytesPerSec: number,
  journal: ExecutionJournal,
  save: () => Promise<void>,
  budget: number,
): Promise<void> {
  const described = await withDeadline(
    admin.describeConfigs({
      resources: brokers.map((b) => ({
        resourceType: RESOURCE_BROKER,
        resourceName: String(b),
        configurationKeys: [LEADER_RATE, FOLLOWER_RATE],
      })),
    }),
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
  await save();
  const rate = String(Math.round(bytesPerSec));
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
}

/** Appends the throttled replicas a batch needs to its topics, journaling (and saving) them first. */
export async function appendTopicThrottles(
  admin: Admin,
  moves: PartitionMove[],
  journal: ExecutionJournal,
  save: () => Promise<void>,
  budget: number,
): Promise<void> {
  const entries = throttleEntries(moves);
  const topics = Object.keys(entries).sort();
  if (!topics.length) return;
  for (const t of topics) {
    const j = (journal.topicThrottles[t] ??= { leader: [], follower: [] });
    j.leader = [...new Set([...j.leader, ...entries[t].leader])];
    j.follower = [...new Set([...j.follower, ...entries[t].follower])];
  }
  await save();
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

/** Removes exactly what the journal says we set, deleting each entry from it once done. Returns what could not be removed. */
export async function removeThrottles(
  admin: Admin,
  journal: ExecutionJournal,
  budget: number,
  say: (line: string) => void,
): Promise<string[]> {
  const leftovers: string[] = [];
  for (const [topic, t] of Object.entries(journal.topicThrottles)) {
    try {
      await withDeadline(
        admin.incrementalAlterConfigs({
          resources: [
            {
              resourceType: RESOURCE_TOPIC,
              resourceName: topic,
              configs: [
                ...(t.leader.length
                  ? [{ name: LEADER_REPLICAS, configOperation: OP_SUBTRACT as typeof OP_SUBTRACT, value: t.leader.join(',') }]
                  : []),
                ...(t.follower.length
                  ? [{ name: FOLLOWER_REPLICAS, configOperation: OP_SUBTRACT as typeof OP_SUBTRACT, value: t.follower.join(',') }]
                  : []),
              ],
            },
          ],
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
          admin.describeConfigs({
            resources: [{ resourceType: RESOURCE_TOPIC, resourceName: topic, configurationKeys: [LEADER_REPLICAS, FOLLOWER_REPLICAS] }],
          }),
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
          admin.incrementalAlterConfigs({
            resources: [
              {
                resourceType: RESOURCE_TOPIC,
                resourceName: topic,
                configs: empty.map((name) => ({ name, configOperation: OP_DELETE as typeof OP_DELETE })),
              },
            ],
          }),
          budget,
          `IncrementalAlterConfigs (delete empty throttle lists of ${topic})`,
        );
      }
    } catch (err) {
      leftovers.push(
        `Topic ${topic} still has our throttled replicas (${LEADER_REPLICAS}/${FOLLOWER_REPLICAS}): ${(err as Error).message}`,
      );
    }
  }
  for (const [broker, before] of Object.entries(journal.brokerRatesBefore)) {
    const restore = (name: string, value: string | null) =>
      value === null ? { name, configOperation: OP_DELETE as typeof OP_DELETE } : { name, configOperation: OP_SET as typeof OP_SET, value };
    try {
      await withDeadline(
        admin.incrementalAlterConfigs({
          resources: [
            {
              resourceType: RESOURCE_BROKER,
              resourceName: broker,
              configs: [restore(LEADER_RATE, before.leader), restore(FOLLOWER_RATE, before.follower)],
            },
          ],
        }),
        budget,
        `IncrementalAlterConfigs (restore throttle rates of broker ${broker})`,
      );
      delete journal.brokerRatesBefore[broker];
    } catch (err) {
      leftovers.push(
        `Broker ${broker} still has the throttle rate ${journal.throttleBytesPerSec} B/s: ${(err as Error).message}. When it is back, run "Clean Up Reassignment Throttles" (or kafka-configs.sh --alter --entity-type brokers --entity-name ${broker} --delete-config ${LEADER_RATE},${FOLLOWER_RATE}).`,
      );
    }
  }
  say(leftovers.length ? `cleanup incomplete: ${plural(leftovers.length, 'item')} left` : 'throttles removed');
  return leftovers;
}
