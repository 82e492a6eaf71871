// Connection settings and the one place that creates Kafka clients: PLAINTEXT, TLS (system CA or a CA file,
// optional mTLS, an explicit skip-verification for labs), SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512 and AWS MSK IAM
// (SASL OAUTHBEARER with a token from a provider, see mskIam.ts). Also: classifying failures for "Test connection".

import { Admin, UnsupportedApiError, type SASLOptions } from '@platformatic/kafka';
import { parseBootstrap as parseBootstrapList } from '../core/connectionConfig';
import type { ControllerInfo } from '../core/model';
import { describeMetadataQuorum } from './clusterMetadata';

export interface ConnectionSettings {
  /** host:port pairs, e.g. ["b-1.example:9092", "b-2.example:9092"]. */
  bootstrap: string[];
  /** Time to open a TCP connection to one broker. */
  connectTimeoutMs: number;
  /** Time for one request (Metadata, DescribeLogDirs, …) and the overall budget of one phase. */
  requestTimeoutMs: number;
  clientId?: string;
  /** TLS on the wire; absent = plaintext. */
  tls?: TlsSettings;
  sasl?: SaslSettings;
}

export interface TlsSettings {
  /** PEM text of the CA(s) to trust; absent = Node's bundled/system CAs. */
  ca?: string;
  /** mTLS: client certificate chain and private key, PEM text. */
  cert?: string;
  key?: string;
  passphrase?: string;
  /** false only when the user explicitly chose "skip certificate verification" (labs). */
  rejectUnauthorized: boolean;
}

export type SaslSettings =
  | { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }
  /** AWS MSK IAM: OAUTHBEARER with a fresh signed token per authentication. */
  | { mechanism: 'OAUTHBEARER'; token: () => Promise<string> };

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Kafka unreachable, too slow, or refusing: the message says what and how to check. */
export class KafkaConnectionError extends Error {
  readonly category: KafkaErrorCategory;
  constructor(message: string, cause?: unknown, category?: KafkaErrorCategory) {
    super(message, { cause });
    this.name = 'KafkaConnectionError';
    this.category = category ?? (cause instanceof KafkaConnectionError ? cause.category : 'other');
  }
}

/** Which layer a connection failed at; "Test connection" says what to check for each. */
export type KafkaErrorCategory = 'dns' | 'refused' | 'timeout' | 'unreachable' | 'tls' | 'authentication' | 'authorization' | 'other';

/** Validates and splits "host:port[,host:port…]" (kept here for existing callers; the rule lives in core). */
export const parseBootstrap = parseBootstrapList;

export function createAdmin(settings: ConnectionSettings): Admin {
  return new Admin({
    clientId: settings.clientId ?? 'kafka-flink-planner',
    bootstrapBrokers: settings.bootstrap,
    connectTimeout: settings.connectTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    timeout: settings.requestTimeoutMs,
    retries: 1,
    retryDelay: 250,
    ...(settings.tls ? { tls: tlsOptions(settings.tls) } : {}),
    ...(settings.sasl ? { sasl: saslOptions(settings.sasl) } : {}),
  });
}

function tlsOptions(tls: TlsSettings): import('node:tls').ConnectionOptions {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
  };
}

function saslOptions(sasl: SaslSettings): SASLOptions {
  if (sasl.mechanism === 'OAUTHBEARER') return { mechanism: 'OAUTHBEARER', token: sasl.token };
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

export interface ConnectionTestResult {
  clusterId?: string;
  brokers: { id: number; host: string; port: number; rack: string | null }[];
  /** The active controller (see readActiveController), null when unknown. */
  controllerId: number | null;
  topics: number;
  elapsedMs: number;
}

/**
 * "Test connection": Metadata round trips (connect, TLS handshake, SASL, brokers and the topics the principal may
 * describe), then one DescribeLogDirs probe for Describe on the cluster. Throws a KafkaConnectionError whose
 * `category` says which layer failed.
 */
export async function testConnection(settings: ConnectionSettings): Promise<ConnectionTestResult> {
  const started = Date.now();
  const admin = createAdmin(settings);
  try {
    const budget = settings.connectTimeoutMs + settings.requestTimeoutMs;
    const topics = await withDeadline(
      admin.listTopics({ includeInternals: true }),
      budget,
      `Metadata from ${settings.bootstrap.join(', ')}`,
    );
    const md = await withDeadline(admin.metadata({ topics: [], forceUpdate: true }), budget, 'Metadata');
    await probeClusterDescribe(admin, budget);
    const controller = await readActiveController(admin, md.controllerId, settings, budget);
    return {
      clusterId: md.id,
      brokers: [...md.brokers.entries()]
        .map(([id, b]) => ({ id, host: b.host, port: b.port, rack: b.rack ?? null }))
        .sort((a, b) => a.id - b.id),
      controllerId: controller.controllerId,
      topics: topics.length,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    const c = classifyKafkaError(err, settings.bootstrap, principalOf(settings));
    throw new KafkaConnectionError(c.message, err, c.category);
  } finally {
    await withDeadline(admin.close(), 2_000, 'Closing the admin client').catch(() => undefined);
  }
}

/**
 * Metadata does not fail for a principal without ACLs: Kafka just leaves out the topics it may not describe, so a
 * user authorized for nothing would "connect" to an apparently empty cluster. DescribeLogDirs (which the snapshot
 * needs for replica sizes and disk capacity) requires Describe on the cluster: an authorization failure here fails
 * the test with category "authorization". Any other failure of this probe is left to the snapshot's warnings.
 */
async function probeClusterDescribe(admin: Admin, budget: number): Promise<void> {
  try {
    await withDeadline(admin.describeLogDirs({ topics: [{ name: '__consumer_offsets', partitions: [0] }] }), budget, 'DescribeLogDirs');
  } catch (err) {
    if (classifyKafkaError(err, []).category === 'authorization') throw err;
  }
}

export interface ActiveControllerReading {
  /** node.id of the active controller, null when unknown. */
  controllerId: number | null;
  controller: ControllerInfo;
  /** Set when the controller is unknown: one sentence for the snapshot's warnings. */
  warning?: string;
}

/**
 * The active controller: on KRaft the leader of the metadata quorum (DescribeQuorum, KIP-595), which may be a
 * controller-only node. Never throws: when the quorum cannot be asked it says why. Only ZooKeeper-based clusters
 * (no DescribeQuorum) fall back to the Metadata response's controller id, which names their controller broker; on
 * KRaft that id is a random live broker (KIP-590), so a refused or failed DescribeQuorum leaves the controller unknown.
 */
export async function readActiveController(
  admin: Admin,
  metadataControllerId: number,
  settings: ConnectionSettings,
  budgetMs: number,
): Promise<ActiveControllerReading> {
  const unknown = (note: string): ActiveControllerReading => ({
    controllerId: null,
    controller: { source: 'unknown', note },
    warning: `Active controller unknown: ${note} No broker is marked as controller.`,
  });
  try {
    const quorum = await withDeadline(describeMetadataQuorum(admin), budgetMs, 'DescribeQuorum');
    if (quorum.leaderId >= 0) return { controllerId: quorum.leaderId, controller: { source: 'metadataQuorum' } };
    return unknown('the KRaft metadata quorum has no leader right now (an election in progress, or a majority of the controllers down).');
  } catch (err) {
    if (err instanceof UnsupportedApiError) {
      const note = 'the brokers do not offer DescribeQuorum (a ZooKeeper-based cluster, without a KRaft metadata quorum)';
      return metadataControllerId >= 0
        ? {
            controllerId: metadataControllerId,
            controller: { source: 'metadataResponse', note: `${note}: the controller broker named by the Metadata response.` },
          }
        : unknown(`${note}, and the Metadata response names no controller.`);
    }
    const c = classifyKafkaError(err, settings.bootstrap, principalOf(settings));
    const why =
      c.category === 'authorization'
        ? `DescribeQuorum was refused (authorization): ${principalOf(settings) ?? 'the principal'} needs Describe on the cluster to read the KRaft metadata quorum.`
        : `DescribeQuorum failed: ${c.message}`;
    return unknown(`${why} The Metadata response's controller id cannot stand in: on KRaft it is a random broker (KIP-590).`);
  }
}

/** The Kafka principal of user-name SASL (PLAIN, SCRAM); unknown for IAM and unauthenticated listeners. */
export function principalOf(settings: ConnectionSettings): string | undefined {
  return settings.sasl && settings.sasl.mechanism !== 'OAUTHBEARER' ? `User:${settings.sasl.username}` : undefined;
}

/**
 * Races a Kafka call against a deadline so that no call can hang: the client's own timeouts cover single
 * requests, this covers retries and connection set-up together.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaConnectionError(`${what} did not answer within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns a client error into one readable sentence that says what to check. */
export function describeKafkaError(err: unknown, bootstrap: string[], principal?: string): string {
  return classifyKafkaError(err, bootstrap, principal).message;
}

/** Every code and message along the error's cause / errors chain, joined (the client nests them). */
function errorChainText(err: unknown): { text: string; codes: string[] } {
  const parts: string[] = [];
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (!e || depth > 6 || seen.has(e)) return;
    seen.add(e);
    const anyErr = e as { message?: string; code?: string | number; errors?: unknown[]; cause?: unknown; apiId?: string; apiCode?: number };
    if (anyErr.code !== undefined) {
      parts.push(String(anyErr.code));
      codes.push(String(anyErr.code));
    }
    // Kafka's protocol error name, e.g. CLUSTER_AUTHORIZATION_FAILED (@platformatic/kafka's ProtocolError)
    if (typeof anyErr.apiId === 'string') parts.push(anyErr.apiId);
    if (anyErr.message) parts.push(anyErr.message);
    for (const inner of anyErr.errors ?? []) visit(inner, depth + 1);
    visit(anyErr.cause, depth + 1);
  };
  visit(err, 0);
  return { text: parts.join(' | '), codes };
}

/** Node's certificate verification codes (tls.TLSSocket authorizationError) and OpenSSL handshake failures. */
const TLS_PATTERN =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO|certificate|wrong version number|ssl3_|tlsv1 alert|handshake/i;

/** `principal` (e.g. "User:alice"), when known, is named in the authorization message. */
export function classifyKafkaError(
  err: unknown,
  bootstrap: string[],
  principal?: string,
): { category: KafkaErrorCategory; message: string } {
  if (err instanceof KafkaConnectionError && err.category !== 'other') return { category: err.category, message: err.message };
  const { text } = errorChainText(err);
  const where = bootstrap.join(', ');
  if (/ENOTFOUND|EAI_AGAIN/.test(text))
    return { category: 'dns', message: `Cannot resolve ${where} (DNS): check the host name, your VPN or the cluster's DNS.` };
  if (/ECONNREFUSED/.test(text)) {
    return {
      category: 'refused',
      message: `Connection refused by ${where}: is Kafka running and listening on that port? Check the bootstrap address and the broker's listeners.`,
    };
  }
  if (
    /SASL_AUTHENTICATION_FAILED|Authentication failed|authentication failed|SaslAuthenticat|ILLEGAL_SASL_STATE|UNSUPPORTED_SASL_MECHANISM/i.test(
      text,
    )
  ) {
    const mech = /UNSUPPORTED_SASL_MECHANISM/i.test(text)
      ? ' The broker does not offer this SASL mechanism on that listener: check the mechanism and the port.'
      : '';
    return {
      category: 'authentication',
      message: `Authentication to ${where} failed: check the user name and password (or the IAM credentials) and the SASL mechanism.${mech} (${shortText(text)})`,
    };
  }
  if (/AUTHORIZATION_FAILED|not authorized|Authorization failed/i.test(text)) {
    return {
      category: 'authorization',
      message:
        `${where} accepted the login but refused the request (authorization): check the ACLs of ${principal ?? 'the principal'} ` +
        `(or the IAM policy's kafka-cluster:Describe* actions); it needs Describe on the cluster and on the topics. (${shortText(text)})`,
    };
  }
  const tls = TLS_PATTERN.exec(text);
  if (tls) {
    const certError = /([A-Z_]*CERT[A-Z_]*|SELF_SIGNED[A-Z_]*|UNABLE_TO_[A-Z_]+|ERR_TLS_[A-Z_]+)/.exec(text)?.[1];
    return {
      category: 'tls',
      message:
        `TLS with ${where} failed${certError ? ` (${certError})` : ''}: check that the port is the broker's TLS listener, that the CA file signs the broker's certificate ` +
        `and that the certificate names the host you connect to. (${shortText(text)})`,
    };
  }
  if (/ETIMEDOUT|timed? ?out|did not answer/i.test(text)) {
    return {
      category: 'timeout',
      message: `No answer from ${where} in time: check the network path (security groups, firewall, VPN) and that the port is Kafka's.`,
    };
  }
  if (/EHOSTUNREACH|ENETUNREACH/.test(text))
    return { category: 'unreachable', message: `Network unreachable for ${where}: check routing, VPN or VPC peering.` };
  if (/ECONNRESET|socket hang up|Connection closed|closed/i.test(text)) {
    return {
      category: 'tls',
      message: `${where} closed the connection during set-up: often a TLS client talking to a plaintext port or the reverse, or a SASL listener reached without SASL. Check the security settings against the listener. (${shortText(text)})`,
    };
  }
  return { category: 'other', message: `Kafka request to ${where} failed: ${text || String(err)}` };
}

function shortText(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
