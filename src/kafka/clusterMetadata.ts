// Metadata and DescribeQuorum sent at the protocol level, on the admin client's own connections (so TLS, SASL and
// IAM apply as configured) and at the version the client negotiated through ApiVersions (kGetApi), because the
// client's own methods get these two wrong:
//
// - Metadata. @platformatic/kafka 2.12.1 skips every topic whose is_internal flag is set while it fills its metadata
//   cache (Base#performMetadata, dist/clients/base/base.js), and Admin#metadata() answers from that cache: asked for
//   __consumer_offsets, even alone, it returns nothing for it although the broker's response holds it. Kafka's
//   Metadata response carries internal topics like any other, flagged with is_internal (Metadata API v1+, KIP-4).
//   The response is used as the broker sent it, every topic included.
// - DescribeQuorum (KIP-595; voters' and observers' details KIP-836): the client ships the API but no admin method.
//   Its leader_id for the __cluster_metadata partition is the active controller of a KRaft cluster. The Metadata
//   response's controller_id is not: KRaft brokers put a random live broker there (KIP-590), so it changed between
//   refreshes. DescribeCluster with endpoint type "controller" (KIP-919) names it too, but only controllers answer
//   that: a broker replies MISMATCHED_ENDPOINT_TYPE, and snapshots talk to brokers.

import {
  ResponseError,
  UnsupportedApiError,
  kGetApi,
  kGetBootstrapConnection,
  type API,
  type Admin,
  type Connection,
  type describeQuorumV2,
  type metadataV12,
} from '@platformatic/kafka';

/** The Metadata response as the broker sent it (the client parses every version into this shape). */
export type MetadataResponse = metadataV12.MetadataResponse;
export type MetadataTopic = metadataV12.MetadataResponseTopic;
type DescribeQuorumResponse = describeQuorumV2.DescribeQuorumResponse;

/** The KRaft metadata log: its one partition's leader is the active controller (KIP-500, KIP-595). */
const METADATA_TOPIC = '__cluster_metadata';

/** How many bootstrap brokers to try, in turn, when one cannot be reached. */
const ATTEMPTS = 2;

/**
 * Sends one request to a bootstrap broker through the admin client's connection pool, at the highest version both
 * sides support. A response that carries error codes is returned as a ResponseError by the client's parsers.
 */
function send<Args extends unknown[], Response>(admin: Admin, apiName: string, args: Args, attempt: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    admin[kGetBootstrapConnection]((connectionError: Error | null, connection?: Connection) => {
      if (connectionError || !connection) return reject(connectionError ?? new Error(`No connection for ${apiName}.`));
      admin[kGetApi]<Args, Response>(apiName, (apiError: Error | null, api?: API<Args, Response>) => {
        if (apiError || !api) return reject(apiError ?? new UnsupportedApiError(`Unsupported API ${apiName}.`));
        api.async(connection, ...args).then(resolve, reject);
      });
    }, attempt);
  });
}

/**
 * One request to a bootstrap broker; retries on the next bootstrap broker when the request did not get an answer (not
 * when the broker refused it).
 */
export async function sendToBootstrap<Args extends unknown[], Response>(admin: Admin, apiName: string, args: Args): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send<Args, Response>(admin, apiName, args, attempt);
    } catch (err) {
      const answered = err instanceof ResponseError || err instanceof UnsupportedApiError;
      if (answered || attempt + 1 >= ATTEMPTS) throw err;
    }
  }
}

/**
 * Metadata for every topic the principal may describe (internal ones included), the brokers, the cluster id and the
 * Metadata response's controller id. Topic and partition error codes stay in the response (a topic being deleted,
 * a partition without a leader) for the caller to report; they do not lose the rest.
 */
export async function requestMetadata(admin: Admin, topics: string[] | null = null): Promise<MetadataResponse> {
  try {
    // topics = null: all topics; no auto-creation; no authorized-operations bit field (IAM brokers would audit it).
    return await sendToBootstrap<[string[] | null, boolean, boolean], MetadataResponse>(admin, 'Metadata', [topics, false, false]);
  } catch (err) {
    const response = err instanceof ResponseError ? (err as ResponseError & { response?: MetadataResponse }).response : undefined;
    if (response?.brokers && response.topics) return response;
    throw err;
  }
}

/** A partition's assigned replicas (in order) and its leader (-1: none), as the Metadata response gives them. */
export interface PartitionReplicas {
  replicas: number[];
  leader: number;
}

/**
 * The current replicas of the named topics' partitions, internal topics included (the client's metadata() would
 * return nothing for __consumer_offsets, see above): topic -> partition index -> replicas and leader. A topic the
 * broker answered with an error is absent.
 */
export async function currentReplicas(admin: Admin, topics: string[]): Promise<Map<string, Map<number, PartitionReplicas>>> {
  const out = new Map<string, Map<number, PartitionReplicas>>();
  if (topics.length === 0) return out;
  const response = await requestMetadata(admin, topics);
  for (const t of response.topics) {
    if (!t.name || t.errorCode !== 0) continue;
    out.set(t.name, new Map(t.partitions.map((p) => [p.partitionIndex, { replicas: [...p.replicaNodes], leader: p.leaderId }])));
  }
  return out;
}

export interface MetadataQuorum {
  /** node.id of the quorum leader (the active controller), -1 while there is none. */
  leaderId: number;
  leaderEpoch: number;
  voters: number[];
  observers: number[];
}

/**
 * DescribeQuorum for the KRaft metadata log. A broker forwards it to the active controller; it needs Describe on
 * the cluster. Throws UnsupportedApiError on brokers that do not offer it (ZooKeeper-based clusters).
 */
export async function describeMetadataQuorum(admin: Admin): Promise<MetadataQuorum> {
  const response = await sendToBootstrap<[describeQuorumV2.DescribeQuorumRequestTopic[]], DescribeQuorumResponse>(admin, 'DescribeQuorum', [
    [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }],
  ]);
  const partition = response.topics.find((t) => t.topicName === METADATA_TOPIC)?.partitions.find((p) => p.partitionIndex === 0);
  if (!partition) throw new Error(`DescribeQuorum answered without the ${METADATA_TOPIC} partition.`);
  return {
    leaderId: partition.leaderId,
    leaderEpoch: partition.leaderEpoch,
    voters: partition.currentVoters.map((v) => v.replicaId),
    observers: partition.observers.map((o) => o.replicaId),
  };
}
