// Which cluster a reassignment plan was made for, so that it is reviewed (and executed) against that cluster and
// never against another one that happens to have topics of the same names.
//
// A plan file carries it in one extra top-level field next to Kafka's own two:
//   {"version":1, "plannedFor":{"clusterId":"…","clusterName":"prod-east","bootstrap":["b-1:9092"]}, "partitions":[…]}
// kafka-reassign-partitions.sh reads only "version" and "partitions" of the file (Apache Kafka documentation,
// "Expanding your cluster": https://kafka.apache.org/documentation/#basic_ops_cluster_expansion); the integration
// suite runs Kafka's own ReassignPartitionsCommand --execute and --verify on such a file to keep that true.
// The cluster id is Kafka's (the Metadata response's ClusterId, KIP-78), which a cluster keeps for its lifetime;
// the name and bootstrap are hints for people and for connecting. Pure.

import type { ClusterSnapshot } from './model';
import { ValidationError, type JsonReader } from './validate';

/** The top-level field of a plan file that names its cluster. */
export const PLAN_BINDING_FIELD = 'plannedFor';

export interface PlanBinding {
  /** Kafka's cluster id (KIP-78). */
  clusterId: string;
  /** A human name: the connection name, "Demo cluster", the snapshot's name. */
  clusterName?: string;
  /** host:port of the brokers the plan was made through: a hint for connecting. */
  bootstrap?: string[];
}

/** At most this many brokers are named as the bootstrap hint of a plan made from a live snapshot. */
const BOOTSTRAP_HINT_BROKERS = 3;

/**
 * The binding of a plan made from `snapshot`; undefined when the snapshot carries no cluster id (built offline from
 * Kafka's files, or an old snapshot file): such a plan names no cluster and its review asks for one. The bootstrap
 * hint is the one given, else (live snapshots only) the first brokers' host:port.
 */
export function planBindingOf(snapshot: ClusterSnapshot, name = snapshot.name, bootstrap?: string[]): PlanBinding | undefined {
  if (!snapshot.clusterId) return undefined;
  const binding: PlanBinding = { clusterId: snapshot.clusterId, clusterName: name };
  const hint =
    bootstrap && bootstrap.length
      ? bootstrap
      : snapshot.source === 'live'
        ? snapshot.brokers.slice(0, BOOTSTRAP_HINT_BROKERS).map((b) => `${b.host}:${b.port}`)
        : [];
  if (hint.length) binding.bootstrap = [...hint];
  return binding;
}

/** Reads the "plannedFor" value of a parsed plan file (`reader` on the file's top-level object); errors name the path. */
export function readPlanBinding(reader: JsonReader): PlanBinding | undefined {
  if (!reader.has(PLAN_BINDING_FIELD)) return undefined;
  const r = reader.field(PLAN_BINDING_FIELD);
  r.object();
  const binding: PlanBinding = { clusterId: r.field('clusterId').nonEmptyString() };
  const name = r.optional('clusterName', (x) => x.nonEmptyString());
  if (name !== undefined) binding.clusterName = name;
  const bootstrap = r.optional('bootstrap', (x) => x.array().map((b) => b.nonEmptyString()));
  if (bootstrap !== undefined && bootstrap.length) binding.bootstrap = bootstrap;
  return binding;
}

/** The binding in the order it is written to a file. */
export function planBindingJson(binding: PlanBinding): PlanBinding {
  return {
    clusterId: binding.clusterId,
    ...(binding.clusterName !== undefined ? { clusterName: binding.clusterName } : {}),
    ...(binding.bootstrap?.length ? { bootstrap: [...binding.bootstrap] } : {}),
  };
}

/** "prod-east (cluster id Zx3…)" */
export function describeBinding(binding: PlanBinding): string {
  const name = binding.clusterName ?? binding.bootstrap?.[0];
  return name ? `${name} (cluster id ${binding.clusterId})` : `cluster id ${binding.clusterId}`;
}

/** The message shown (one diagnostic and the code lens) while a plan's cluster is not connected. */
export function notConnectedText(binding: PlanBinding): string {
  return `Not connected: connect to ${describeBinding(binding)} to review this plan`;
}

// ----- which loaded cluster a plan is reviewed against

export type CandidateKind = 'demo' | 'live' | 'file';

/** A cluster the reviewer may use: the editor's loaded clusters, each with its latest snapshot. */
export interface ReviewCandidate {
  /** The registry id ("demo", "live:<bootstrap>", "file:<uri>"). */
  id: string;
  label: string;
  kind: CandidateKind;
  snapshot: ClusterSnapshot;
}

/**
 * A cluster the user picked for a document ("Review against…", "Rebind…"): by Kafka cluster id when its snapshot
 * has one (so it matches again after a reconnect), else by registry id.
 */
export interface ReviewChoice {
  clusterId?: string;
  registryId: string;
  name: string;
}

export type ReviewTarget<C extends ReviewCandidate> =
  /** Review against this cluster; `chosen` when the user picked it (over the file's binding, if any). */
  | { kind: 'cluster'; cluster: C; chosen: boolean; binding?: PlanBinding }
  /** The plan's cluster (the file's binding or the user's choice) is not loaded: say so, review nothing. */
  | { kind: 'notConnected'; want: PlanBinding; chosen: boolean }
  /** No binding and no choice: ask the user; never fall back to any cluster. */
  | { kind: 'unbound' };

const KIND_PREFERENCE: Record<CandidateKind, number> = { live: 0, file: 1, demo: 2 };

/** The loaded cluster whose snapshot has this Kafka cluster id: live before a snapshot file, then the newest. */
export function findClusterById<C extends ReviewCandidate>(clusters: readonly C[], clusterId: string, preferId?: string): C | undefined {
  const matches = clusters.filter((c) => c.snapshot.clusterId === clusterId);
  matches.sort(
    (a, b) =>
      Number(b.id === preferId) - Number(a.id === preferId) ||
      KIND_PREFERENCE[a.kind] - KIND_PREFERENCE[b.kind] ||
      Date.parse(b.snapshot.takenAt) - Date.parse(a.snapshot.takenAt),
  );
  return matches[0];
}

/** The choice to remember when the user picks `cluster` for a document. */
export function choiceOf(cluster: ReviewCandidate): ReviewChoice {
  return { ...(cluster.snapshot.clusterId ? { clusterId: cluster.snapshot.clusterId } : {}), registryId: cluster.id, name: cluster.label };
}

/**
 * Where a document is reviewed: the user's choice wins (it is how a plan is rebound), then the file's binding; a
 * bound plan whose cluster is not loaded is reviewed against nothing until it is. Nothing else is ever guessed: a
 * plan with neither is `unbound`, whatever clusters (the demo included) have topics of the same names.
 */
export function resolveReviewTarget<C extends ReviewCandidate>(
  binding: PlanBinding | undefined,
  choice: ReviewChoice | undefined,
  clusters: readonly C[],
): ReviewTarget<C> {
  if (choice) {
    const cluster = choice.clusterId
      ? findClusterById(clusters, choice.clusterId, choice.registryId)
      : clusters.find((c) => c.id === choice.registryId);
    if (cluster) return { kind: 'cluster', cluster, chosen: true, binding };
    return { kind: 'notConnected', want: { clusterId: choice.clusterId ?? choice.registryId, clusterName: choice.name }, chosen: true };
  }
  if (binding) {
    const cluster = findClusterById(clusters, binding.clusterId);
    return cluster ? { kind: 'cluster', cluster, chosen: false, binding } : { kind: 'notConnected', want: binding, chosen: false };
  }
  return { kind: 'unbound' };
}

/** A plan reviewed or executed against a cluster other than its own (the CLI's check); the message says how to proceed. */
export class PlanBindingMismatchError extends ValidationError {
  constructor(planFile: string, binding: PlanBinding, actual: { name: string; clusterId: string }, overrideFlag: string) {
    super(
      '$.plannedFor',
      `the plan was made for ${describeBinding(binding)}, but the cluster given is ${actual.name} (cluster id ${actual.clusterId})`,
      planFile,
      `Give that cluster${binding.bootstrap ? ` (bootstrap ${binding.bootstrap.join(',')})` : ''}, or add ${overrideFlag} to use this one anyway.`,
    );
    this.name = 'PlanBindingMismatchError';
  }
}

/**
 * Checks that `snapshot` is the cluster a plan was made for. Returns a warning to print when it cannot tell (the
 * plan names no cluster, or the snapshot has no cluster id) or when the mismatch is overridden; throws
 * PlanBindingMismatchError on a mismatch otherwise.
 */
export function checkPlanBinding(
  planFile: string,
  binding: PlanBinding | undefined,
  snapshot: ClusterSnapshot,
  override: { allowed: boolean; flag: string },
): string | undefined {
  if (!binding) return undefined;
  if (!snapshot.clusterId)
    return `${planFile} was made for ${describeBinding(binding)}; ${snapshot.name} has no cluster id, so that cannot be checked.`;
  if (snapshot.clusterId === binding.clusterId) return undefined;
  const actual = { name: snapshot.name, clusterId: snapshot.clusterId };
  if (!override.allowed) throw new PlanBindingMismatchError(planFile, binding, actual, override.flag);
  return `${planFile} was made for ${describeBinding(binding)}; using ${actual.name} (cluster id ${actual.clusterId}) instead (${override.flag}).`;
}
