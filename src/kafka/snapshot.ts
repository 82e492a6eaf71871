// Takes a ClusterSnapshot of a live cluster: Metadata (brokers, racks, partitions of every topic, internal ones
// included), the active controller (DescribeQuorum: the KRaft metadata quorum's leader), DescribeLogDirs
// on every broker in parallel (replica sizes; volume total/usable bytes, KIP-827), topic configs
// (DescribeConfigs), end offsets (ListOffsets latest) and consumer groups with committed offsets and lag.
// Every phase runs under a deadline; a phase that fails after Metadata becomes a warning in the snapshot
// rather than losing what was read.

import {
  protocolErrorsCodesById,
  type Admin,
  type describeConfigsV4,
  type describeGroupsV5,
  type describeLogDirsV4,
  type listGroupsV5,
  type listOffsetsV9,
  type offsetFetchV9,
} from '@platformatic/kafka';
import {
  SNAPSHOT_SCHEMA_VERSION,
  type BrokerInfo,
  type ClusterSnapshot,
  type ConsumerGroupInfo,
  type PartitionInfo,
  type ReplicaSize,
  type TopicConfigs,
  type TopicInfo,
} from '../core/model';
import { isInternalTopic } from '../core/kafkaFormats';
import { requestMetadata, sendToBootstrap, type MetadataTopic } from './clusterMetadata';
import {
  CONFIG_TOPICS_PER_REQUEST,
  GROUPS_PER_REQUEST,
  negotiatedVersion,
  partialResponse,
  sendToBroker,
  type BrokerAddress,
  type RequestCounter,
  type SnapshotShape,
} from './requests';
import {
  KafkaConnectionError,
  classifyKafkaError,
  createAdmin,
  describeKafkaError,
  principalOf,
  readActiveController,
  withDeadline,
  type ConnectionSettings,
} from './connection';

export interface SnapshotOptions {
  /** Display name for the snapshot (the connection's name). */
  name?: string;
  /** Skip consumer groups (faster on clusters with thousands of groups). */
  skipGroups?: boolean;
  /** Progress lines ("Reading log dirs of 6 brokers"). */
  onProgress?: (message: string) => void;
  /** Checked between phases; when it returns true the snapshot stops with a cancellation error. */
  isCancelled?: () => boolean;
  /**
   * Time allowed for reading consumer groups (default: the request budget, requestTimeoutMs + connectTimeoutMs).
   * Groups whose offsets are not read by then are left out and named in the snapshot's warnings.
   */
  groupDeadlineMs?: number;
  /** Counts the snapshot's requests by API and records the cluster's shape (benchmarks and tests). */
  instrument?: SnapshotInstrument;
}

export interface SnapshotInstrument {
  counter: RequestCounter;
  /** Filled in by the snapshot: what it had to ask, for snapshotRequestFloor. */
  shape?: SnapshotShape;
}

type DescribeLogDirsResponse = describeLogDirsV4.DescribeLogDirsResponse;
type DescribeConfigsResponse = describeConfigsV4.DescribeConfigsResponse;
type ListOffsetsResponse = listOffsetsV9.ListOffsetsResponse;
type ListGroupsResponse = listGroupsV5.ListGroupsResponse;
type DescribeGroupsResponse = describeGroupsV5.DescribeGroupsResponse;
type OffsetFetchResponse = offsetFetchV9.OffsetFetchResponse;

export class SnapshotCancelledError extends Error {
  constructor() {
    super('Snapshot cancelled.');
    this.name = 'SnapshotCancelledError';
  }
}

/** The topic configs the model keeps (see TopicConfigs). */
// DescribeConfigs of a topic returns the effective value: the topic's override, else the broker's (or Kafka's) default.
const TOPIC_CONFIG_KEYS = [
  'retention.ms',
  'retention.bytes',
  'min.insync.replicas',
  'cleanup.policy',
  // tiered storage (KIP-405; MSK tiered storage): sizing keeps local and total retention apart
  'remote.storage.enable',
  'local.retention.ms',
  'local.retention.bytes',
  'unclean.leader.election.enable',
];
/** DescribeConfigs resource type for topics (Kafka protocol ConfigResource.Type.TOPIC). */
const RESOURCE_TOPIC = 2;
/** ListOffsets timestamp meaning "latest" (the log end offset). */
const LATEST_TIMESTAMP = -1n;

export async function takeSnapshot(settings: ConnectionSettings, options: SnapshotOptions = {}): Promise<ClusterSnapshot> {
  const admin = createAdmin(settings);
  options.instrument?.counter.attach(admin);
  try {
    return await snapshotWith(admin, settings, options);
  } catch (err) {
    if (err instanceof SnapshotCancelledError) throw err;
    const c = classifyKafkaError(err, settings.bootstrap);
    throw new KafkaConnectionError(c.message, err, c.category);
  } finally {
    // close() can itself wait on a dead socket: never let it hold the caller.
    await withDeadline(admin.close(), 2_000, 'Closing the admin client').catch(() => undefined);
    options.instrument?.counter.detach();
  }
}

async function snapshotWith(admin: Admin, settings: ConnectionSettings, options: SnapshotOptions): Promise<ClusterSnapshot> {
  const budget = settings.requestTimeoutMs + settings.connectTimeoutMs;
  const progress = options.onProgress ?? (() => undefined);
  const checkCancelled = () => {
    if (options.isCancelled?.()) throw new SnapshotCancelledError();
  };
  const takenAt = new Date().toISOString();
  const warnings: string[] = [];

  progress(`Connecting to ${settings.bootstrap.join(', ')}`);
  // One Metadata request for all topics, sent by clusterMetadata.ts: the client's metadata() drops internal topics.
  const metadata = await withDeadline(requestMetadata(admin), budget, `Metadata from ${settings.bootstrap.join(', ')}`);
  checkCancelled();
  progress('Reading the active controller (DescribeQuorum)');
  const controller = await readActiveController(admin, metadata.controllerId, settings, budget);
  if (controller.warning) warnings.push(controller.warning);
  checkCancelled();

  const brokers: BrokerInfo[] = metadata.brokers
    .map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
      isController: b.nodeId === controller.controllerId,
      logDirs: [],
    }))
    .sort((a, b) => a.id - b.id);

  const topics: TopicInfo[] = [];
  for (const t of metadata.topics) {
    const topic = topicFromMetadata(t, warnings);
    if (topic) topics.push(topic);
  }
  topics.sort((a, b) => a.name.localeCompare(b.name));
  // The client's own metadata cache never holds the topics flagged is_internal, and its listOffsets() looks their
  // leaders up there (it would fail on them): end offsets are read for the other topics only.
  const flaggedInternal = new Set(metadata.topics.filter((t) => t.isInternal && t.name).map((t) => t.name as string));
  const byName = new Map(topics.map((t) => [t.name, t]));
  const partitionIndex = new Map(topics.map((t) => [t.name, new Map(t.partitions.map((p) => [p.partition, p]))]));
  const brokerAddress = new Map(metadata.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
  const addressed = (id: number) => brokerAddress.get(id);
  const describe = (err: unknown) => describeKafkaError(err, settings.bootstrap, principalOf(settings));

  // Log dirs: one DescribeLogDirs per broker, all topics (topics = null), in parallel. A broker that fails loses only
  // its own replica sizes and capacity.
  progress(`Reading log dirs of ${brokers.length} brokers`);
  let authorizationRefused = false;
  await askEveryBroker<[null], DescribeLogDirsResponse>(
    admin,
    brokers,
    addressed,
    'DescribeLogDirs',
    [null],
    () => budget,
    (broker, response) => addLogDirs(broker, response, partitionIndex),
    (broker, err) => {
      warnings.push(`Replica sizes and disk capacity of broker ${broker.id} unavailable: ${describe(err)}`);
      if (classifyKafkaError(err, settings.bootstrap).category === 'authorization') authorizationRefused = true;
    },
  );
  if (authorizationRefused) {
    warnings.push('Kafka lists only the topics this principal may describe: topics it may not see are missing from this snapshot.');
  }
  checkCancelled();

  let leaders = 0;
  if (topics.length) {
    progress(`Reading configs of ${topics.length} topics`);
    const failedConfigs: string[] = [];
    for (let i = 0; i < topics.length; i += CONFIG_TOPICS_PER_REQUEST) {
      const batch = topics.slice(i, i + CONFIG_TOPICS_PER_REQUEST);
      const resources = batch.map((t) => ({ resourceType: RESOURCE_TOPIC, resourceName: t.name, configurationKeys: TOPIC_CONFIG_KEYS }));
      let response: DescribeConfigsResponse | undefined;
      try {
        response = await withDeadline(
          sendToBootstrap<[typeof resources, boolean, boolean], DescribeConfigsResponse>(admin, 'DescribeConfigs', [
            resources,
            false,
            false,
          ]),
          budget,
          'DescribeConfigs',
        );
      } catch (err) {
        response = partialResponse<DescribeConfigsResponse>(err);
        if (!response) {
          warnings.push(`Configs of ${batch.length} topics unavailable: ${describe(err)}`);
          break;
        }
      }
      for (const r of response.results) {
        const topic = byName.get(r.resourceName);
        if (!topic) continue;
        if (r.errorCode === 0) topic.configs = topicConfigs(r.configs);
        else failedConfigs.push(`${r.resourceName} (${errorName(r.errorCode)})`);
      }
      checkCancelled();
    }
    if (failedConfigs.length) warnings.push(`Topic configs unavailable for ${listSome(failedConfigs)}.`);

    // End offsets: one ListOffsets per partition leader with every partition it leads.
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const t of topics) {
      if (flaggedInternal.has(t.name)) continue;
      for (const p of t.partitions) {
        if (p.leader < 0) continue;
        let led = byLeader.get(p.leader);
        if (!led) byLeader.set(p.leader, (led = new Map()));
        let indexes = led.get(t.name);
        if (!indexes) led.set(t.name, (indexes = []));
        indexes.push(p.partition);
      }
    }
    leaders = byLeader.size;
    progress(`Reading end offsets from ${byLeader.size} partition leaders`);
    const offsetProblems: string[] = [];
    await Promise.all(
      [...byLeader].map(async ([leader, led]) => {
        const address = addressed(leader);
        const request = [...led].map(([name, indexes]) => ({
          name,
          partitions: indexes.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp: LATEST_TIMESTAMP })),
        }));
        const count = request.reduce((s, t) => s + t.partitions.length, 0);
        if (!address) {
          offsetProblems.push(`${count} partitions led by broker ${leader}, which is not in the Metadata response`);
          return;
        }
        let response: ListOffsetsResponse | undefined;
        try {
          response = await withDeadline(
            sendToBroker<[number, number, typeof request], ListOffsetsResponse>(admin, address, 'ListOffsets', () => [-1, 0, request]),
            budget,
            `ListOffsets on broker ${leader}`,
          );
        } catch (err) {
          response = partialResponse<ListOffsetsResponse>(err);
          if (!response) {
            offsetProblems.push(`${count} partitions led by broker ${leader}: ${describe(err)}`);
            return;
          }
        }
        let failed = 0;
        for (const t of response.topics) {
          const partitions = partitionIndex.get(t.name);
          for (const p of t.partitions) {
            const partition = partitions?.get(p.partitionIndex);
            if (!partition) continue;
            if (p.errorCode === 0) partition.endOffset = Number(p.offset);
            else failed++;
          }
        }
        if (failed) offsetProblems.push(`${failed} partitions led by broker ${leader} answered with an error (leadership moved?)`);
      }),
    );
    if (offsetProblems.length) warnings.push(`End offsets unavailable (no write rates or lag) for ${offsetProblems.join('; ')}.`);
    checkCancelled();
  }

  let consumerGroups: ConsumerGroupInfo[] = [];
  let groupsPerCoordinator: number[] = [];
  if (!options.skipGroups) {
    progress('Reading consumer groups');
    const groups = await readGroups(admin, brokers, addressed, partitionIndex, {
      budget,
      describe,
      checkCancelled,
      progress,
      groupDeadlineMs: options.groupDeadlineMs ?? budget,
    });
    consumerGroups = groups.groups;
    groupsPerCoordinator = groups.perCoordinator;
    warnings.push(...groups.warnings);
  }
  if (options.instrument) {
    options.instrument.shape = {
      brokers: brokers.length,
      topics: topics.length,
      leaders,
      groupsPerCoordinator,
      groups: !options.skipGroups,
    };
  }

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: options.name ?? settings.bootstrap[0],
    clusterId: metadata.clusterId ?? undefined,
    source: 'live',
    takenAt,
    controllerId: controller.controllerId,
    controller: controller.controller,
    brokers,
    topics,
    consumerGroups,
    warnings,
  };
}

function errorName(code: number): string {
  return protocolErrorsCodesById[code] ?? `error ${code}`;
}

/**
 * One topic of the Metadata response, or undefined (with a warning) when the broker sent an error instead of it.
 * Partition errors keep the partition: a partition without a live leader comes as LEADER_NOT_AVAILABLE with leader -1,
 * which is what an offline partition is.
 */
function topicFromMetadata(t: MetadataTopic, warnings: string[]): TopicInfo | undefined {
  const name = t.name;
  if (!name) return undefined; // topic ids without names are only sent for requests by id
  if (t.errorCode !== 0) {
    warnings.push(`Topic ${name} returned ${errorName(t.errorCode)} instead of its metadata (being created or deleted?); it is left out.`);
    return undefined;
  }
  const partitions: PartitionInfo[] = [];
  for (const p of [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
    if (p.replicaNodes.length === 0) {
      warnings.push(`Partition ${name}-${p.partitionIndex} returned no replicas (${errorName(p.errorCode)}); it is left out.`);
      continue;
    }
    partitions.push({
      partition: p.partitionIndex,
      leader: p.leaderId,
      replicas: [...p.replicaNodes],
      isr: [...p.isrNodes],
      offlineReplicas: [...(p.offlineReplicas ?? [])],
      sizes: [],
    });
  }
  return { name, internal: t.isInternal || isInternalTopic(name), configs: {}, partitions };
}

function topicConfigs(entries: { name: string; value?: string | null }[]): TopicConfigs {
  const out: TopicConfigs = {};
  for (const { name, value } of entries) {
    if (value === null || value === undefined) continue;
    if (name === 'retention.ms') out.retentionMs = Number(value);
    else if (name === 'retention.bytes') out.retentionBytes = Number(value);
    else if (name === 'min.insync.replicas') out.minInsyncReplicas = Number(value);
    else if (name === 'cleanup.policy') out.cleanupPolicy = value;
    else if (name === 'remote.storage.enable') out.remoteStorageEnable = value.trim().toLowerCase() === 'true';
    else if (name === 'local.retention.ms') out.localRetentionMs = Number(value);
    else if (name === 'local.retention.bytes') out.localRetentionBytes = Number(value);
    else if (name === 'unclean.leader.election.enable') out.uncleanLeaderElectionEnable = value === 'true';
  }
  return out;
}

/** One request to every broker of the Metadata response, in parallel, each under its own deadline. */
async function askEveryBroker<Args extends unknown[], Response>(
  admin: Admin,
  brokers: BrokerInfo[],
  addressed: (id: number) => BrokerAddress | undefined,
  apiName: string,
  args: Args,
  timeoutMs: () => number,
  answered: (broker: BrokerInfo, response: Response) => void,
  failed: (broker: BrokerInfo, err: unknown) => void,
): Promise<void> {
  await Promise.all(
    brokers.map(async (broker) => {
      const address = addressed(broker.id);
      if (!address) return;
      let response: Response;
      try {
        response = await withDeadline(
          sendToBroker<Args, Response>(admin, address, apiName, () => args),
          timeoutMs(),
          `${apiName} on broker ${broker.id}`,
        );
      } catch (err) {
        failed(broker, err);
        return;
      }
      answered(broker, response);
    }),
  );
}

/** Adds one broker's DescribeLogDirs answer: its volumes and the size of each replica it holds. */
function addLogDirs(broker: BrokerInfo, response: DescribeLogDirsResponse, partitions: Map<string, Map<number, PartitionInfo>>): void {
  for (const dir of response.results) {
    const total = Number(dir.totalBytes);
    const usable = Number(dir.usableBytes);
    broker.logDirs.push({
      path: dir.logDir,
      // -1 means "not reported" (brokers older than 3.3)
      ...(total >= 0 ? { totalBytes: total } : {}),
      ...(usable >= 0 ? { usableBytes: usable } : {}),
    });
    for (const t of dir.topics) {
      const topic = partitions.get(t.name);
      if (!topic) continue;
      for (const p of t.partitions) {
        if (p.isFutureKey) continue; // an intra-broker copy in progress, not a placement
        const partition = topic.get(p.partitionIndex);
        if (!partition) continue;
        const size: ReplicaSize = { broker: broker.id, bytes: Number(p.partitionSize), logDir: dir.logDir, offsetLag: Number(p.offsetLag) };
        partition.sizes.push(size);
      }
    }
  }
}

/** "a, b, c and 12 more" */
function listSome(items: string[], shown = 10): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

interface GroupPhase {
  budget: number;
  /** Time allowed for the whole group phase: groups not read by then are left out and named in a warning. */
  groupDeadlineMs: number;
  describe: (err: unknown) => string;
  checkCancelled: () => void;
  progress: (message: string) => void;
}

interface GroupsRead {
  groups: ConsumerGroupInfo[];
  /** Consumer groups per coordinator that listed any (for the request floor). */
  perCoordinator: number[];
  warnings: string[];
}

type ListedGroup = { groupId: string; state: string; coordinator: number };

/**
 * Consumer groups with committed offsets and lag. ListGroups goes to every broker: each lists the groups it
 * coordinates, which is where DescribeGroups and OffsetFetch must go (no FindCoordinator needed). Each coordinator's
 * groups are read in batches of GROUPS_PER_REQUEST (OffsetFetch v8+ takes many groups, KIP-709), batches of all
 * coordinators in parallel, under one deadline for the phase: a group whose offsets did not arrive in time (or came
 * back with an error) is left out, and the warnings name what is missing. Never throws but for cancellation.
 */
async function readGroups(
  admin: Admin,
  brokers: BrokerInfo[],
  addressed: (id: number) => BrokerAddress | undefined,
  partitions: Map<string, Map<number, PartitionInfo>>,
  phase: GroupPhase,
): Promise<GroupsRead> {
  const warnings: string[] = [];
  const deadline = Date.now() + phase.groupDeadlineMs;
  const remaining = () => Math.max(0, Math.min(phase.budget, deadline - Date.now()));

  const listed: ListedGroup[] = [];
  await askEveryBroker<[string[], string[]], ListGroupsResponse>(
    admin,
    brokers,
    addressed,
    'ListGroups',
    [[], []],
    remaining,
    (broker, response) => {
      for (const g of response.groups) {
        if (g.protocolType !== 'consumer' && g.protocolType !== '') continue;
        listed.push({ groupId: g.groupId, state: g.groupState || 'Unknown', coordinator: broker.id });
      }
    },
    (broker, err) => warnings.push(`Consumer groups coordinated by broker ${broker.id} unavailable: ${phase.describe(err)}`),
  );
  phase.checkCancelled();
  if (listed.length === 0) return { groups: [], perCoordinator: [], warnings };

  const byCoordinator = new Map<number, ListedGroup[]>();
  for (const g of listed) {
    const list = byCoordinator.get(g.coordinator) ?? [];
    list.push(g);
    byCoordinator.set(g.coordinator, list);
  }
  const offsetFetchVersion = await negotiatedVersion(admin, 'OffsetFetch').catch(() => 8);
  const perGroupRequest = offsetFetchVersion < 8; // before KIP-709 one OffsetFetch names one group

  const read = new Map<string, ConsumerGroupInfo>();
  const missing = new Map<string, string>(); // group -> why
  let done = 0;
  await Promise.all(
    [...byCoordinator].map(async ([coordinator, groups]) => {
      const address = addressed(coordinator);
      for (let i = 0; i < groups.length; i += GROUPS_PER_REQUEST) {
        const batch = groups.slice(i, i + GROUPS_PER_REQUEST);
        if (!address || remaining() <= 0 || cancelledNow(phase)) {
          const why = !address ? `broker ${coordinator} is not in the Metadata response` : 'not read before the deadline';
          for (const g of batch) missing.set(g.groupId, why);
          continue;
        }
        const ids = batch.map((g) => g.groupId);
        const [described, fetched] = await Promise.all([
          withDeadline(
            sendToBroker<[string[], boolean], DescribeGroupsResponse>(admin, address, 'DescribeGroups', () => [ids, false]),
            remaining(),
            `DescribeGroups on broker ${coordinator}`,
          ).catch((err: unknown) => partialResponse<DescribeGroupsResponse>(err)),
          fetchOffsets(admin, address, ids, perGroupRequest, remaining(), coordinator),
        ]);
        const members = new Map((described?.groups ?? []).filter((g) => g.errorCode === 0).map((g) => [g.groupId, g]));
        for (const g of batch) {
          const offsets = fetched.get(g.groupId);
          if (!offsets || typeof offsets === 'string') {
            missing.set(g.groupId, offsets ?? 'no answer');
            continue;
          }
          const d = members.get(g.groupId);
          read.set(g.groupId, groupInfo(g.groupId, d?.groupState || g.state, d?.members.length ?? 0, offsets, partitions));
        }
        done += batch.length;
        phase.progress(`Reading consumer groups: ${done} of ${listed.length}`);
      }
    }),
  );
  phase.checkCancelled();
  if (missing.size) {
    const reasons = new Map<string, string[]>();
    for (const [id, why] of missing) reasons.set(why, [...(reasons.get(why) ?? []), id]);
    for (const [why, ids] of reasons) {
      warnings.push(
        `Consumer groups incomplete: the committed offsets of ${ids.length} of ${listed.length} groups were not read (${why}), so they and their lag are missing: ${listSome(ids.sort())}.`,
      );
    }
  }
  return {
    groups: [...read.values()].sort((a, b) => a.groupId.localeCompare(b.groupId)),
    perCoordinator: [...byCoordinator.values()].map((g) => g.length),
    warnings,
  };
}

function cancelledNow(phase: GroupPhase): boolean {
  try {
    phase.checkCancelled();
    return false;
  } catch {
    return true;
  }
}

type CommittedOffsets = { topic: string; partition: number; committed: number }[];

/** Committed offsets of each group: its list, or why it is missing. */
async function fetchOffsets(
  admin: Admin,
  address: BrokerAddress,
  ids: string[],
  perGroupRequest: boolean,
  timeoutMs: number,
  coordinator: number,
): Promise<Map<string, CommittedOffsets | string>> {
  const out = new Map<string, CommittedOffsets | string>();
  const requests = perGroupRequest ? ids.map((id) => [id]) : [ids];
  await Promise.all(
    requests.map(async (groupIds) => {
      const groups = groupIds.map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null }));
      let response: OffsetFetchResponse | LegacyOffsetFetchResponse | undefined;
      let failure = '';
      try {
        response = await withDeadline(
          sendToBroker<[typeof groups, boolean], OffsetFetchResponse | LegacyOffsetFetchResponse>(admin, address, 'OffsetFetch', () => [
            groups,
            false,
          ]),
          timeoutMs,
          `OffsetFetch on broker ${coordinator}`,
        );
      } catch (err) {
        response = partialResponse(err);
        failure = err instanceof Error ? err.message : String(err);
      }
      if (!response) {
        for (const id of groupIds)
          out.set(id, /did not answer within/.test(failure) ? 'not read before the deadline' : failure || 'no answer');
        return;
      }
      const answered =
        'groups' in response ? response.groups : [{ groupId: groupIds[0], topics: response.topics, errorCode: response.errorCode }];
      for (const g of answered) {
        if (g.errorCode !== 0) {
          out.set(g.groupId, `${errorName(g.errorCode)} from broker ${coordinator}`);
          continue;
        }
        const offsets: CommittedOffsets = [];
        for (const t of g.topics) {
          for (const p of t.partitions) {
            const committed = Number(p.committedOffset);
            if (p.errorCode !== 0 || committed < 0) continue; // no commit for this partition
            offsets.push({ topic: t.name, partition: p.partitionIndex, committed });
          }
        }
        out.set(g.groupId, offsets);
      }
    }),
  );
  return out;
}

interface LegacyOffsetFetchResponse {
  topics: OffsetFetchResponse['groups'][number]['topics'];
  errorCode: number;
}

function groupInfo(
  groupId: string,
  state: string,
  members: number,
  committed: CommittedOffsets,
  partitions: Map<string, Map<number, PartitionInfo>>,
): ConsumerGroupInfo {
  const offsets: ConsumerGroupInfo['offsets'] = committed.map(({ topic, partition, committed: c }) => {
    const entry: ConsumerGroupInfo['offsets'][number] = { topic, partition, committedOffset: c };
    const endOffset = partitions.get(topic)?.get(partition)?.endOffset;
    if (endOffset !== undefined) {
      entry.endOffset = endOffset;
      entry.lag = Math.max(0, endOffset - c);
    }
    return entry;
  });
  offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { groupId, state, members, offsets, totalLag: offsets.reduce((s, o) => s + (o.lag ?? 0), 0) };
}
