// Mocha root hooks for the integration suites: `mocha --require out/test/integration/globalSetup.js ...`.
// Starts one real Kafka cluster for the whole run (or uses KAFKA_BOOTSTRAP's) and tells the tests where it is:
//   KFP_TEST_BOOTSTRAP  "127.0.0.1:port,..."
//   KFP_TEST_BROKERS    JSON [{ id, host, port, rack }, ...]
//   KFP_TEST_EXTERNAL   "1" when the cluster is an existing one (KAFKA_BOOTSTRAP), else "0"
//   KFP_TEST_RUN_DIR    the run folder with each broker's config and log (own cluster only)
import { startKafkaCluster, type KafkaTestCluster } from './kafkaCluster';

let cluster: KafkaTestCluster | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const log = (line: string): void => {
    process.stderr.write(`[kafka-test-cluster] ${line}\n`);
  };
  cluster = await startKafkaCluster({ log });
  process.env.KFP_TEST_BOOTSTRAP = cluster.bootstrap;
  process.env.KFP_TEST_BROKERS = JSON.stringify(cluster.brokers);
  process.env.KFP_TEST_EXTERNAL = cluster.external ? '1' : '0';
  if (cluster.runDir) process.env.KFP_TEST_RUN_DIR = cluster.runDir;
}

export async function mochaGlobalTeardown(): Promise<void> {
  const c = cluster;
  cluster = undefined;
  await c?.stop();
}
