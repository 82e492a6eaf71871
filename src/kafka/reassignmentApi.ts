// Raw Kafka protocol calls the admin client has no method for: AlterPartitionReassignments,
// ListPartitionReassignments (the client ships these APIs) and ElectLeaders (written here with the client's
// public protocol API: createAPI, Writer, Reader). All go to one broker, which forwards to the KRaft controller.
// The connection is the admin client's own bootstrap connection, so TLS, SASL (PLAIN, SCRAM) and MSK IAM apply
// exactly as configured for the cluster: a bare socket would fail on any secured listener.

import {
  Writer,
  kGetBootstrapConnection,
  type Admin,
  type Connection,
  alterPartitionReassignmentsV0,
  createAPI,
  listPartitionReassignmentsV0,
  type Reader,
} from '@platformatic/kafka';
import { KafkaConnectionError, createAdmin, withDeadline, type ConnectionSettings } from './connection';
import { plural } from '../core/units';

export interface ReassignmentTarget {
  topic: string;
  partition: number;
  /** New replica list; null cancels the partition's in-flight reassignment. */
  replicas: number[] | null;
}

export interface InFlightReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  adding: number[];
  removing: number[];
}

/** Election types of the ElectLeaders request (KIP-460). */
const PREFERRED_ELECTION = 0;

/*
  ElectLeaders Request (Version: 2) => election_type [topic_partitions] timeout_ms TAG_BUFFER
    election_type => INT8
    topic_partitions => topic [partitions] TAG_BUFFER   (compact, nullable: null = all partitions)
      topic => COMPACT_STRING
      partitions => INT32
    timeout_ms => INT32
  ElectLeaders Response (Version: 2) => throttle_time_ms error_code [replica_election_results] TAG_BUFFER
    replica_election_results => topic [partition_result] TAG_BUFFER
      partition_result => partition_id error_code error_message TAG_BUFFER
*/
interface ElectLeadersResponse {
  errorCode: number;
  results: { topic: string; partitions: { partition: number; errorCode: number; errorMessage: string | null }[] }[];
}

const electLeadersV2 = createAPI<
  [electionType: number, topics: { topic: string; partitions: number[] }[], timeoutMs: number],
  ElectLeadersResponse
>(
  43,
  2,
  (electionType: number, topics: { topic: string; partitions: number[] }[], timeoutMs: number) =>
    Writer.create()
      .appendInt8(electionType)
      .appendArray(topics, (w, t) => {
        w.appendString(t.topic).appendArray(t.partitions, (w2, p) => w2.appendInt32(p), true, false);
      })
      .appendInt32(timeoutMs)
      .appendTaggedFields(),
  (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): ElectLeadersResponse => {
    reader.readInt32(); // throttle_time_ms
    const response: ElectLeadersResponse = {
      errorCode: reader.readInt16(),
      results: reader.readArray((r) => ({
        topic: r.readString(),
        partitions: r.readArray((p) => ({ partition: p.readInt32(), errorCode: p.readInt16(), errorMessage: p.readNullableString() })),
      })),
    };
    reader.readTaggedFields();
    return response;
  },
);

/** Kafka error codes that an ElectLeaders result may carry without anything being wrong. */
const ELECTION_NOT_NEEDED = 84; // ELECTION_NOT_NEEDED: the preferred leader already leads

/** A connection to one bootstrap broker for the raw calls. */
export class ReassignmentClient {
  private constructor(
    private readonly connection: Connection,
    private readonly settings: ConnectionSettings,
    private readonly admin: Admin,
  ) {}

  static async open(settings: ConnectionSettings): Promise<ReassignmentClient> {
    const admin = createAdmin(settings);
    try {
      const connection = await withDeadline(
        new Promise<Connection>((resolve, reject) =>
          admin[kGetBootstrapConnection]((error: Error | null, connection?: Connection) =>
            error || !connection ? reject(error ?? new Error('no connection')) : resolve(connection),
          ),
        ),
        settings.connectTimeoutMs + 1000,
        `Connecting to ${settings.bootstrap.join(',')}`,
      );
      return new ReassignmentClient(connection, settings, admin);
    } catch (err) {
      await withDeadline(admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
      throw err;
    }
  }

  private get deadline(): number {
    return this.settings.requestTimeoutMs + 1000;
  }

  /** Submits new replica lists (or cancellations); throws with every partition-level error. */
  async alter(targets: ReassignmentTarget[]): Promise<void> {
    const byTopic = new Map<string, { partitionIndex: number; replicas: number[] | null }[]>();
    for (const t of targets) {
      const list = byTopic.get(t.topic) ?? [];
      list.push({ partitionIndex: t.partition, replicas: t.replicas });
      byTopic.set(t.topic, list);
    }
    try {
      const response = await withDeadline(
        alterPartitionReassignmentsV0.api.async(
          this.connection,
          this.settings.requestTimeoutMs,
          false,
          [...byTopic].map(([name, partitions]) => ({ name, partitions })),
        ),
        this.deadline,
        'AlterPartitionReassignments',
      );
      const errors = response.responses.flatMap((r) =>
        r.partitions
          .filter((p) => p.errorCode !== 0)
          .map((p) => `${r.name}-${p.partitionIndex}: ${p.errorMessage ?? `error ${p.errorCode}`}`),
      );
      if (errors.length)
        throw new KafkaConnectionError(`Kafka refused ${plural(errors.length, 'reassignment')}: ${errors.slice(0, 5).join('; ')}`);
    } catch (err) {
      if (err instanceof KafkaConnectionError) throw err;
      const response = (
        err as {
          response?: {
            responses?: { name: string; partitions: { partitionIndex: number; errorCode: number; errorMessage: string | null }[] }[];
          };
        }
      ).response;
      const errors =
        response?.responses?.flatMap((r) =>
          r.partitions
            .filter((p) => p.errorCode !== 0)
            .map((p) => `${r.name}-${p.partitionIndex}: ${p.errorMessage ?? `error ${p.errorCode}`}`),
        ) ?? [];
      throw new KafkaConnectionError(
        `AlterPartitionReassignments failed: ${errors.length ? errors.slice(0, 5).join('; ') : (err as Error).message}`,
        err,
      );
    }
  }

  /** In-flight reassignments, for the given partitions (or all when omitted). */
  async list(partitions?: { topic: string; partition: number }[]): Promise<InFlightReassignment[]> {
    let topics: { name: string; partitionIndexes: number[] }[] | null = null;
    if (partitions) {
      const byTopic = new Map<string, number[]>();
      for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
      topics = [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
    }
    const response = await withDeadline(
      listPartitionReassignmentsV0.api.async(this.connection, this.settings.requestTimeoutMs, topics),
      this.deadline,
      'ListPartitionReassignments',
    );
    return response.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        replicas: p.replicas,
        adding: p.addingReplicas,
        removing: p.removingReplicas,
      })),
    );
  }

  /**
   * Preferred leader election (ElectLeaders, election type PREFERRED) for the partitions: per partition "elected",
   * "already-preferred" (ELECTION_NOT_NEEDED: the preferred replica leads already) or "failed" with Kafka's error.
   * A partition the response leaves out counts as failed.
   */
  async electPreferredLeaders(
    partitions: { topic: string; partition: number }[],
  ): Promise<{ topic: string; partition: number; result: 'elected' | 'already-preferred' | 'failed'; error?: string }[]> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const response = await withDeadline(
      electLeadersV2.async(
        this.connection,
        PREFERRED_ELECTION,
        [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })),
        this.settings.requestTimeoutMs,
      ),
      this.deadline,
      'ElectLeaders',
    );
    if (response.errorCode !== 0) throw new KafkaConnectionError(`ElectLeaders failed with error ${response.errorCode}.`);
    const answered = new Map(response.results.flatMap((r) => r.partitions.map((p) => [`${r.topic}-${p.partition}`, p] as const)));
    return partitions.map(({ topic, partition }) => {
      const p = answered.get(`${topic}-${partition}`);
      if (!p) return { topic, partition, result: 'failed' as const, error: 'not in the ElectLeaders response' };
      if (p.errorCode === 0) return { topic, partition, result: 'elected' as const };
      if (p.errorCode === ELECTION_NOT_NEEDED) return { topic, partition, result: 'already-preferred' as const };
      return { topic, partition, result: 'failed' as const, error: p.errorMessage ?? `Kafka error ${p.errorCode}` };
    });
  }

  async close(): Promise<void> {
    // the connection belongs to the admin client's pool: closing the admin closes it
    await withDeadline(this.admin.close(), 2000, 'Closing the admin client').catch(() => undefined);
  }
}
