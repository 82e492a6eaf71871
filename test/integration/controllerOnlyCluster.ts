// A real KRaft cluster in isolated mode (KIP-500): one controller-only node (process.roles=controller, node.id 100)
// and one broker-only node (process.roles=broker, node.id 1), from the same cached jars as the shared test cluster.
// There the active controller is a node that is not a broker, which the combined-mode test cluster cannot show.
// stop() ends both JVMs (SIGTERM, then SIGKILL) and removes the run folder; the process exit hook kills them too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, freePorts, withAdmin } from './kafkaCluster';

export const CONTROLLER_ONLY_NODE = 100;
export const BROKER_ONLY_NODE = 1;

export interface ControllerOnlyCluster {
  bootstrap: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startControllerOnlyCluster(log: (line: string) => void = () => {}): Promise<ControllerOnlyCluster> {
  const { libs } = ensureKafkaJars(log);
  const runDir = mkdtempSync(join(tmpdir(), 'kfp-kraft-isolated-'));
  const [brokerPort, controllerPort] = await freePorts(2);
  const voters = `${CONTROLLER_ONLY_NODE}@${HOST}:${controllerPort}`;
  const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
  const common = [
    `controller.quorum.voters=${voters}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.quorum.election.timeout.ms=1000',
    'controller.quorum.fetch.timeout.ms=2000',
    'num.network.threads=2',
    'num.io.threads=2',
  ];
  const nodes = [
    {
      id: CONTROLLER_ONLY_NODE,
      props: ['process.roles=controller', `node.id=${CONTROLLER_ONLY_NODE}`, `listeners=CONTROLLER://${HOST}:${controllerPort}`, ...common],
    },
    {
      id: BROKER_ONLY_NODE,
      props: [
        'process.roles=broker',
        `node.id=${BROKER_ONLY_NODE}`,
        `listeners=PLAINTEXT://${HOST}:${brokerPort}`,
        `advertised.listeners=PLAINTEXT://${HOST}:${brokerPort}`,
        'inter.broker.listener.name=PLAINTEXT',
        'broker.rack=a',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=3',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'broker.heartbeat.interval.ms=500',
        ...common,
      ],
    },
  ].map((n) => {
    const dir = join(runDir, `node-${n.id}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    const config = join(dir, 'server.properties');
    writeFileSync(config, [...n.props, `log.dirs=${join(dir, 'data')}`].join('\n') + '\n');
    return { id: n.id, dir, config, log: join(dir, 'node.log'), proc: undefined as ChildProcess | undefined };
  });
  const jvm = [
    '-Xmx384m',
    '-Xms64m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.net.preferIPv4Stack=true',
    '-cp',
    join(libs, '*'),
  ];

  const stopAll = async (): Promise<void> => {
    await Promise.all(
      nodes.map(async (n) => {
        const proc = n.proc;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = new Promise((res) => proc.once('exit', res));
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }),
    );
    process.off('exit', killNow);
    rmSync(runDir, { recursive: true, force: true });
  };
  const killNow = (): void => {
    for (const n of nodes) if (n.proc && n.proc.exitCode === null) n.proc.kill('SIGKILL');
  };
  process.on('exit', killNow);

  try {
    for (const n of nodes) {
      const r = spawnSync(
        'java',
        [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, `--config=${n.config}`, '--ignore-formatted'],
        { encoding: 'utf8', timeout: 60_000 },
      );
      if (r.status !== 0) throw new Error(`Formatting node ${n.id} failed: ${r.stderr || r.stdout}`);
    }
    for (const n of nodes) {
      const out = openSync(n.log, 'a');
      try {
        n.proc = spawn('java', [...jvm, 'kafka.Kafka', n.config], { cwd: n.dir, stdio: ['ignore', out, out] });
        n.proc.once('error', () => {});
      } finally {
        closeSync(out);
      }
    }
    const bootstrap = `${HOST}:${brokerPort}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const brokers = await withAdmin(bootstrap, (admin) => admin.metadata({ topics: [], forceUpdate: true }), {
        timeout: 3000,
        connectTimeout: 1000,
      })
        .then((m) => m.brokers.size)
        .catch(() => 0);
      if (brokers >= 1) break;
      const dead = nodes.find((n) => n.proc?.exitCode !== null);
      if (dead || Date.now() > deadline) {
        const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(
          `The isolated-mode KRaft cluster did not come up${dead ? ` (node ${dead.id} exited)` : ''}:\n${nodes.map((n) => `--- node ${n.id}\n${tail(n.log)}`).join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    log(
      `isolated-mode KRaft cluster ready at ${bootstrap}: controller-only node ${CONTROLLER_ONLY_NODE}, broker-only node ${BROKER_ONLY_NODE} (${runDir})`,
    );
    return { bootstrap, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
