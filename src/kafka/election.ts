// The last step of an execution: a preferred leader election (ElectLeaders, KIP-460) for every partition whose
// replica list changed, then a check with Metadata that each one is led by its preferred replica (the first of its
// new list). Kafka's reassignment moves replicas but keeps a leader that stays in the list, so without this step a
// plan's leader changes wait for the controller's periodic auto.leader.rebalance.enable check, if it is on at all.

import type { Admin } from '@platformatic/kafka';
import { electionReport, type ElectionOutcome, type ElectionReport } from '../core/planner/election';
import type { PartitionMove } from '../core/planner/plan';
import { describeKafkaError, withDeadline } from './connection';
import { sleep } from './progress';
import type { ReassignmentClient } from './reassignmentApi';

/** Partitions per ElectLeaders request (kafka-leader-election.sh sends them all at once; smaller keeps answers quick). */
const PARTITIONS_PER_REQUEST = 1000;

/**
 * Elects the preferred leader of each moved partition and confirms it with Metadata within `confirmMs` (brokers'
 * metadata trails the controller briefly). A partition whose leader is still another broker then is reported as
 * failed with the leader seen; a request that fails marks its partitions failed with the error. Never throws for
 * Kafka errors: the moves are done either way, and the report says what is left to do.
 */
export async function electPreferredLeaders(
  admin: Admin,
  client: ReassignmentClient,
  moves: Pick<PartitionMove, 'topic' | 'partition' | 'after'>[],
  options: { budgetMs: number; confirmMs: number; pollMs: number; bootstrap: string[] },
): Promise<ElectionReport> {
  const outcomes: ElectionOutcome[] = [];
  for (let i = 0; i < moves.length; i += PARTITIONS_PER_REQUEST) {
    const chunk = moves.slice(i, i + PARTITIONS_PER_REQUEST);
    try {
      const answers = await client.electPreferredLeaders(chunk.map((m) => ({ topic: m.topic, partition: m.partition })));
      answers.forEach((a, k) => outcomes.push({ ...a, preferred: chunk[k].after[0] }));
    } catch (err) {
      const error = describeKafkaError(err, options.bootstrap);
      for (const m of chunk) outcomes.push({ topic: m.topic, partition: m.partition, preferred: m.after[0], result: 'failed', error });
    }
  }
  const toConfirm = outcomes.filter((o) => o.result !== 'failed');
  if (toConfirm.length) {
    const topics = [...new Set(toConfirm.map((o) => o.topic))];
    const until = Date.now() + options.confirmMs;
    for (;;) {
      let leaders: Map<string, number>;
      try {
        const metadata = await withDeadline(admin.metadata({ topics, forceUpdate: true }), options.budgetMs, 'Metadata');
        leaders = new Map(
          toConfirm.map((o) => [`${o.topic}-${o.partition}`, metadata.topics.get(o.topic)?.partitions[o.partition]?.leader ?? -1]),
        );
      } catch (err) {
        for (const o of toConfirm) {
          o.result = 'failed';
          o.error = `could not confirm the leader: ${describeKafkaError(err, options.bootstrap)}`;
        }
        break;
      }
      const wrong = toConfirm.filter((o) => leaders.get(`${o.topic}-${o.partition}`) !== o.preferred);
      if (!wrong.length) break;
      if (Date.now() > until) {
        for (const o of wrong) {
          const leader = leaders.get(`${o.topic}-${o.partition}`) ?? -1;
          o.result = 'failed';
          o.error = leader < 0 ? 'the partition has no leader' : `broker ${leader} still leads`;
        }
        break;
      }
      await sleep(options.pollMs);
    }
  }
  return electionReport(outcomes);
}
