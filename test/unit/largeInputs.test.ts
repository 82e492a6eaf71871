// The scanning readers of large inputs (kafkaFilesScan.ts, the snapshot's topics) against the validating readers:
// the same result for every valid file, in any key order and formatting, and exactly the validating reader's error
// for every invalid one (the scanner hands those over).
import assert from 'node:assert/strict';
import { demoSnapshot } from '../../src/core/demo';
import {
  parseLogDirsJson,
  parseReassignmentJson,
  readAssignmentTable,
  readLogDirsJson,
  readLogDirsTable,
  readReassignmentJson,
  snapshotFromKafkaFiles,
} from '../../src/core/kafkaFormats';
import { reassignmentOfTable, scanAssignment, scanLogDirs } from '../../src/core/kafkaFilesScan';
import { seededRandom } from '../../src/core/random';
import { scanSnapshot, snapshotFromJson, snapshotToJson, validateSnapshot } from '../../src/core/snapshotJson';
import { parseJsonText } from '../../src/core/validate';

type Random = () => number;

function shuffled<T>(random: Random, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** JSON text of a value with object keys in a random order and random whitespace. */
function writeShuffled(random: Random, value: unknown): string {
  const ws = () => (random() < 0.3 ? [' ', '\n  ', '\t', '\r\n'][Math.floor(random() * 4)] : '');
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map(write).join(`,${ws()}`)}${ws()}]`;
    if (v && typeof v === 'object')
      return `{${ws()}${shuffled(random, Object.entries(v))
        .map(([k, x]) => `${JSON.stringify(k)}${ws()}:${ws()}${write(x)}`)
        .join(`,${ws()}`)}${ws()}}`;
    return JSON.stringify(v);
  };
  return write(value);
}

const TOPICS = ['orders', 'a-b-c', 'payments-eu-1', 'x', 'click.stream_v2', 'é-topic', 'quote"d'];

function reassignmentValue(random: Random): Record<string, unknown> {
  const partitions = [];
  for (const topic of TOPICS.slice(0, 2 + Math.floor(random() * TOPICS.length))) {
    const count = 1 + Math.floor(random() * 12);
    for (const p of shuffled(
      random,
      Array.from({ length: count }, (_, i) => i),
    )) {
      const replicas = shuffled(random, [1, 2, 3, 4, 5, 6]).slice(0, 1 + Math.floor(random() * 4));
      const entry: Record<string, unknown> = { topic, partition: p, replicas };
      if (random() < 0.5) entry.log_dirs = replicas.map((_, k) => (k === 0 && random() < 0.3 ? '/var/lib/kafka/data-1' : 'any'));
      if (random() < 0.1) entry.extra = { nested: [1, 'two', null, true] };
      partitions.push(entry);
    }
  }
  const value: Record<string, unknown> = { version: 1, partitions };
  if (random() < 0.3) value.plannedFor = { clusterId: 'abc', clusterName: 'prod', bootstrap: ['b1:9092'] };
  return value;
}

function logDirsValue(random: Random, kafkaOrder: boolean): Record<string, unknown> {
  const brokers = [1, 2, 3, 4].map((broker) => ({
    broker,
    logDirs: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, d) => {
      const partitions = [];
      for (let i = 0; i < Math.floor(random() * 30); i++) {
        const row: Record<string, unknown> = {
          partition: `${TOPICS[Math.floor(random() * TOPICS.length)]}-${Math.floor(random() * 40)}`,
          size: Math.floor(random() * 1e12),
        };
        if (random() < 0.9) row.offsetLag = Math.floor(random() * 100);
        if (random() < 0.9) row.isFuture = random() < 0.1;
        partitions.push(row);
      }
      const dir: Record<string, unknown> = kafkaOrder
        ? { partitions, error: d === 1 && random() < 0.5 ? 'KAFKA_STORAGE_ERROR' : null, logDir: `/data/${d}` }
        : { logDir: `/data/${d}`, error: null, partitions };
      if (random() < 0.3) dir.totalBytes = 4e12;
      if (random() < 0.3) dir.usableBytes = random() < 0.5 ? -1 : 1e12;
      return dir;
    }),
  }));
  return { version: 1, brokers };
}

/** The error message of a reader, or undefined when it reads. */
function errorOf(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('large-input readers (the scanner against the validating reader)', () => {
  it('reads 200 generated reassignment files exactly as the validating reader, in any key order and formatting', () => {
    const random = seededRandom(12);
    for (let i = 0; i < 200; i++) {
      const text = (random() < 0.3 ? 'Current partition replica assignment\n' : '') + writeShuffled(random, reassignmentValue(random));
      const expected = readReassignmentJson(text, 'f');
      assert.deepEqual(parseReassignmentJson(text, 'f'), expected, text);
      // Kafka's topic names never need an escape ([a-zA-Z0-9._-]); one that does is left to the validating reader
      if (!text.includes('\\')) assert.doesNotThrow(() => scanAssignment(text, 'f'), 'the scanner reads it (not the fallback)');
      assert.deepEqual(reassignmentOfTable(readAssignmentTable(text, 'f')), expected, text);
    }
  });

  it('reads 200 generated kafka-log-dirs outputs exactly as the validating reader (Kafka writes partitions before logDir)', () => {
    const random = seededRandom(13);
    for (let i = 0; i < 200; i++) {
      const prose = 'Querying brokers for log directories information\nReceived log directory information from brokers 1,2,3,4\n';
      const text = prose + writeShuffled(random, logDirsValue(random, i % 2 === 0));
      assert.deepEqual(parseLogDirsJson(text, 'f'), readLogDirsJson(text, 'f'), text);
      if (!text.includes('\\')) assert.doesNotThrow(() => scanLogDirs(text), 'the scanner reads it (not the fallback)');
    }
  });

  it('builds the same snapshot from the columns as from the objects, sizes in file order and future replicas skipped', () => {
    const random = seededRandom(14);
    let sized = 0;
    for (let i = 0; i < 50; i++) {
      const assignmentText = JSON.stringify(reassignmentValue(random));
      const logDirsText = JSON.stringify(logDirsValue(random, true));
      const brokers = [1, 2, 3, 4, 5, 6].map((id) => ({ id, rack: `r${id % 3}` }));
      const fromObjects = snapshotFromKafkaFiles({
        assignment: readReassignmentJson(assignmentText, 'a'),
        logDirs: readLogDirsJson(logDirsText, 'l'),
        brokers,
        name: 'n',
        takenAt: '2026-11-30T00:00:00Z',
      });
      const fromColumns = snapshotFromKafkaFiles({
        assignment: readAssignmentTable(assignmentText, 'a'),
        logDirs: readLogDirsTable(logDirsText, 'l'),
        brokers,
        name: 'n',
        takenAt: '2026-11-30T00:00:00Z',
      });
      assert.deepEqual(fromColumns, fromObjects);
      sized += fromColumns.topics.reduce((n, t) => n + t.partitions.filter((p) => p.sizes.length > 0).length, 0);
    }
    assert.ok(sized > 40, `${sized} partitions with sizes`);
  });

  it("gives exactly the validating reader's error for every broken reassignment file (the scanner hands it over)", () => {
    const valid = '{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}';
    const broken = [
      valid.replace('"version":1', '"version":2'),
      valid.replace('"version":1,', ''),
      valid.replace('[1,2]', '[1,1]'),
      valid.replace('[1,2]', '[]'),
      valid.replace('[1,2]', '[1,-2]'),
      valid.replace('[1,2]', '[1,2.5]'),
      valid.replace('[1,2]', '[1,"2"]'),
      valid.replace('[1,2]', '[1,2147483648]'),
      valid.replace('"partition":0', '"partition":null'),
      valid.replace('"partition":0', '"partition":01'),
      valid.replace('"topic":"t"', '"topic":""'),
      valid.replace('"topic":"t"', '"topic":7'),
      valid.replace('["any","any"]', '["any"]'),
      valid.replace('["any","any"]', '["any",""]'),
      valid.replace(']}]}', ']},{"topic":"t","partition":0,"replicas":[3]}]}'),
      valid.replace('"version":1', '"version":1,"plannedFor":{"clusterId":""}'),
      valid.replace('"version":1', '"version":1,"x":tru'),
      valid.slice(0, -3),
      valid + ',',
      valid.replace('"partitions":[', '"partitions":[,'),
      valid.replace('"replicas"', '"replicas":[1],"replicas"'),
      'no JSON here',
    ];
    for (const text of broken) {
      const expected = errorOf(() => readReassignmentJson(text, 'f'));
      assert.equal(
        errorOf(() => parseReassignmentJson(text, 'f')),
        expected,
        text,
      );
      assert.equal(
        errorOf(() => readAssignmentTable(text, 'f')),
        expected,
        text,
      );
    }
    // and the few that JSON allows still read the same
    for (const text of [
      valid.replace('"partition":0', '"partition":0.0'),
      valid.replace('[1,2]', '[1e0,2E0]'),
      valid + '\ntrailing prose',
    ]) {
      assert.deepEqual(parseReassignmentJson(text, 'f'), readReassignmentJson(text, 'f'), text);
    }
  });

  it("gives exactly the validating reader's error for every broken kafka-log-dirs output", () => {
    const valid =
      '{"version":1,"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"a-b-3","size":10,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/d"}]}]}';
    const broken = [
      valid.replace('"a-b-3"', '"bad"'),
      valid.replace('"a-b-3"', '"-3"'),
      valid.replace('"a-b-3"', '"a-"'),
      valid.replace('"a-b-3"', '"a-3x"'),
      valid.replace('"a-b-3"', '"a\\nb-3"'),
      valid.replace('"size":10', '"size":-1'),
      valid.replace('"size":10', '"size":"10"'),
      valid.replace('"isFuture":false', '"isFuture":0'),
      valid.replace('"error":null', '"error":5'),
      valid.replace('"broker":1', '"broker":-1'),
      valid.replace('"version":1', '"version":0'),
      valid.replace(',"logDir":"/d"', ''),
    ];
    for (const text of broken) {
      const expected = errorOf(() => readLogDirsJson(text, 'f'));
      assert.ok(expected, text);
      assert.equal(
        errorOf(() => parseLogDirsJson(text, 'f')),
        expected,
        text,
      );
      assert.equal(
        errorOf(() => readLogDirsTable(text, 'f')),
        expected,
        text,
      );
    }
    // a partition number with more digits than the scanner reads is still read (by the validating reader)
    const long = valid.replace('"a-b-3"', '"a-b-12345678901"');
    assert.deepEqual(parseLogDirsJson(long, 'f'), readLogDirsJson(long, 'f'));
  });

  it('reads snapshot files exactly as the validating reader, and gives its errors for broken ones', () => {
    const random = seededRandom(15);
    const demo = demoSnapshot();
    for (let i = 0; i < 30; i++) {
      const text = writeShuffled(random, JSON.parse(snapshotToJson(demo)));
      assert.deepEqual(snapshotFromJson(text, 's'), validateSnapshot(parseJsonText(text, 's'), 's'));
      assert.doesNotThrow(() => scanSnapshot(text, 's'), 'the scanner reads it (not the fallback)');
    }
    const text = snapshotToJson(demo);
    const topic = demo.topics.find((t) => t.partitions.length > 1 && t.partitions[0].replicas.length > 1)!;
    const p0 = JSON.stringify(topic.partitions[0].replicas);
    const mutations = [
      text.replace(`"replicas": [\n            ${topic.partitions[0].replicas.join(',\n            ')}\n          ]`, '"replicas": [1, 1]'),
      text.replace('"leader": ', '"leader": 99999, "x": '),
      text.replace('"isr": [', '"isr": [424242, '),
      text.replace(`"name": "${topic.name}"`, '"name": ""'),
      text.replace('"partition": 1,', '"partition": 0,'),
      text.replace('"bytes": ', '"bytes": -'),
      text.replace('"schemaVersion": 1', '"schemaVersion": 2'),
      text.replace('"topics": [', '"topics": [null, '),
      text + 'x',
    ];
    assert.ok(p0.length > 0);
    for (const m of mutations) {
      assert.notEqual(m, text, 'the mutation applies');
      const expected = errorOf(() => validateSnapshot(parseJsonText(m, 's'), 's'));
      assert.ok(expected, m.slice(0, 200));
      assert.equal(
        errorOf(() => snapshotFromJson(m, 's')),
        expected,
      );
    }
  });
});
