import assert from 'node:assert/strict';
import { brokerLoads } from '../../src/core/brokerLoad';
import {
  assignmentOf,
  parseBrokerList,
  parseGenerateOutput,
  parseLogDirsJson,
  parseReassignmentJson,
  reassignmentJsonPieces,
  reassignmentToJson,
  snapshotFromKafkaFiles,
  splitTopicPartition,
} from '../../src/core/kafkaFormats';
import { demoSnapshot } from '../../src/core/demo';
import { PLAN_BINDING_FIELD, planBindingJson } from '../../src/core/planBinding';

const ASSIGNMENT = `Current partition replica assignment
{"version":1,"partitions":[{"topic":"my-topic","partition":0,"replicas":[1,2],"log_dirs":["any","any"]},{"topic":"my-topic","partition":1,"replicas":[2,3]}]}
`;

// As printed by kafka-log-dirs.sh --describe (two prose lines, then JSON).
const LOG_DIRS = `Querying brokers for log directories information
Received log directory information from brokers 1,2,3
{"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/tmp/k1","error":null,"partitions":[{"partition":"my-topic-0","size":1000,"offsetLag":0,"isFuture":false}]}]},{"broker":2,"logDirs":[{"logDir":"/tmp/k2","error":null,"partitions":[{"partition":"my-topic-0","size":990,"offsetLag":3,"isFuture":false},{"partition":"my-topic-1","size":500,"offsetLag":0,"isFuture":false},{"partition":"my-topic-1","size":20,"offsetLag":0,"isFuture":true}]}]},{"broker":3,"logDirs":[{"logDir":"/tmp/k3","error":"KAFKA_STORAGE_ERROR","partitions":[]}]}]}
`;

describe("Kafka's file formats", () => {
  it('reads a reassignment JSON with prose before it and writes it back with log_dirs', () => {
    const plan = parseReassignmentJson(ASSIGNMENT);
    assert.deepEqual(
      plan.partitions.map((p) => [p.topic, p.partition, p.replicas]),
      [
        ['my-topic', 0, [1, 2]],
        ['my-topic', 1, [2, 3]],
      ],
    );
    const written = JSON.parse(reassignmentToJson(plan));
    // the text is built by hand, in pieces, for large plans: character for character what JSON.stringify writes
    const binding = { clusterId: 'abc"\\', clusterName: 'prod ü', bootstrap: ['b1:9092', 'b2:9092'] };
    const large = {
      version: 1 as const,
      partitions: [
        ...plan.partitions,
        { topic: 'empty "quoted"', partition: 7, replicas: [] },
        ...Array.from({ length: 50 }, (_, i) => ({ topic: `t-${i}`, partition: i, replicas: [i + 1, i + 2, i + 3] })),
      ],
    };
    const stringify = (r: typeof large, b?: typeof binding) => {
      const head = b ? { version: 1, [PLAN_BINDING_FIELD]: planBindingJson(b) } : { version: 1 };
      const partitions = r.partitions.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        replicas: p.replicas,
        log_dirs: ('log_dirs' in p ? p.log_dirs : undefined) ?? p.replicas.map(() => 'any'),
      }));
      return JSON.stringify({ ...head, partitions }, null, 2) + '\n';
    };
    for (const r of [large, { version: 1 as const, partitions: [] }])
      for (const b of [undefined, binding]) {
        assert.equal(reassignmentToJson(r, b), stringify(r, b));
        const pieces = [...reassignmentJsonPieces(r, b, 100)];
        if (r.partitions.length) assert.ok(pieces.length > 10, `${pieces.length} pieces`);
        assert.equal(pieces.join(''), stringify(r, b));
      }
    assert.deepEqual(written.partitions[1], { topic: 'my-topic', partition: 1, replicas: [2, 3], log_dirs: ['any', 'any'] });
    assert.deepEqual(
      parseReassignmentJson(reassignmentToJson(plan)).partitions.map((p) => p.replicas),
      [
        [1, 2],
        [2, 3],
      ],
    );
  });

  it('rejects bad reassignment files with the path', () => {
    assert.throws(() => parseReassignmentJson('{"version":2,"partitions":[]}'), /\$\.version: expected 1/);
    assert.throws(
      () => parseReassignmentJson('{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,1]}]}'),
      /\$\.partitions\[0\]\.replicas: .*broker 1 is listed twice/,
    );
    assert.throws(
      () => parseReassignmentJson('{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}'),
      /\$\.partitions\[0\]\.log_dirs: expected one entry per replica \(2\)/,
    );
    assert.throws(
      () =>
        parseReassignmentJson(
          '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1]},{"topic":"t","partition":0,"replicas":[2]}]}',
        ),
      /\$\.partitions\[1\]: t-0 is already listed at \$\.partitions\[0\]/,
    );
    assert.throws(
      () => parseReassignmentJson('{"version":1,"partitions":[{"topic":"t","partition":-1,"replicas":[1]}]}'),
      /\$\.partitions\[0\]\.partition: expected a whole number >= 0, got number -1/,
    );
  });

  it('reads both sections of kafka-reassign-partitions --generate output', () => {
    const out = `Current partition replica assignment
{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}

Proposed partition reassignment configuration
{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[3,1],"log_dirs":["any","any"]}]}
`;
    const { current, proposed } = parseGenerateOutput(out);
    assert.deepEqual(current.partitions[0].replicas, [1, 2]);
    assert.deepEqual(proposed.partitions[0].replicas, [3, 1]);
    assert.throws(() => parseGenerateOutput('{"version":1,"partitions":[]}'), /expected the two sections/);
  });

  it('splits topic-partition names at the last dash', () => {
    assert.deepEqual(splitTopicPartition('my-topic-12'), { topic: 'my-topic', partition: 12 });
    assert.equal(splitTopicPartition('nope'), undefined);
  });

  it('reads kafka-log-dirs output, skipping prose, keeping errors and future replicas flagged', () => {
    const brokers = parseLogDirsJson(LOG_DIRS);
    assert.equal(brokers.length, 3);
    assert.equal(brokers[2].logDirs[0].error, 'KAFKA_STORAGE_ERROR');
    assert.deepEqual(brokers[1].logDirs[0].partitions[2], { topic: 'my-topic', partition: 1, size: 20, offsetLag: 0, isFuture: true });
    assert.throws(
      () =>
        parseLogDirsJson(
          '{"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/d","error":null,"partitions":[{"partition":"bad","size":1}]}]}]}',
        ),
      /partitions\[0\]\.partition: expected a "topic-partition" name/,
    );
  });

  it('parses broker lists in short and JSON form, rejecting junk with the item', () => {
    assert.deepEqual(parseBrokerList('1:a,2:b 3'), [
      { id: 1, rack: 'a' },
      { id: 2, rack: 'b' },
      { id: 3, rack: null },
    ]);
    assert.deepEqual(parseBrokerList('[{"id":4,"rack":"use1-az1","host":"h","port":9094}]'), [
      { id: 4, rack: 'use1-az1', host: 'h', port: 9094 },
    ]);
    assert.throws(() => parseBrokerList('1:a,x:b'), /\$\[1\]: expected "id" or "id:rack".*"x:b"/);
  });

  it('builds an offline snapshot from the three files, ignoring future replicas', () => {
    const s = snapshotFromKafkaFiles({
      assignment: parseReassignmentJson(ASSIGNMENT),
      logDirs: parseLogDirsJson(LOG_DIRS),
      brokers: parseBrokerList('1:a,2:b,3:c'),
      name: 'offline',
      takenAt: '2026-11-25T00:00:00Z',
    });
    assert.equal(s.source, 'offline');
    const [p0, p1] = s.topics[0].partitions;
    assert.equal(p0.leader, 1);
    assert.deepEqual(
      p0.sizes.map((x) => [x.broker, x.bytes]),
      [
        [1, 1000],
        [2, 990],
      ],
    );
    assert.deepEqual(
      p1.sizes.map((x) => [x.broker, x.bytes]),
      [[2, 500]],
    );
    assert.equal(s.brokers[2].logDirs[0].error, 'KAFKA_STORAGE_ERROR');
    assert.deepEqual(
      brokerLoads(s).map((l) => l.replicaBytes),
      [1000, 1490, 0],
    );
    assert.match(s.warnings[0], /leaders are assumed/);
  });

  it('refuses an assignment that names a broker missing from the broker list', () => {
    assert.throws(
      () => snapshotFromKafkaFiles({ assignment: parseReassignmentJson(ASSIGNMENT), brokers: parseBrokerList('1:a,2:b'), name: 'x' }),
      /\$\.partitions\[1\]\.replicas: broker 3 of my-topic-1 is not in the broker list/,
    );
  });

  it('exports the current assignment of a snapshot', () => {
    const demo = demoSnapshot();
    const a = assignmentOf(demo, new Set(['payments']));
    assert.equal(a.partitions.length, 12);
    assert.deepEqual(a.partitions[0].replicas, demo.topics.find((t) => t.name === 'payments')!.partitions[0].replicas);
  });
});
