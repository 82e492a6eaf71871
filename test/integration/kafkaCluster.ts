// A real Apache Kafka 4.x cluster for integration tests.
//
// startKafkaCluster() runs N brokers (default 3) in KRaft combined mode (broker + controller in one JVM) on
// 127.0.0.1, with jars that Maven fetches from Maven Central once (test/integration/kafka/pom.xml) and caches in
// $KFP_CACHE_DIR (default ~/.cache/kafka-flink-planner)/kafka-<version>/libs. Each run gets fresh data dirs in a new
// temp folder and free ports; stop() ends the JVMs and removes the folder.
// With KAFKA_BOOTSTRAP=host:port[,host:port] set, the existing cluster there is used instead and nothing is started.
//
// The helpers below (createTopicWithAssignment, produceRecords, endOffsets, deleteTopic, ...) talk to any bootstrap
// with @platformatic/kafka and close every client they open.
import type { ClusterSnapshot } from '../../src/core/model';
import { Admin, Consumer, Producer, stringDeserializers, type ClusterMetadata, type ClusterTopicMetadata } from '@platformatic/kafka';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface KafkaTestBroker {
  id: number;
  host: string;
  port: number;
  rack: string;
}

export interface KafkaTestCluster {
  /** "127.0.0.1:port,127.0.0.1:port,..." */
  bootstrap: string;
  brokers: KafkaTestBroker[];
  /** true when KAFKA_BOOTSTRAP pointed at a cluster this harness did not start */
  external: boolean;
  /** the temp folder with each node's config, data and log (absent for an external cluster) */
  runDir?: string;
  stop(): Promise<void>;
  /** Own cluster only: SIGTERM one broker and wait until it has exited (its data stays). */
  stopBroker?(id: number): Promise<void>;
  /** Own cluster only: start a stopped broker again and wait until the metadata lists every broker. */
  startBroker?(id: number): Promise<void>;
  /** Present when started with `security: true`. */
  security?: KafkaTestSecurity;
}

/** The extra listeners of a cluster started with `security: true` (every broker has them). */
export interface KafkaTestSecurity {
  /** SASL_PLAINTEXT listener with SCRAM-SHA-256 and SCRAM-SHA-512. */
  saslBootstrap: string;
  /** SSL listener (server certificate signed by the test CA, SAN IP:127.0.0.1). */
  sslBootstrap: string;
  /** PEM of the CA that signed the brokers' certificates. */
  caFile: string;
  /** PEM of another CA that signed nothing (for "wrong CA" tests). */
  otherCaFile: string;
  /** SCRAM users created at format time (both SHA-256 and SHA-512 credentials). */
  user: { username: string; password: string };
  /**
   * Only with `authorizer: true`: a second SCRAM user (created the same way) that has no ACLs at all, so it can log in
   * but is authorized for nothing. `user` is a super user then, like User:ANONYMOUS (PLAINTEXT, SSL, CONTROLLER).
   */
  noAclUser?: { username: string; password: string };
}

export interface StartKafkaClusterOptions {
  /** number of brokers, node ids 1..N (default 3) */
  brokers?: number;
  /** broker.rack of each node in order (default a, b, c, ...) */
  racks?: string[];
  /** progress lines of the harness (not the brokers' own logs, which go to files in the run dir) */
  log?: (line: string) => void;
  /** overall time allowed for the cluster to come up, in ms (default 120000) */
  timeoutMs?: number;
  /**
   * Adds a SASL_PLAINTEXT (SCRAM) and an SSL listener to every broker, with a CA and broker certificate made by
   * openssl in the run dir and a SCRAM user created at format time (kafka-storage format --add-scram). The PLAINTEXT
   * listener and everything else stay as in the default cluster. Off by default.
   */
  security?: boolean;
  /**
   * With `security: true` only: the KRaft StandardAuthorizer on every node, super.users = User:ANONYMOUS (the
   * PLAINTEXT, SSL and CONTROLLER listeners, so brokers and controllers talk as before) and the SCRAM `user`, plus a
   * second SCRAM user with no ACLs (`security.noAclUser`) for authorization failures. Off by default.
   */
  authorizer?: boolean;
  /** Maximum heap of each broker JVM (default -Xmx512m), e.g. '-Xmx1g' for clusters with tens of thousands of partitions. */
  heap?: string;
  /** Extra server.properties of every broker (later keys win), e.g. smaller index files for many partitions. */
  brokerConfig?: Record<string, string | number | boolean>;
}

const POM_RELATIVE = join('test', 'integration', 'kafka', 'pom.xml');
const CLIENT_ID = 'kfp-test-harness';
const HOST = '127.0.0.1';
const BROKER_HEAP = '-Xmx512m';

// ---------------------------------------------------------------------------------------------------------------
// Starting and stopping

export async function startKafkaCluster(opts: StartKafkaClusterOptions = {}): Promise<KafkaTestCluster> {
  const log = opts.log ?? (() => {});
  const external = process.env.KAFKA_BOOTSTRAP?.trim();
  if (external) return useExternalCluster(external, log);

  const count = opts.brokers ?? 3;
  if (!Number.isInteger(count) || count < 1) throw new Error(`startKafkaCluster: brokers must be >= 1, got ${count}`);
  const racks = opts.racks ?? Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26)));
  if (racks.length < count) throw new Error(`startKafkaCluster: ${count} brokers but only ${racks.length} racks`);
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);

  const java = findJava();
  const { version, libs } = ensureKafkaJars(log);

  // Free ports are found by binding port 0 and released before the JVMs bind them: if another process takes one in
  // between, a broker exits with "Address already in use". Start again with new ports then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOwnCluster({
        count,
        racks,
        java,
        version,
        libs,
        deadline,
        log,
        security: !!opts.security,
        authorizer: !!opts.authorizer,
        heap: opts.heap ?? BROKER_HEAP,
        brokerConfig: opts.brokerConfig ?? {},
      });
    } catch (e) {
      if (!(e instanceof PortTakenError) || attempt >= 3 || Date.now() > deadline) throw e;
      log(`a port was taken by another process before broker ${e.brokerId} bound it: starting again`);
    }
  }
}

class PortTakenError extends Error {
  constructor(
    message: string,
    readonly brokerId: number,
  ) {
    super(message);
  }
}

async function startOwnCluster(p: {
  count: number;
  racks: string[];
  java: string;
  version: string;
  libs: string;
  deadline: number;
  log: (line: string) => void;
  security: boolean;
  authorizer: boolean;
  heap: string;
  brokerConfig: Record<string, string | number | boolean>;
}): Promise<KafkaTestCluster> {
  const { count, racks, java, version, libs, deadline, log } = p;
  if (p.authorizer && !p.security) throw new Error('startKafkaCluster: authorizer: true needs security: true (its users are SCRAM users)');
  const started = Date.now();
  const runDir = mkdtempSync(join(tmpdir(), 'kfp-kafka-'));
  const nodes: NodeRun[] = [];
  const entry = { nodes, runDir };
  liveClusters.add(entry);
  installExitHooks();
  let watchdog: ChildProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const t0 = Date.now();
    await Promise.all(nodes.map((n) => stopNode(n)));
    liveClusters.delete(entry);
    watchdog?.kill('SIGKILL');
    if (process.env.KFP_KAFKA_KEEP_RUN_DIR === '1') {
      log(`stopped ${nodes.length} brokers in ${Date.now() - t0} ms, kept ${runDir} (KFP_KAFKA_KEEP_RUN_DIR=1)`);
      return;
    }
    rmSync(runDir, { recursive: true, force: true });
    log(`stopped ${nodes.length} brokers in ${Date.now() - t0} ms, removed ${runDir}`);
  };

  try {
    const perNode = p.security ? 4 : 2;
    const ports = await freePorts(count * perNode);
    const brokers: KafkaTestBroker[] = [];
    const voters: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = i + 1;
      brokers.push({ id, host: HOST, port: ports[perNode * i], rack: racks[i] });
      voters.push(`${id}@${HOST}:${ports[perNode * i + 1]}`);
    }
    const clusterId = randomClusterId();
    const log4jConfig = join(runDir, 'log4j2.properties');
    writeFileSync(log4jConfig, LOG4J2_PROPERTIES);
    const security = p.security ? makeSecurityFiles(runDir, p.authorizer) : undefined;

    for (let i = 0; i < count; i++) {
      const b = brokers[i];
      const dir = join(runDir, `node-${b.id}`);
      mkdirSync(join(dir, 'data'), { recursive: true });
      const config = join(dir, 'server.properties');
      writeFileSync(
        config,
        serverProperties({
          id: b.id,
          rack: b.rack,
          port: b.port,
          controllerPort: ports[perNode * i + 1],
          voters: voters.join(','),
          dataDir: join(dir, 'data'),
          replication: Math.min(3, count),
        }) +
          Object.entries(p.brokerConfig)
            .map(([k, v]) => `${k}=${v}\n`)
            .join('') +
          (security
            ? securityProperties({
                port: b.port,
                controllerPort: ports[perNode * i + 1],
                saslPort: ports[perNode * i + 2],
                sslPort: ports[perNode * i + 3],
                keystore: security.keystore,
              }) + (security.noAclUser ? authorizerProperties(security.user.username) : '')
            : ''),
      );
      nodes.push({ id: b.id, dir, config, logFile: join(dir, 'broker.log') });
    }

    // Format every log dir (in parallel: each is its own short JVM).
    const t0 = Date.now();
    await Promise.all(
      nodes.map((n) =>
        runJava(
          java,
          [
            ...jvmFlags(libs, log4jConfig, '-Xmx256m'),
            'kafka.tools.StorageTool',
            'format',
            `--cluster-id=${clusterId}`,
            `--config=${n.config}`,
            '--ignore-formatted',
            ...(security
              ? [security.user, ...(security.noAclUser ? [security.noAclUser] : [])].flatMap((u) => [
                  '--add-scram',
                  `SCRAM-SHA-256=[name=${u.username},password=${u.password}]`,
                  '--add-scram',
                  `SCRAM-SHA-512=[name=${u.username},password=${u.password}]`,
                ])
              : []),
          ],
          join(n.dir, 'format.log'),
        ),
      ),
    );
    log(`formatted ${count} log dirs in ${Date.now() - t0} ms (Kafka ${version}, cluster id ${clusterId})`);

    const t1 = Date.now();
    const launch = (n: NodeRun): void => {
      const out = openSync(n.logFile, 'a');
      try {
        n.proc = spawn(java, [...jvmFlags(libs, log4jConfig, p.heap), 'kafka.Kafka', n.config], {
          cwd: n.dir,
          stdio: ['ignore', out, out],
        });
      } finally {
        closeSync(out);
      }
      n.exited = new Promise((res) => n.proc!.once('exit', (code, signal) => res({ code, signal })));
      n.proc.once('error', () => {});
    };
    for (const n of nodes) launch(n);
    watchdog = startWatchdog(
      nodes.map((n) => n.proc!.pid!).filter((p) => p > 0),
      runDir,
    );
    log(`started ${count} brokers (pids ${nodes.map((n) => n.proc!.pid).join(', ')}), logs in ${runDir}`);

    const bootstrap = brokers.map((b) => `${b.host}:${b.port}`).join(',');
    await waitForBrokers(bootstrap, count, nodes, deadline);
    log(`${count} brokers ready at ${bootstrap} in ${Date.now() - t1} ms (${Date.now() - started} ms with formatting)`);

    const node = (id: number): NodeRun => {
      const n = nodes.find((x) => x.id === id);
      if (!n) throw new Error(`no broker ${id} in this cluster (brokers ${nodes.map((x) => x.id).join(', ')})`);
      return n;
    };
    const stopBroker = async (id: number): Promise<void> => {
      await stopNode(node(id));
      log(`stopped broker ${id}`);
    };
    const startBroker = async (id: number): Promise<void> => {
      const n = node(id);
      if (n.proc && n.proc.exitCode === null && n.proc.signalCode === null) return;
      launch(n);
      await waitForBrokers(bootstrap, count, nodes, Date.now() + 90_000);
      log(`restarted broker ${id}`);
    };
    const securityInfo: KafkaTestSecurity | undefined = security && {
      saslBootstrap: brokers.map((_, i) => `${HOST}:${ports[perNode * i + 2]}`).join(','),
      sslBootstrap: brokers.map((_, i) => `${HOST}:${ports[perNode * i + 3]}`).join(','),
      caFile: security.caFile,
      otherCaFile: security.otherCaFile,
      user: security.user,
      ...(security.noAclUser ? { noAclUser: security.noAclUser } : {}),
    };
    return {
      bootstrap,
      brokers,
      external: false,
      runDir,
      stop,
      stopBroker,
      startBroker,
      ...(securityInfo ? { security: securityInfo } : {}),
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}

async function useExternalCluster(bootstrap: string, log: (line: string) => void): Promise<KafkaTestCluster> {
  const metadata = await withAdmin(bootstrap, (admin) => admin.metadata({ topics: [] }));
  const brokers = [...metadata.brokers.entries()]
    .map(([id, b]) => ({ id, host: b.host, port: b.port, rack: b.rack ?? '' }))
    .sort((a, b) => a.id - b.id);
  log(`using the existing cluster at ${bootstrap} (KAFKA_BOOTSTRAP), ${brokers.length} brokers`);
  return { bootstrap, brokers, external: true, stop: async () => {} };
}

interface NodeRun {
  id: number;
  dir: string;
  config: string;
  logFile: string;
  proc?: ChildProcess;
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function jvmFlags(libs: string, log4jConfig: string, heap: string): string[] {
  return [
    heap,
    '-Xms64m',
    '-Xss512k',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    // Extra JVM options, e.g. KFP_KAFKA_JVM_OPTS='-XX:TieredStopAtLevel=4' (later options win).
    ...(process.env.KFP_KAFKA_JVM_OPTS ?? '').split(/\s+/).filter(Boolean),
    '-cp',
    join(libs, '*'),
  ];
}

function serverProperties(p: {
  id: number;
  rack: string;
  port: number;
  controllerPort: number;
  voters: string;
  dataDir: string;
  replication: number;
}): string {
  const lines: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': p.id,
    'broker.rack': p.rack,
    'controller.quorum.voters': p.voters,
    listeners: `PLAINTEXT://${HOST}:${p.port},CONTROLLER://${HOST}:${p.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${p.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': p.dataDir,
    'auto.create.topics.enable': false,
    'num.partitions': 1,
    'default.replication.factor': p.replication,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': p.replication,
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.replication.factor': p.replication,
    'transaction.state.log.min.isr': Math.min(2, p.replication),
    'transaction.state.log.num.partitions': 6,
    'share.coordinator.state.topic.replication.factor': p.replication,
    'share.coordinator.state.topic.min.isr': Math.min(2, p.replication),
    'share.coordinator.state.topic.num.partitions': 3,
    'group.initial.rebalance.delay.ms': 0,
    'log.segment.bytes': 1024 * 1024,
    'log.retention.check.interval.ms': 60_000,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.replica.fetchers': 1,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 2,
    'log.cleaner.threads': 1,
    'log.cleaner.dedupe.buffer.size': 4 * 1024 * 1024,
    'controller.quorum.election.timeout.ms': 1000,
    'controller.quorum.fetch.timeout.ms': 2000,
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 9000,
    'delete.topic.enable': true,
  };
  return (
    Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

/**
 * A CA, a broker certificate for 127.0.0.1 signed by it (PEM keystore for Kafka), another unrelated CA, a user (and,
 * for the authorizer, a second user without ACLs).
 */
function makeSecurityFiles(
  runDir: string,
  withNoAclUser: boolean,
): {
  caFile: string;
  otherCaFile: string;
  keystore: string;
  user: { username: string; password: string };
  noAclUser?: { username: string; password: string };
} {
  const dir = join(runDir, 'tls');
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.error || r.status !== 0)
      throw new Error(`openssl ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}. Install openssl (apt-get install openssl).`);
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=kfp-test-ca');
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other-ca.key',
    '-out',
    'other-ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=kfp-other-ca',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'broker.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'broker.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  const keystore = join(dir, 'broker-keystore.pem');
  writeFileSync(keystore, readFileSync(join(dir, 'broker.key'), 'utf8') + readFileSync(join(dir, 'broker.pem'), 'utf8'));
  return {
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    keystore,
    user: { username: 'kfp-alice', password: `pw-${randomBytes(9).toString('base64url')}` },
    ...(withNoAclUser ? { noAclUser: { username: 'kfp-noacl', password: `pw-${randomBytes(9).toString('base64url')}` } } : {}),
  };
}

/**
 * `authorizer: true`: the KRaft StandardAuthorizer. Without ACLs only super users may do anything
 * (allow.everyone.if.no.acl.found is false by default): User:ANONYMOUS is every PLAINTEXT, SSL (no client
 * certificate) and CONTROLLER connection, i.e. the brokers and controllers among themselves and the tests' PLAINTEXT
 * and SSL clients; the SCRAM test user keeps full access too. The second SCRAM user gets no ACL at all.
 */
function authorizerProperties(superScramUser: string): string {
  const lines = [
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:ANONYMOUS;User:${superScramUser}`,
    'allow.everyone.if.no.acl.found=false',
  ];
  return lines.join('\n') + '\n';
}

/**
 * The SASL_PLAINTEXT (SCRAM) and SSL listeners added by `security: true`, appended to server.properties: later keys
 * win in a properties file, so the listener lines here replace the default ones with a superset.
 */
function securityProperties(p: { port: number; controllerPort: number; saslPort: number; sslPort: number; keystore: string }): string {
  const lines = [
    `listeners=PLAINTEXT://${HOST}:${p.port},CONTROLLER://${HOST}:${p.controllerPort},SASL_PLAINTEXT://${HOST}:${p.saslPort},SSL://${HOST}:${p.sslPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${p.port},SASL_PLAINTEXT://${HOST}:${p.saslPort},SSL://${HOST}:${p.sslPort}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${p.keystore}`,
    'ssl.client.auth=none',
  ];
  return lines.join('\n') + '\n';
}

const LOG4J2_PROPERTIES = `status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.coordinator.name = org.apache.kafka.coordinator
logger.coordinator.level = WARN
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
`;

/** Waits until a Metadata request to the bootstrap lists `count` brokers, or throws with the brokers' log tails. */
async function waitForBrokers(bootstrap: string, count: number, nodes: NodeRun[], deadline: number): Promise<void> {
  let lastProblem = 'no answer yet';
  let dead: NodeRun | undefined;
  for (const n of nodes) void n.exited!.then(() => (dead ??= n));
  while (Date.now() < deadline) {
    if (dead) {
      const { code, signal } = await dead.exited!;
      const message = `Kafka broker ${dead.id} exited during startup (code ${code}, signal ${signal}).\n${logTails(nodes)}`;
      let text = '';
      try {
        text = readFileSync(dead.logFile, 'utf8');
      } catch {
        /* no log */
      }
      if (/Address already in use/i.test(text)) throw new PortTakenError(message, dead.id);
      throw new Error(message);
    }
    try {
      const metadata = await withAdmin(bootstrap, (admin) => admin.metadata({ topics: [], forceUpdate: true }), {
        timeout: 3000,
        connectTimeout: 1000,
      });
      if (metadata.brokers.size >= count) return;
      lastProblem = `metadata lists ${metadata.brokers.size} of ${count} brokers`;
    } catch (e) {
      lastProblem = errorText(e);
    }
    await sleep(300);
  }
  throw new Error(
    `The Kafka test cluster at ${bootstrap} did not list ${count} brokers in time (last: ${lastProblem}).\n` + logTails(nodes),
  );
}

function logTails(nodes: NodeRun[], lines = 25): string {
  return nodes
    .map((n) => {
      let text: string;
      try {
        text = readFileSync(n.logFile, 'utf8');
      } catch {
        text = '(no log file)';
      }
      const all = text.trimEnd().split('\n');
      const errors = all
        .slice(0, -lines)
        .filter((l) => /^\[[^\]]+\] (ERROR|FATAL) /.test(l))
        .slice(-10);
      const tail = all.slice(-lines).join('\n');
      const head = errors.length ? `(earlier errors)\n${errors.join('\n')}\n(last ${lines} lines)\n` : '';
      return `--- broker ${n.id}: ${n.logFile}\n${head}${tail}`;
    })
    .join('\n');
}

async function stopNode(n: NodeRun): Promise<void> {
  const proc = n.proc;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  try {
    await n.exited;
  } finally {
    clearTimeout(killer);
  }
}

// A crash (or SIGKILL) of the test process must not leave brokers running: kill them on 'exit' and on the usual
// signals, and keep a detached watchdog that ends them once this process is gone.
const liveClusters = new Set<{ nodes: NodeRun[]; runDir: string }>();
let hooksInstalled = false;

function killAllNow(): void {
  for (const c of liveClusters) {
    for (const n of c.nodes) {
      try {
        if (n.proc && n.proc.exitCode === null && n.proc.signalCode === null) n.proc.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
    try {
      rmSync(c.runDir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  liveClusters.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllNow();
      // Keep the default behaviour (exit by the signal) unless someone else handles it too.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

const WATCHDOG = `
const [parent, dir, ...pids] = process.argv.slice(1);
const alive = (p) => { try { process.kill(+p, 0); return true; } catch { return false; } };
const cleanUp = () => { try { require('fs').rmSync(dir, { recursive: true, force: true }); } catch {} process.exit(0); };
let orphanedAt = 0;
setInterval(() => {
  const running = pids.filter(alive);
  if (!orphanedAt) {
    if (!running.length) process.exit(0);
    if (alive(parent)) return;
    orphanedAt = Date.now();
    for (const p of running) { try { process.kill(+p, 'SIGTERM'); } catch {} }
    return;
  }
  if (!running.length) cleanUp();
  if (Date.now() - orphanedAt > 15000) {
    for (const p of running) { try { process.kill(+p, 'SIGKILL'); } catch {} }
    setTimeout(cleanUp, 500);
  }
}, 1000);
`;

function startWatchdog(pids: number[], runDir: string): ChildProcess | undefined {
  try {
    const w = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), runDir, ...pids.map(String)], {
      detached: true,
      stdio: 'ignore',
    });
    w.on('error', () => {});
    w.unref();
    return w;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Java, Maven and the jar cache

function findJava(): string {
  const candidates = process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin', 'java'), 'java'] : ['java'];
  for (const java of candidates) {
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) continue;
    const text = `${r.stderr}${r.stdout}`;
    const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    if (major >= 17) return java;
    throw new Error(
      `Java 17+ is needed to run the real Kafka test cluster, but ${java} is Java ${major || '?'}: ` +
        'apt-get install openjdk-17-jre-headless (or point JAVA_HOME at a JDK 17+), ' +
        'or set KAFKA_BOOTSTRAP=host:port to use an existing cluster',
    );
  }
  throw new Error(
    'Java 17+ is needed to run the real Kafka test cluster and no `java` was found: ' +
      'apt-get install openjdk-17-jre-headless (or set JAVA_HOME), ' +
      'or set KAFKA_BOOTSTRAP=host:port to use an existing cluster',
  );
}

/** The pom that lists the broker jars, found from the repo root above this (bundled) file or KFP_KAFKA_POM. */
export function kafkaPomPath(): string {
  if (process.env.KFP_KAFKA_POM) return resolve(process.env.KFP_KAFKA_POM);
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const pom = join(dir, POM_RELATIVE);
      if (existsSync(pom)) return pom;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`Cannot find ${POM_RELATIVE} above ${__dirname} or ${process.cwd()} (set KFP_KAFKA_POM)`);
}

export function kafkaCacheDir(): string {
  return process.env.KFP_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-flink-planner');
}

/** Makes sure the jars of the pinned Kafka version are in the cache; downloads them with Maven when not. */
export function ensureKafkaJars(log: (line: string) => void = () => {}): { version: string; libs: string } {
  const pom = kafkaPomPath();
  const pomText = readFileSync(pom, 'utf8');
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pomText)?.[1]?.trim();
  if (!version) throw new Error(`${pom} has no <kafka.version>`);
  const base = join(kafkaCacheDir(), `kafka-${version}`);
  const libs = join(base, 'libs');
  const marker = join(base, 'complete');
  const pomHash = createHash('sha256').update(pomText).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === pomHash && existsSync(libs)) {
    return { version, libs };
  }

  const mvn = process.env.MVN ?? 'mvn';
  const probe = spawnSync(mvn, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `Maven is needed once to download the Kafka ${version} jars for the real Kafka test cluster and \`${mvn}\` ` +
        'was not found: apt-get install maven (it needs a JDK 17+ too, e.g. openjdk-17-jdk-headless), or set MVN to ' +
        'the mvn to use, or set KAFKA_BOOTSTRAP=host:port to use an existing cluster',
    );
  }

  mkdirSync(base, { recursive: true });
  const staging = join(base, `libs.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  log(`downloading the Kafka ${version} jars with Maven into ${libs} (once)`);
  const t0 = Date.now();
  const r = spawnSync(
    mvn,
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      `-Dmaven.repo.local=${join(kafkaCacheDir(), 'm2')}`,
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ],
    { cwd: base, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error || r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `Maven could not download the Kafka ${version} jars (exit ${r.status ?? r.error?.message}); ` +
        `Maven Central must be reachable. Output:\n${out}`,
    );
  }
  const jars = readdirSync(staging).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f.startsWith('kafka_2.13-'))) {
    throw new Error(`Maven finished but ${staging} has no kafka_2.13 jar (found ${jars.length} jars)`);
  }
  rmSync(marker, { force: true });
  rmSync(libs, { recursive: true, force: true });
  renameSync(staging, libs);
  writeFileSync(marker, pomHash + '\n');
  log(`${jars.length} jars cached in ${Date.now() - t0} ms`);
  return { version, libs };
}

function runJava(java: string, args: string[], logFile: string): Promise<void> {
  return new Promise((res, rej) => {
    const out = openSync(logFile, 'a');
    let proc: ChildProcess;
    try {
      proc = spawn(java, args, { stdio: ['ignore', out, out] });
    } finally {
      closeSync(out);
    }
    proc.once('error', rej);
    proc.once('exit', (code, signal) => {
      if (code === 0) return res();
      let text = '';
      try {
        text = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
      } catch {
        /* none */
      }
      rej(new Error(`${args.slice(args.indexOf('-cp') + 2).join(' ')} failed (code ${code}, signal ${signal}):\n${text}`));
    });
  });
}

/** Free TCP ports on 127.0.0.1, found by binding port 0 (all held open together so they are distinct). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((res, rej) => {
          const s = createServer();
          s.once('error', rej);
          s.listen(0, HOST, () => res(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((res) => s.close(() => res()))));
  return ports;
}

/**
 * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, like `kafka-storage random-uuid` prints. Like
 * Kafka's Uuid.randomUuid(), never one that starts with "-" (command-line parsers take it for an option).
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Client helpers for tests

function bootstrapList(bootstrap: string): string[] {
  return bootstrap
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Runs fn with a fresh Admin on the bootstrap and always closes it. */
export async function withAdmin<T>(
  bootstrap: string,
  fn: (admin: Admin) => Promise<T>,
  options: { timeout?: number; connectTimeout?: number; retries?: number } = {},
): Promise<T> {
  const admin = new Admin({
    clientId: CLIENT_ID,
    bootstrapBrokers: bootstrapList(bootstrap),
    timeout: options.timeout ?? 15_000,
    connectTimeout: options.connectTimeout ?? 5_000,
    retries: options.retries ?? 2,
    retryDelay: 250,
  });
  try {
    return await fn(admin);
  } finally {
    await admin.close().catch(() => {});
  }
}

/** Fresh cluster metadata (brokers and, when given, those topics). */
export function clusterMetadata(bootstrap: string, topics: string[] = []): Promise<ClusterMetadata> {
  return withAdmin(bootstrap, (admin) => admin.metadata({ topics, forceUpdate: true }));
}

/**
 * Creates a topic with an explicit replica assignment: assignments[p] = the replica broker ids of partition p, the
 * first being the preferred leader. Waits until metadata shows every partition with its replicas and a leader.
 */
export async function createTopicWithAssignment(
  bootstrap: string,
  topic: string,
  assignments: number[][],
  configs: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<void> {
  if (assignments.length === 0) throw new Error('createTopicWithAssignment: at least one partition is needed');
  await withAdmin(bootstrap, (admin) =>
    admin.createTopics({
      topics: [{ topic, assignments: assignments.map((brokers, partition) => ({ partition, brokers })) }],
      configs: Object.entries(configs).map(([name, value]) => ({ name, value })),
    }),
  );
  await waitForTopic(
    bootstrap,
    topic,
    (t) => {
      if (!t || t.partitions.length !== assignments.length) return false;
      return assignments.every((replicas, p) => {
        const part = t.partitions[p];
        return !!part && part.leader >= 0 && sameList(part.replicas, replicas) && part.isr.length === replicas.length;
      });
    },
    timeoutMs,
  );
}

/** True when every replica of every partition of the topics has a size (its log exists on its broker). */
export function everyReplicaSized(snapshot: ClusterSnapshot, topics: string[]): boolean {
  return topics.every((name) => {
    const t = snapshot.topics.find((x) => x.name === name);
    return !!t && t.partitions.every((p) => p.replicas.every((b) => p.sizes.some((s) => s.broker === b)));
  });
}

/** Deletes a topic and waits until the metadata no longer lists it. */
export async function deleteTopic(bootstrap: string, topic: string, timeoutMs = 30_000): Promise<void> {
  await withAdmin(bootstrap, (admin) => admin.deleteTopics({ topics: [topic] }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const topics = await withAdmin(bootstrap, (admin) => admin.listTopics({ includeInternals: true }));
    if (!topics.includes(topic)) return;
    if (Date.now() > deadline) throw new Error(`Topic ${topic} was still listed ${timeoutMs} ms after deleting it`);
    await sleep(200);
  }
}

/**
 * Produces `count` records of `valueBytes` bytes each (no key, or distinct keys `${keyPrefix}-N` for a compacted topic,
 * which refuses records without a key) to one partition with acks=all, in sends of at most ~512 KB so no batch
 * exceeds the broker's message.max.bytes. Returns the offset of the last record.
 */
export async function produceRecords(
  bootstrap: string,
  topic: string,
  partition: number,
  count: number,
  valueBytes: number,
  keyPrefix?: string,
): Promise<bigint | undefined> {
  const producer = new Producer({
    clientId: CLIENT_ID,
    bootstrapBrokers: bootstrapList(bootstrap),
    timeout: 30_000,
    retries: 3,
  });
  const value = Buffer.alloc(valueBytes, 'k');
  const perSend = Math.max(1, Math.min(5000, Math.floor((512 * 1024) / (valueBytes + 64))));
  let last: bigint | undefined;
  try {
    for (let sent = 0; sent < count; sent += perSend) {
      const n = Math.min(perSend, count - sent);
      // acks must be given to send(): a non-idempotent Producer ignores the constructor's acks (defaults to 1).
      const result = await producer.send({
        acks: -1,
        messages: Array.from({ length: n }, (_, i) => ({
          topic,
          partition,
          value,
          ...(keyPrefix !== undefined ? { key: Buffer.from(`${keyPrefix}-${sent + i}`) } : {}),
        })),
      });
      const offsets = result.offsets?.filter((o) => o.topic === topic && o.partition === partition) ?? [];
      if (offsets.length) last = offsets[offsets.length - 1].offset + BigInt(n - 1);
    }
  } finally {
    await producer.close().catch(() => {});
  }
  return last;
}

/** The log end offset (ListOffsets LATEST) of each partition of a topic, by partition index. */
export async function endOffsets(bootstrap: string, topic: string): Promise<Map<number, bigint>> {
  return withAdmin(bootstrap, async (admin) => {
    const md = await admin.metadata({ topics: [topic], forceUpdate: true });
    const t = md.topics.get(topic);
    if (!t) throw new Error(`Topic ${topic} is not in the metadata`);
    const listed = await admin.listOffsets({
      topics: [{ name: topic, partitions: t.partitions.map((_, p) => ({ partitionIndex: p, timestamp: -1n })) }],
    });
    const out = new Map<number, bigint>();
    for (const lt of listed) if (lt.name === topic) for (const p of lt.partitions) out.set(p.partitionIndex, p.offset);
    return out;
  });
}

async function waitForTopic(
  bootstrap: string,
  topic: string,
  ready: (t: ClusterTopicMetadata | undefined) => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const md = await clusterMetadata(bootstrap, [topic]);
      const t = md.topics.get(topic);
      if (ready(t)) return;
      last = t ? JSON.stringify(t.partitions) : 'not in the metadata yet';
    } catch (e) {
      last = errorText(e);
    }
    if (Date.now() > deadline) throw new Error(`Topic ${topic} was not ready after ${timeoutMs} ms: ${last}`);
    await sleep(200);
  }
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const inner = (e as Error & { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length) return `${e.message} (${inner.map(errorText).join('; ')})`;
  return e.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** The shared test cluster's bootstrap (set by globalSetup); read it inside hooks or tests, not at load time. */
export function testBootstrap(): string {
  const b = process.env.KFP_TEST_BOOTSTRAP;
  if (!b) throw new Error('KFP_TEST_BOOTSTRAP is not set: run through `npm run test:kafka` (globalSetup starts the cluster).');
  return b;
}

/** Connection settings for the shared test cluster, as src/kafka takes them. */
export function testConnectionSettings(): { bootstrap: string[]; connectTimeoutMs: number; requestTimeoutMs: number } {
  return { bootstrap: testBootstrap().split(','), connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 };
}

/** Consumes `count` records in a consumer group and commits each one: Kafka creates __consumer_offsets for them. */
export async function consumeAndCommit(bootstrap: string, topic: string, groupId: string, count: number): Promise<void> {
  const consumer = new Consumer({
    clientId: 'kfp-test-consumer',
    groupId,
    bootstrapBrokers: bootstrap.split(','),
    deserializers: stringDeserializers,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 500 });
  const deadline = Date.now() + 60_000;
  let seen = 0;
  try {
    for await (const message of stream) {
      await message.commit();
      if (++seen >= count || Date.now() > deadline) break;
    }
  } finally {
    await stream.close();
    await consumer.close(true);
  }
  if (seen !== count) throw new Error(`consumed and committed ${seen} of ${count} records`);
}

/** One topic to create: name, partition count and replication factor. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicas: number;
}

/**
 * Creates many topics with CreateTopics requests of `perRequest` topics each (the controller places the replicas),
 * then waits until Metadata shows every partition with a leader and (unless `inSync` is false) all replicas in sync.
 * For clusters of thousands of topics.
 */
export async function createTopics(
  bootstrap: string,
  topics: TopicSpec[],
  {
    perRequest = 250,
    timeoutMs = 600_000,
    inSync = true,
    log = () => {},
  }: { perRequest?: number; timeoutMs?: number; inSync?: boolean; log?: (line: string) => void } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withAdmin(
    bootstrap,
    async (admin) => {
      for (let i = 0; i < topics.length; i += perRequest) {
        const batch = topics.slice(i, i + perRequest);
        await admin.createTopics({ topics: batch.map((t) => ({ topic: t.name, partitions: t.partitions, replicas: t.replicas })) });
        log(`created ${Math.min(i + perRequest, topics.length)} of ${topics.length} topics`);
      }
    },
    { timeout: 120_000 },
  );
  const names = topics.map((t) => t.name);
  for (;;) {
    const md = await clusterMetadata(bootstrap, names).catch(() => undefined);
    const ready = (t: TopicSpec) =>
      md?.topics.get(t.name)?.partitions.filter((p) => p.leader >= 0 && (!inSync || p.isr.length === t.replicas)).length === t.partitions;
    const waiting = md ? topics.filter((t) => !ready(t)).length : -1;
    if (waiting === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${waiting} of ${topics.length} topics had partitions without a leader or in-sync replicas after ${timeoutMs} ms`);
    await sleep(1_000);
  }
}

/** Commits offsets for a consumer group that has no members (OffsetCommit through the admin client). */
export async function commitGroupOffsets(
  bootstrap: string,
  groupId: string,
  offsets: { topic: string; partition: number; offset: number }[],
): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
  for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: BigInt(o.offset) }]);
  await withAdmin(bootstrap, (admin) =>
    admin.alterConsumerGroupOffsets({ groupId, topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) }),
  );
}

/** A topic name no earlier run of the same test used: the name plus the time in base 36. */
export const uniqueName = (name: string): string => `${name}-${Date.now().toString(36)}`;
