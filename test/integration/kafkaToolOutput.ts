// Kafka's own command-line tools, run from the cached jars of the test cluster (ensureKafkaJars), and readers of
// their text output, so that live numbers can be checked against what Kafka itself prints:
//   kafka-topics.sh --describe                 org.apache.kafka.tools.TopicCommand
//   kafka-metadata-quorum.sh describe --status  org.apache.kafka.tools.MetadataQuorumCommand
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureKafkaJars } from './kafkaCluster';

/** Runs a Kafka tool's main class against the first bootstrap address; throws with its output when it fails. */
export function runKafkaTool(mainClass: string, bootstrap: string, args: string[]): string {
  const { libs } = ensureKafkaJars();
  const r = spawnSync('java', ['-Xmx256m', '-cp', join(libs, '*'), mainClass, '--bootstrap-server', bootstrap.split(',')[0], ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`${mainClass} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export interface DescribedPartition {
  /** -1 when the tool prints "Leader: none". */
  leader: number;
  replicas: number[];
  isr: number[];
}

/** topic -> partition -> leader, replicas, ISR, as `kafka-topics.sh --describe` prints them (internal topics included). */
export type DescribedTopics = Map<string, Map<number, DescribedPartition>>;

/**
 * Reads the partition lines of `kafka-topics.sh --describe`, e.g.
 *   "\tTopic: t\tPartition: 0\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: "
 * (tab-separated "Key: value" fields; the topic summary lines have no Partition field and are skipped).
 */
export function parseTopicsDescribe(text: string): DescribedTopics {
  const topics: DescribedTopics = new Map();
  const ids = (value: string | undefined): number[] =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
  for (const line of text.split('\n')) {
    const fields = new Map<string, string>();
    for (const part of line.split('\t')) {
      const colon = part.indexOf(':');
      if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
    }
    const topic = fields.get('Topic');
    const partition = fields.get('Partition');
    if (topic === undefined || partition === undefined) continue;
    const leader = fields.get('Leader');
    const described: DescribedPartition = {
      leader: leader === undefined || leader === 'none' ? -1 : Number(leader),
      replicas: ids(fields.get('Replicas')),
      isr: ids(fields.get('Isr')),
    };
    if (!Number.isInteger(described.leader) || described.replicas.some((r) => !Number.isInteger(r)))
      throw new Error(`Unreadable kafka-topics line: ${line}`);
    if (!topics.has(topic)) topics.set(topic, new Map());
    topics.get(topic)!.set(Number(partition), described);
  }
  return topics;
}

export function describeTopicsWithKafka(bootstrap: string): DescribedTopics {
  return parseTopicsDescribe(runKafkaTool('org.apache.kafka.tools.TopicCommand', bootstrap, ['--describe']));
}

/** The "LeaderId:" line of `kafka-metadata-quorum.sh describe --status`: the active controller on KRaft. */
export function parseQuorumLeader(text: string): number {
  const m = /^LeaderId:\s+(-?\d+)\s*$/m.exec(text);
  if (!m) throw new Error(`No LeaderId in kafka-metadata-quorum output:\n${text}`);
  return Number(m[1]);
}

export function quorumLeaderFromKafka(bootstrap: string): number {
  return parseQuorumLeader(runKafkaTool('org.apache.kafka.tools.MetadataQuorumCommand', bootstrap, ['describe', '--status']));
}

/** Replicas and leaders per broker id, counted from the tool's partitions. */
export function countsPerBroker(described: DescribedTopics): Map<number, { replicas: number; leaders: number }> {
  const counts = new Map<number, { replicas: number; leaders: number }>();
  const of = (id: number) => {
    if (!counts.has(id)) counts.set(id, { replicas: 0, leaders: 0 });
    return counts.get(id)!;
  };
  for (const partitions of described.values()) {
    for (const p of partitions.values()) {
      for (const r of p.replicas) of(r).replicas++;
      if (p.leader >= 0) of(p.leader).leaders++;
    }
  }
  return counts;
}
