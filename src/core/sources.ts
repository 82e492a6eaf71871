// Where a number comes from, as a typed value. Users see only what they can look up themselves: a public page
// (a URL with its title), a public talk by its name, our own model (derived: the formula, and the public sources
// of its terms), a product default (ours, with the reason), or their own input. Pure; the sizing report, the
// Markdown and the webview render these (sourceText, sourceMarkdown, unverifiedNote).

/** A public page. `unverified` says why the number could not be confirmed against it (e.g. a secondary source). */
export interface UrlSource {
  readonly kind: 'url';
  readonly url: string;
  readonly title: string;
  /** The part of the page, e.g. "Equation 1" or a table's name. */
  readonly section?: string;
  readonly unverified?: string;
}

/** A public conference talk, cited by its name (there is no page to link). */
export interface TalkSource {
  readonly kind: 'talk';
  readonly event: string;
  readonly session: string;
  readonly title: string;
  readonly section?: string;
}

export type PublicSource = UrlSource | TalkSource;

/** Our own model: the formula, built from terms whose public sources are listed. */
export interface DerivedSource {
  readonly kind: 'derived';
  readonly formula: string;
  readonly from: readonly PublicSource[];
}

/** A product default: a number we chose (not a vendor's), with the reason and what it leans on. */
export interface DefaultSource {
  readonly kind: 'default';
  readonly why: string;
  readonly from: readonly PublicSource[];
}

/** A value the user typed (or a tool they ran, e.g. the reassignment planner). */
export interface InputSource {
  readonly kind: 'input';
  readonly what?: string;
}

export type Source = UrlSource | TalkSource | DerivedSource | DefaultSource | InputSource;

// ----- constructors

export function page(url: string, title: string, section?: string): UrlSource {
  return { kind: 'url', url, title, ...(section !== undefined ? { section } : {}) };
}

/** The same public source, pointing at one part of it. */
export function at<S extends PublicSource>(source: S, section: string): S {
  return { ...source, section };
}

/** A number taken from a secondary source that `source` should confirm; the report says so next to the number. */
export function unverified(source: UrlSource, why: string): UrlSource {
  return { ...source, unverified: why };
}

export function derived(formula: string, ...from: PublicSource[]): DerivedSource {
  return { kind: 'derived', formula, from };
}

export function productDefault(why: string, ...from: PublicSource[]): DefaultSource {
  return { kind: 'default', why, from };
}

export function userInput(what?: string): InputSource {
  return what === undefined ? { kind: 'input' } : { kind: 'input', what };
}

// ----- the public sources the product cites (one place, so a moved page is fixed once)

const MSK_GUIDE = 'https://docs.aws.amazon.com/msk/latest/developerguide';
const MANAGED_FLINK_GUIDE = 'https://docs.aws.amazon.com/managed-flink/latest/java';
const FLINK_DOCS = 'https://nightlies.apache.org/flink/flink-docs-stable/docs';

export const REFS = {
  rightSizingBlog: page(
    'https://aws.amazon.com/blogs/big-data/best-practices-for-right-sizing-your-apache-kafka-clusters-to-optimize-performance-and-cost/',
    'AWS Big Data Blog: Best practices for right-sizing your Apache Kafka clusters to optimize performance and cost',
  ),
  mskBestPractices: page(`${MSK_GUIDE}/bestpractices.html`, 'Amazon MSK Developer Guide: Best practices for Standard brokers'),
  mskProvisionedThroughput: page(
    `${MSK_GUIDE}/msk-provision-throughput.html`,
    'Amazon MSK Developer Guide: Provision storage throughput for Standard brokers',
  ),
  mskThroughputManagement: page(
    `${MSK_GUIDE}/msk-provision-throughput-management.html`,
    'Amazon MSK Developer Guide: Manage storage throughput for Standard brokers',
    'broker throughput bottlenecks and maximum throughput settings',
  ),
  mskQuotas: page(`${MSK_GUIDE}/limits.html`, 'Amazon MSK Developer Guide: Amazon MSK quota'),
  mskStorageAlerts: page(`${MSK_GUIDE}/cluster-alerts.html`, 'Amazon MSK Developer Guide: Use Amazon MSK storage capacity alerts'),
  mskTieredStorage: page(`${MSK_GUIDE}/msk-tiered-storage.html`, 'Amazon MSK Developer Guide: Tiered storage for Standard brokers'),
  mskTieredStorageTopicConfig: page(
    `${MSK_GUIDE}/msk-guidelines-tiered-storage-topic-level-config.html`,
    'Amazon MSK Developer Guide: Guidelines for Amazon MSK tiered storage topic-level configuration',
  ),
  mskExpressBrokers: page(`${MSK_GUIDE}/msk-broker-types-express.html`, 'Amazon MSK Developer Guide: Amazon MSK Express brokers'),
  ec2GeneralPurpose: page(
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html',
    'Amazon EC2 Instance Types: general purpose instances',
  ),
  kafkaReplicationThrottle: page(
    'https://kafka.apache.org/documentation/#rep-throttle',
    'Apache Kafka documentation: Limiting bandwidth usage during data migration',
  ),
  kafkaRetention: page(
    'https://kafka.apache.org/documentation/#topicconfigs_retention.bytes',
    'Apache Kafka documentation: topic configs retention.bytes and retention.ms',
  ),
  kafkaClusterExpansion: page(
    'https://kafka.apache.org/documentation/#basic_ops_cluster_expansion',
    'Apache Kafka documentation: Expanding your cluster (kafka-reassign-partitions.sh)',
  ),
  kafkaReplication: page('https://kafka.apache.org/documentation/#replication', 'Apache Kafka documentation: Replication'),
  kafkaUncleanLeaderElection: page(
    'https://kafka.apache.org/documentation/#topicconfigs_unclean.leader.election.enable',
    'Apache Kafka documentation: topic config unclean.leader.election.enable',
  ),
  kafkaMinInsyncReplicas: page(
    'https://kafka.apache.org/documentation/#topicconfigs_min.insync.replicas',
    'Apache Kafka documentation: topic config min.insync.replicas',
  ),
  kip966EligibleLeaderReplicas: page(
    'https://cwiki.apache.org/confluence/display/KAFKA/KIP-966%3A+Eligible+Leader+Replicas',
    'Apache Kafka KIP-966: Eligible Leader Replicas',
  ),
  kip73ReplicationQuotas: page(
    'https://cwiki.apache.org/confluence/display/KAFKA/KIP-73+Replication+Quotas',
    'Apache Kafka KIP-73: Replication Quotas',
  ),
  cruiseControlConfig: page('https://github.com/linkedin/cruise-control/wiki/Configurations', 'Cruise Control wiki: Configurations'),
  flinkResources: page(
    `${MANAGED_FLINK_GUIDE}/how-resources.html`,
    'Managed Service for Apache Flink Developer Guide: application resources (KPUs)',
  ),
  flinkScaling: page(
    `${MANAGED_FLINK_GUIDE}/how-scaling.html`,
    'Managed Service for Apache Flink Developer Guide: Implement application scaling',
  ),
  flinkAutoscaling: page(
    `${MANAGED_FLINK_GUIDE}/how-scaling-auto.html`,
    'Managed Service for Apache Flink Developer Guide: Use automatic scaling',
  ),
  flinkBilling: page(`${MANAGED_FLINK_GUIDE}/how-pricing.html`, 'Managed Service for Apache Flink Developer Guide: Per second billing'),
  flinkPricing: page('https://aws.amazon.com/managed-service-apache-flink/pricing/', 'Amazon Managed Service for Apache Flink pricing'),
  flinkProductionReady: page(`${FLINK_DOCS}/ops/production_ready/`, 'Apache Flink documentation: Production readiness checklist'),
  flinkStateTtl: page(
    `${FLINK_DOCS}/dev/datastream/fault-tolerance/state/#state-time-to-live-ttl`,
    'Apache Flink documentation: State Time-To-Live (TTL)',
  ),
  /** The AWS re:Invent 2025 session the product's operating model follows; cited by name. */
  reInventAnt307: {
    kind: 'talk',
    event: 'AWS re:Invent 2025',
    session: 'ANT307',
    title: 'Operating Apache Kafka and Apache Flink at scale',
  } as TalkSource,
} as const;

// ----- rendering

function publicText(s: PublicSource): string {
  const section = s.section ? `, ${s.section}` : '';
  return s.kind === 'url' ? `${s.title}${section} (${s.url})` : `${s.event} session ${s.session}, "${s.title}"${section}`;
}

function publicMarkdown(s: PublicSource): string {
  const section = s.section ? `, ${s.section}` : '';
  return s.kind === 'url' ? `[${s.title}${section}](${s.url})` : `${s.event} session ${s.session}, "${s.title}"${section}`;
}

function fromText(from: readonly PublicSource[], render: (s: PublicSource) => string): string {
  return from.length ? `; from ${from.map(render).join('; ')}` : '';
}

function render(s: Source, one: (p: PublicSource) => string): string {
  switch (s.kind) {
    case 'url':
    case 'talk':
      return one(s);
    case 'derived':
      return `derived (our model): ${s.formula}${fromText(s.from, one)}`;
    case 'default':
      return `product default: ${s.why}${fromText(s.from, one)}`;
    case 'input':
      return s.what ? `input (${s.what})` : 'input';
  }
}

/** One line of plain text: titles with their URLs in parentheses, talks by name. */
export function sourceText(s: Source): string {
  return render(s, publicText);
}

/** Markdown: links for URLs, talks by name. */
export function sourceMarkdown(s: Source): string {
  return render(s, publicMarkdown);
}

/** The public sources a source names (itself, or those its formula or default leans on). */
export function publicSourcesOf(s: Source): readonly PublicSource[] {
  switch (s.kind) {
    case 'url':
    case 'talk':
      return [s];
    case 'derived':
    case 'default':
      return s.from;
    case 'input':
      return [];
  }
}

/** "unverified: <why>" when the number, or a term it is built from, is not confirmed by a primary source. */
export function unverifiedNote(s: Source): string | undefined {
  const why = publicSourcesOf(s).find((p): p is UrlSource => p.kind === 'url' && p.unverified !== undefined)?.unverified;
  return why === undefined ? undefined : `unverified: ${why}`;
}
