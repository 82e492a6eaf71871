// Requests sent at the protocol level to a chosen broker on the admin client's own connections (TLS, SASL and IAM
// apply as configured), at the version negotiated through ApiVersions; and a counter of the requests an admin client
// puts on the wire, by API, with the protocol floor of a snapshot to compare them with.
//
// The snapshot addresses brokers itself because the client's methods add requests a large cluster pays for:
// describeLogDirs() and listGroups() first send a Metadata request each, listOffsets() sends Metadata for every topic
// asked for (and matches partitions to leaders with linear searches), listConsumerGroupOffsets() and describeGroups()
// send FindCoordinator. The snapshot already holds all of that from its one Metadata response and the ListGroups
// answers (a broker lists the groups it coordinates), so each request goes straight to the broker that must answer it.

import { channel } from 'node:diagnostics_channel';
import {
  ResponseError,
  UnsupportedApiError,
  kGetApi,
  kGetConnection,
  protocolAPIsById,
  type API,
  type Admin,
  type Connection,
} from '@platformatic/kafka';

/** Where a request goes: a broker of the Metadata response. */
export interface BrokerAddress {
  host: string;
  port: number;
}

/**
 * Sends one request to `broker` at the highest version both sides support; `args` builds the request's arguments for
 * that version. A response that carries error codes rejects with the client's ResponseError, whose `response` still
 * holds everything the broker sent (see partialResponse).
 */
export function sendToBroker<Args extends unknown[], Response>(
  admin: Admin,
  broker: BrokerAddress,
  apiName: string,
  args: (version: number) => Args,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    admin[kGetConnection]({ host: broker.host, port: broker.port }, (connectionError: Error | null, connection?: Connection) => {
      if (connectionError || !connection) return reject(connectionError ?? new Error(`No connection to ${broker.host}:${broker.port}.`));
      admin[kGetApi]<Args, Response>(apiName, (apiError: Error | null, api?: API<Args, Response>) => {
        if (apiError || !api) return reject(apiError ?? new UnsupportedApiError(`Unsupported API ${apiName}.`));
        api.async(connection, ...args(api.version)).then(resolve, reject);
      });
    });
  });
}

/** The version of `apiName` the admin client negotiated with the cluster (ApiVersions), e.g. to pick a request shape. */
export function negotiatedVersion(admin: Admin, apiName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    admin[kGetApi](apiName, (error: Error | null, api?: API<unknown[], unknown>) => {
      if (error || !api) reject(error ?? new UnsupportedApiError(`Unsupported API ${apiName}.`));
      else resolve(api.version);
    });
  });
}

/** The response a broker sent along with per-entry error codes (the client rejects such responses as a whole). */
export function partialResponse<Response>(err: unknown): Response | undefined {
  return err instanceof ResponseError ? ((err as ResponseError & { response?: Response }).response ?? undefined) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Counting

/** The client publishes every request it writes on this diagnostics channel (TracingChannel "connections:api"). */
const API_START_CHANNEL = 'tracing:plt:kafka:connections:api:start';

/** Requests by Kafka API name ("Metadata", "ListOffsets", …). */
export type RequestCounts = Record<string, number>;

/**
 * Counts the requests one admin client writes to the wire, by API, from the client's own diagnostics channel (each
 * request is published once when it is written, connection set-up included: ApiVersions, SASL). Other clients in the
 * same process are not counted.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly channel = channel(API_START_CHANNEL);
  private ownerId: number | undefined;
  private readonly onStart = (message: unknown): void => {
    const m = message as { connection?: { ownerId?: number }; apiKey?: number };
    if (this.ownerId === undefined || m.connection?.ownerId !== this.ownerId) return;
    const api = (protocolAPIsById as Record<number, string>)[m.apiKey ?? -1] ?? `API ${m.apiKey}`;
    this.counts.set(api, (this.counts.get(api) ?? 0) + 1);
  };

  /** Starts counting the requests of `admin` (one admin at a time). */
  attach(admin: Admin): void {
    this.detach();
    this.ownerId = admin.instanceId;
    this.channel.subscribe(this.onStart);
  }

  detach(): void {
    if (this.ownerId === undefined) return;
    this.channel.unsubscribe(this.onStart);
    this.ownerId = undefined;
  }

  byApi(): RequestCounts {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The floor

/** At most this many topics in one DescribeConfigs request (derived: 5,000 topics x 4 keys keep a response near 1 MB). */
export const CONFIG_TOPICS_PER_REQUEST = 5_000;
/** At most this many groups in one DescribeGroups or OffsetFetch request, so that each batch has its own deadline. */
export const GROUPS_PER_REQUEST = 200;

/** What a snapshot had to ask: the shape of the cluster that sets the least number of requests. */
export interface SnapshotShape {
  /** Brokers in the Metadata response (DescribeLogDirs and ListGroups go to every one). */
  brokers: number;
  /** Topics whose configs were asked for. */
  topics: number;
  /** Distinct leaders of the partitions whose end offsets were asked for (ListOffsets goes to the leader). */
  leaders: number;
  /** Consumer groups per coordinator (DescribeGroups and OffsetFetch go to the group's coordinator); empty: none. */
  groupsPerCoordinator: number[];
  /** Consumer groups were read. */
  groups: boolean;
}

/**
 * The least number of requests by API that a snapshot of a cluster of this shape needs on Kafka's protocol: one
 * Metadata for all topics, one DescribeQuorum, one DescribeLogDirs per broker, the topic configs in one DescribeConfigs
 * (per CONFIG_TOPICS_PER_REQUEST topics), one ListOffsets per partition leader, one ListGroups per broker, one
 * DescribeGroups and one OffsetFetch per group coordinator (OffsetFetch v8+ takes many groups, KIP-709), and one
 * ApiVersions to negotiate the versions (this client asks once, on its bootstrap connection). SASL adds its handshake
 * and authentication requests per connection; they are not counted here.
 */
export function snapshotRequestFloor(shape: SnapshotShape): RequestCounts {
  const floor: RequestCounts = {
    ApiVersions: 1,
    Metadata: 1,
    DescribeQuorum: 1,
    DescribeLogDirs: shape.brokers,
  };
  if (shape.topics > 0) {
    floor.DescribeConfigs = Math.ceil(shape.topics / CONFIG_TOPICS_PER_REQUEST);
    if (shape.leaders > 0) floor.ListOffsets = shape.leaders;
  }
  if (shape.groups) {
    floor.ListGroups = shape.brokers;
    const coordinators = shape.groupsPerCoordinator.filter((n) => n > 0).length;
    if (coordinators) {
      floor.DescribeGroups = coordinators;
      floor.OffsetFetch = coordinators;
    }
  }
  return floor;
}

/** Sum of a count by API. */
export function totalRequests(counts: RequestCounts): number {
  return Object.values(counts).reduce((s, n) => s + n, 0);
}
