// Connections on REAL Kafka: PLAINTEXT on the shared cluster; SASL/SCRAM and TLS on a second, 2-broker cluster this
// file starts with `security: true` (its own CA and SCRAM user, made in its run dir) and `authorizer: true` (the
// StandardAuthorizer and a second SCRAM user without ACLs); failure classes for a wrong password, a user without ACLs,
// a wrong CA and a closed port; and a stopped broker showing up in the snapshot.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterHealth } from '../../src/core/brokerLoad';
import { childrenOf, describeNode } from '../../src/core/explorerTree';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { KafkaConnectionError, testConnection, type ConnectionSettings } from '../../src/kafka/connection';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, freePorts, startKafkaCluster, type KafkaTestCluster } from './kafkaCluster';
import { ReassignmentClient } from '../../src/kafka/reassignmentApi';

const base = (bootstrap: string): ConnectionSettings => ({
  bootstrap: bootstrap.split(','),
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
});

async function failure(settings: ConnectionSettings): Promise<KafkaConnectionError> {
  try {
    await testConnection(settings);
  } catch (err) {
    assert.ok(err instanceof KafkaConnectionError, `expected a KafkaConnectionError, got ${String(err)}`);
    return err;
  }
  assert.fail('the connection succeeded but should have failed');
}

describe('connections to a real Kafka cluster', function () {
  this.timeout(180_000);
  let secure: KafkaTestCluster;

  before(async function () {
    if (process.env.KAFKA_BOOTSTRAP) this.skip(); // an existing cluster: the secured one cannot be started for it
    secure = await startKafkaCluster({
      brokers: 2,
      security: true,
      authorizer: true,
      log: (l) => process.stderr.write(`[kafka-secure] ${l}\n`),
    });
  });

  after(async () => {
    await secure?.stop();
  });

  it('connects with PLAINTEXT and reads brokers, racks and the controller', async () => {
    const r = await testConnection(base(process.env.KFP_TEST_BOOTSTRAP!));
    assert.deepEqual(
      r.brokers.map((b) => [b.id, b.rack]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    assert.ok(r.controllerId !== null && [1, 2, 3].includes(r.controllerId));
  });

  it('connects with SASL/SCRAM-SHA-256 and -512, and the snapshot written to disk holds no password', async () => {
    const { username, password } = secure.security!.user;
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      const r = await testConnection({ ...base(secure.security!.saslBootstrap), sasl: { mechanism, username, password } });
      assert.deepEqual(
        r.brokers.map((b) => b.id),
        [1, 2],
        mechanism,
      );
    }
    const snapshot = await takeSnapshot({
      ...base(secure.security!.saslBootstrap),
      sasl: { mechanism: 'SCRAM-SHA-512', username, password },
    });
    assert.equal(snapshot.brokers.length, 2);
    const json = snapshotToJson(snapshot);
    assert.ok(!json.includes(password), 'the snapshot JSON contains the SASL password');
  });

  it('talks reassignment and leader-election APIs over SASL/SCRAM and TLS (the connection of the configured client)', async () => {
    const { username, password } = secure.security!.user;
    const ca = readFileSync(secure.security!.caFile, 'utf8');
    for (const settings of [
      { ...base(secure.security!.saslBootstrap), sasl: { mechanism: 'SCRAM-SHA-512' as const, username, password } },
      { ...base(secure.security!.sslBootstrap), tls: { ca, rejectUnauthorized: true } },
    ]) {
      const client = await ReassignmentClient.open(settings);
      try {
        assert.deepEqual(await client.list(), [], 'no reassignment in flight');
      } finally {
        await client.close();
      }
    }
  });

  it('classifies a wrong password as an authentication failure', async () => {
    const { username } = secure.security!.user;
    const err = await failure({
      ...base(secure.security!.saslBootstrap),
      sasl: { mechanism: 'SCRAM-SHA-256', username, password: 'not-the-password' },
    });
    assert.equal(err.category, 'authentication', err.message);
    assert.match(err.message, /Authentication to .* failed: check the user name and password/);
    assert.ok(!err.message.includes('not-the-password'));
  });

  it('classifies a user without ACLs as an authorization failure, and its snapshot ends with warnings, not a crash', async () => {
    const { username, password } = secure.security!.noAclUser!;
    // A topic the user may not describe: Metadata hides it instead of failing.
    const topic = `kfp-hidden-${Date.now().toString(36)}`;
    await createTopicWithAssignment(secure.bootstrap, topic, [[1, 2]]);
    const settings: ConnectionSettings = {
      ...base(secure.security!.saslBootstrap),
      sasl: { mechanism: 'SCRAM-SHA-256', username, password },
    };

    const err = await failure(settings);
    assert.equal(err.category, 'authorization', err.message); // not "authentication": the password is right
    assert.match(
      err.message,
      /accepted the login but refused the request \(authorization\): check the ACLs of User:kfp-noacl .*Describe on the cluster/,
    );
    assert.match(err.message, /CLUSTER_AUTHORIZATION_FAILED|Cluster authorization failed/);
    assert.ok(!err.message.includes(password));

    const snapshot = await takeSnapshot({ ...settings, sasl: { mechanism: 'SCRAM-SHA-512', username, password } });
    assert.deepEqual(
      snapshot.brokers.map((b) => b.id),
      [1, 2],
    );
    assert.ok(!snapshot.topics.some((t) => t.name === topic), 'a topic the user may not describe is in its snapshot');
    assert.ok(
      snapshot.warnings.some((w) =>
        /^Replica sizes and disk capacity (of broker \d+ )?unavailable: .*\(authorization\): check the ACLs of User:kfp-noacl .*Describe on the cluster/.test(
          w,
        ),
      ),
      `no authorization warning in ${JSON.stringify(snapshot.warnings)}`,
    );
    assert.ok(
      snapshot.warnings.includes(
        'Kafka lists only the topics this principal may describe: topics it may not see are missing from this snapshot.',
      ),
    );
    assert.ok(!snapshotToJson(snapshot).includes(password), 'the snapshot JSON contains the SASL password');
    // DescribeQuorum needs Describe on the cluster too: the active controller is unknown, said so, and no broker is
    // starred (the Metadata response's controller id would be a random broker on KRaft).
    assert.equal(snapshot.controllerId, null);
    assert.equal(snapshot.controller?.source, 'unknown');
    assert.match(
      snapshot.controller?.note ?? '',
      /^DescribeQuorum was refused \(authorization\): User:kfp-noacl needs Describe on the cluster/,
    );
    assert.ok(
      snapshot.warnings.some((w) => w.startsWith('Active controller unknown: DescribeQuorum was refused (authorization)')),
      JSON.stringify(snapshot.warnings),
    );
    assert.ok(snapshot.brokers.every((b) => !b.isController));
    assert.equal(describeNode(snapshot, { kind: 'brokers' }).description, '2 · controller unknown');

    // The same cluster still serves the super user (SCRAM) and User:ANONYMOUS (PLAINTEXT) in full.
    const full = await takeSnapshot({
      ...base(secure.security!.saslBootstrap),
      sasl: { mechanism: 'SCRAM-SHA-256', ...secure.security!.user },
    });
    assert.ok(
      full.topics.some((t) => t.name === topic),
      `${topic} missing from the super user's snapshot`,
    );
    assert.deepEqual(full.warnings, []);
    assert.equal(full.controller?.source, 'metadataQuorum');
    assert.deepEqual(
      full.brokers.filter((b) => b.isController).map((b) => b.id),
      [full.controllerId],
    );
  });

  it('connects with TLS trusting the test CA, and classifies an unrelated CA as a TLS failure naming the certificate error', async () => {
    const ca = readFileSync(secure.security!.caFile, 'utf8');
    const ok = await testConnection({ ...base(secure.security!.sslBootstrap), tls: { ca, rejectUnauthorized: true } });
    assert.deepEqual(
      ok.brokers.map((b) => b.port).sort(),
      secure
        .security!.sslBootstrap.split(',')
        .map((h) => Number(h.split(':')[1]))
        .sort(),
    );

    const other = readFileSync(secure.security!.otherCaFile, 'utf8');
    const err = await failure({ ...base(secure.security!.sslBootstrap), tls: { ca: other, rejectUnauthorized: true } });
    assert.equal(err.category, 'tls', err.message);
    assert.match(
      err.message,
      /TLS with .* failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
    );

    const skipped = await testConnection({ ...base(secure.security!.sslBootstrap), tls: { rejectUnauthorized: false } });
    assert.equal(skipped.brokers.length, 2);
  });

  it('classifies a closed port as refused', async () => {
    const [port] = await freePorts(1);
    const err = await failure(base(`127.0.0.1:${port}`));
    assert.equal(err.category, 'refused', err.message);
  });

  it('shows a stopped broker as missing and its partitions under-replicated, then recovers after a restart', async () => {
    const topic = `kfp-stop-${Date.now().toString(36)}`;
    const onlyOnTwo = `kfp-stop-rf1-${Date.now().toString(36)}`;
    await createTopicWithAssignment(secure.bootstrap, topic, [
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
    await createTopicWithAssignment(secure.bootstrap, onlyOnTwo, [[2]]);
    await secure.stopBroker!(2);
    try {
      let snapshot = await takeSnapshot(base(secure.bootstrap));
      // The ISR shrinks once the controller fences the broker (broker.session.timeout.ms 9 s): poll for it.
      const deadline = Date.now() + 60_000;
      while (
        snapshot.brokers.some((b) => b.id === 2) ||
        snapshot.topics.find((t) => t.name === topic)!.partitions.some((p) => p.isr.includes(2))
      ) {
        if (Date.now() > deadline)
          assert.fail(`broker 2 still listed/in ISR: ${JSON.stringify(snapshot.topics.find((t) => t.name === topic))}`);
        await new Promise((r) => setTimeout(r, 1000));
        snapshot = await takeSnapshot(base(secure.bootstrap));
      }
      const t = snapshot.topics.find((x) => x.name === topic)!;
      assert.deepEqual(
        t.partitions.map((p) => [p.leader, p.isr]),
        [
          [1, [1]],
          [1, [1]],
          [1, [1]],
        ],
      );
      assert.equal(describeNode(snapshot, { kind: 'topic', topic }).description?.includes('3 under-replicated'), true);
      const brokers = childrenOf(snapshot, { kind: 'brokers' }).map((n) => describeNode(snapshot, n));
      assert.deepEqual(
        brokers.map((b) => b.label.replace(' ★ controller', '')),
        ['1', '2'],
      );
      const two = brokers.find((b) => b.label === '2');
      assert.ok(two, 'broker 2 is not listed');
      assert.match(two.description ?? '', /^missing · \d+ replicas assigned$/);
      assert.ok(clusterHealth(snapshot).underReplicated >= 3);
      // Its only replica is on the stopped broker: Kafka answers LEADER_NOT_AVAILABLE for it, and the snapshot shows it
      // offline instead of failing as a whole.
      assert.deepEqual(
        snapshot.topics.find((x) => x.name === onlyOnTwo)?.partitions.map((p) => [p.leader, p.replicas]),
        [[-1, [2]]],
      );
      assert.equal(clusterHealth(snapshot).offline, 1);
    } finally {
      await secure.startBroker!(2);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const snapshot = await takeSnapshot(base(secure.bootstrap));
      const t = snapshot.topics.find((x) => x.name === topic)!;
      if (snapshot.brokers.length === 2 && t.partitions.every((p) => p.isr.length === 2)) break;
      if (Date.now() > deadline) assert.fail(`broker 2 did not rejoin the ISR: ${JSON.stringify(t.partitions)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
});
