// Saved cluster connections: the shareable part (setting `kafkaPlanner.clusters`, no secrets) and its validation.
// Secrets (SASL passwords, client-key passphrases) live only in VS Code SecretStorage under the keys below.

import { InputError } from './errors';
import { JsonReader, ValidationError } from './validate';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'AWS_MSK_IAM';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'AWS_MSK_IAM'];

export interface TlsConfig {
  /** PEM file with the CA(s) to trust; absent = the system's CAs. */
  caFile?: string;
  /** mTLS: client certificate (PEM) and key (PEM) files. */
  certFile?: string;
  keyFile?: string;
  /** Labs only: accept any server certificate. Shown with a warning wherever the cluster appears. */
  skipVerification?: boolean;
}

export interface SaslConfig {
  mechanism: SaslMechanism;
  /** PLAIN / SCRAM user name (the password is a secret). */
  username?: string;
  /** AWS_MSK_IAM: the region of the cluster, e.g. us-east-1. */
  region?: string;
  /** AWS_MSK_IAM: a named profile of ~/.aws/config; absent = the default credential chain. */
  awsProfile?: string;
}

export interface ClusterConnectionConfig {
  name: string;
  bootstrap: string[];
  /** Present = TLS on the wire. */
  tls?: TlsConfig;
  sasl?: SaslConfig;
  /** Broker type from the catalog (sizing/catalog.ts), e.g. "kafka.m5.large"; absent = unknown. */
  brokerType?: string;
}

/** The registry id of a saved connection (the convention of ClusterRegistry: "live:<bootstrap>"). */
export function connectionId(config: Pick<ClusterConnectionConfig, 'bootstrap'>): string {
  return `live:${config.bootstrap.join(',')}`;
}

/** Kafka's name for the combination: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL. */
export function securityProtocol(config: Pick<ClusterConnectionConfig, 'tls' | 'sasl'>): string {
  return config.sasl ? (config.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : config.tls ? 'SSL' : 'PLAINTEXT';
}

export function describeSecurity(config: Pick<ClusterConnectionConfig, 'tls' | 'sasl'>): string {
  const parts = [securityProtocol(config)];
  if (config.sasl)
    parts.push(
      config.sasl.mechanism === 'AWS_MSK_IAM'
        ? `MSK IAM (${config.sasl.region ?? '?'})`
        : `${config.sasl.mechanism} as ${config.sasl.username ?? '?'}`,
    );
  if (config.tls?.certFile) parts.push('mTLS');
  if (config.tls?.skipVerification) parts.push('⚠ certificate NOT verified');
  return parts.join(' · ');
}

/** The secrets a connection can have; each is stored under secretKey(id, kind). */
export type SecretKind = 'saslPassword' | 'keyPassphrase';
export const SECRET_KINDS: readonly SecretKind[] = ['saslPassword', 'keyPassphrase'];

export function secretKey(connectionIdValue: string, kind: SecretKind): string {
  return `kafkaPlanner.connection/${connectionIdValue}/${kind}`;
}

/** Validates and splits "host:port[,host:port…]"; throws with the exact bad item. */
export function parseBootstrap(value: string): string[] {
  const items = value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new InputError('No bootstrap server given: use host:port, e.g. localhost:9092 (comma-separated for several).');
  const seen = new Set<string>();
  for (const item of items) {
    const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-_]+):(\d{1,5})$/.exec(item);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new InputError(`Bootstrap server "${item}" is not host:port (e.g. b-1.mycluster.kafka.us-east-1.amazonaws.com:9092).`);
    }
    if (seen.has(item)) throw new InputError(`Bootstrap server "${item}" is listed twice.`);
    seen.add(item);
  }
  return items;
}

/** A connection name: non-empty, at most 80 characters, unique among the others. Returns an error or undefined. */
export function validateConnectionName(name: string, otherNames: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the cluster a name, e.g. "prod-eu".';
  if (trimmed.length > 80) return `The name is ${trimmed.length} characters long; use at most 80.`;
  if (otherNames.some((n) => n.toLowerCase() === trimmed.toLowerCase()))
    return `A cluster named "${trimmed}" already exists: choose another name.`;
  return undefined;
}

/** AWS region names such as us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
export function validateAwsRegion(region: string): string | undefined {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region.trim())
    ? undefined
    : `"${region}" is not an AWS region name such as us-east-1.`;
}

export function validateSaslUsername(username: string): string | undefined {
  if (!username.trim()) return 'Enter the SASL user name.';
  if (username !== username.trim()) return 'The user name starts or ends with a space: remove it.';
  return undefined;
}

const SECRET_FIELD = /password|secret|token|passphrase|privatekey/i;

/**
 * Reads the `kafkaPlanner.clusters` setting: every error names the entry and field. Rejects any field that looks
 * like a secret, so a password pasted into settings.json is refused rather than used (and shared).
 */
export function readConnections(value: unknown, source = 'kafkaPlanner.clusters'): ClusterConnectionConfig[] {
  if (value === undefined || value === null) return [];
  const reader = new JsonReader(value, '$', source);
  const out: ClusterConnectionConfig[] = [];
  const names = new Set<string>();
  const list = reader.array();
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    const raw = r.value as Record<string, unknown>;
    if (raw && typeof raw === 'object') {
      for (const k of Object.keys(raw)) checkNoSecret(k, `${r.path}.${k}`, source);
      for (const k of ['tls', 'sasl']) {
        const inner = raw[k];
        if (inner && typeof inner === 'object') for (const kk of Object.keys(inner)) checkNoSecret(kk, `${r.path}.${k}.${kk}`, source);
      }
    }
    const name = r.field('name').string();
    if (names.has(name.toLowerCase())) throw new ValidationError(`${r.path}.name`, `the name "${name}" is used twice`, source);
    names.add(name.toLowerCase());
    let bootstrap: string[];
    const b = r.field('bootstrap');
    try {
      bootstrap = parseBootstrap(
        Array.isArray(b.value)
          ? b
              .array()
              .map((x) => x.string())
              .join(',')
          : b.string(),
      );
    } catch (err) {
      if (err instanceof ValidationError) throw err;
      throw new ValidationError(b.path, (err as Error).message, source);
    }
    const config: ClusterConnectionConfig = { name, bootstrap };
    const tls = opt(r, 'tls');
    if (tls) {
      const t: TlsConfig = {};
      const ca = opt(tls, 'caFile');
      if (ca) t.caFile = ca.string();
      const cert = opt(tls, 'certFile');
      if (cert) t.certFile = cert.string();
      const key = opt(tls, 'keyFile');
      if (key) t.keyFile = key.string();
      if ((t.certFile === undefined) !== (t.keyFile === undefined)) {
        throw new ValidationError(`${tls.path}`, 'mTLS needs both certFile and keyFile (or neither)', source);
      }
      const skip = opt(tls, 'skipVerification');
      if (skip) t.skipVerification = skip.boolean();
      config.tls = t;
    }
    const sasl = opt(r, 'sasl');
    if (sasl) {
      const m = sasl.field('mechanism');
      const mechanism = m.string() as SaslMechanism;
      if (!SASL_MECHANISMS.includes(mechanism))
        throw new ValidationError(m.path, `expected one of ${SASL_MECHANISMS.join(', ')}, got "${mechanism}"`, source);
      const s: SaslConfig = { mechanism };
      if (mechanism === 'AWS_MSK_IAM') {
        const region = sasl.field('region');
        s.region = region.string();
        const bad = validateAwsRegion(s.region);
        if (bad) throw new ValidationError(region.path, bad, source);
        const profile = opt(sasl, 'awsProfile');
        if (profile) s.awsProfile = profile.string();
      } else {
        s.username = sasl.field('username').string();
      }
      config.sasl = s;
    }
    const brokerType = opt(r, 'brokerType');
    if (brokerType) config.brokerType = brokerType.string();
    out.push(config);
  }
  return out;
}

function opt(r: JsonReader, name: string): JsonReader | undefined {
  return r.has(name) ? r.field(name) : undefined;
}

function checkNoSecret(key: string, path: string, source: string): void {
  if (SECRET_FIELD.test(key)) {
    throw new ValidationError(
      path,
      `secrets do not belong in settings (they would be shared): remove "${key}"; the extension asks for it and keeps it in VS Code's secret storage`,
      source,
    );
  }
}

/** The JSON form written to the setting: only known, non-secret fields, in a stable order. */
export function connectionToSetting(config: ClusterConnectionConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name: config.name, bootstrap: config.bootstrap.join(',') };
  if (config.tls) {
    const t: Record<string, unknown> = {};
    if (config.tls.caFile) t.caFile = config.tls.caFile;
    if (config.tls.certFile) t.certFile = config.tls.certFile;
    if (config.tls.keyFile) t.keyFile = config.tls.keyFile;
    if (config.tls.skipVerification) t.skipVerification = true;
    out.tls = t;
  }
  if (config.sasl) {
    const s: Record<string, unknown> = { mechanism: config.sasl.mechanism };
    if (config.sasl.username !== undefined) s.username = config.sasl.username;
    if (config.sasl.region !== undefined) s.region = config.sasl.region;
    if (config.sasl.awsProfile !== undefined) s.awsProfile = config.sasl.awsProfile;
    out.sasl = s;
  }
  if (config.brokerType) out.brokerType = config.brokerType;
  return out;
}
