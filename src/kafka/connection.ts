// Connection settings and the one place that creates Kafka clients. PLAINTEXT for now; TLS, SASL and
// MSK IAM arrive with the cluster explorer.

import { Admin } from '@platformatic/kafka';

export interface ConnectionSettings {
  /** host:port pairs, e.g. ["b-1.example:9092", "b-2.example:9092"]. */
  bootstrap: string[];
  /** Time to open a TCP connection to one broker. */
  connectTimeoutMs: number;
  /** Time for one request (Metadata, DescribeLogDirs, …) and the overall budget of one phase. */
  requestTimeoutMs: number;
  clientId?: string;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Kafka unreachable, too slow, or refusing: the message says what and how to check. */
export class KafkaConnectionError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'KafkaConnectionError';
  }
}

/** Validates and splits "host:port[,host:port…]"; throws with the exact bad item. */
export function parseBootstrap(value: string): string[] {
  const items = value.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error('No bootstrap server given: use host:port, e.g. localhost:9092 (comma-separated for several).');
  for (const item of items) {
    const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-_]+):(\d{1,5})$/.exec(item);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new Error(`Bootstrap server "${item}" is not host:port (e.g. b-1.mycluster.kafka.us-east-1.amazonaws.com:9092).`);
    }
  }
  return items;
}

export function createAdmin(settings: ConnectionSettings): Admin {
  return new Admin({
    clientId: settings.clientId ?? 'kafka-flink-planner',
    bootstrapBrokers: settings.bootstrap,
    connectTimeout: settings.connectTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    timeout: settings.requestTimeoutMs,
    retries: 1,
    retryDelay: 250,
  });
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
export function describeKafkaError(err: unknown, bootstrap: string[]): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    const anyErr = e as { message?: string; code?: string; errors?: unknown[]; cause?: unknown };
    if (anyErr.code) parts.push(anyErr.code);
    if (anyErr.message) parts.push(anyErr.message);
    e = anyErr.errors?.[0] ?? anyErr.cause;
  }
  const text = parts.join(' | ');
  const where = bootstrap.join(', ');
  if (/ECONNREFUSED/.test(text)) return `Connection refused by ${where}: is Kafka running and listening on that port? Check the bootstrap address and the broker's listeners.`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `Cannot resolve ${where} (DNS): check the host name, your VPN or the cluster's DNS.`;
  if (/ETIMEDOUT|timed? ?out|did not answer/i.test(text)) return `No answer from ${where} in time: check the network path (security groups, firewall, VPN) and that the port is Kafka's.`;
  if (/EHOSTUNREACH|ENETUNREACH/.test(text)) return `Network unreachable for ${where}: check routing, VPN or VPC peering.`;
  return `Kafka request to ${where} failed: ${text || String(err)}`;
}
