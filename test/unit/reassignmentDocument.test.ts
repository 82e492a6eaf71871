import assert from 'node:assert/strict';
import { demoSnapshot } from '../../src/core/demo';
import { reviewReassignmentText } from '../../src/core/planner/review';
import {
  PlanRequestError,
  describeGoal,
  emptyBrokers,
  locateFindings,
  looksLikeReassignment,
  planOptionsOf,
  parseTolerance,
  planRequestFrom,
  reviewLensTitle,
  reviewSummaryMarkdown,
} from '../../src/core/reassignmentDocument';
import { snapshot } from './builders';

const DEFAULTS = { clusterId: 'demo', tolerance: 0.1, throttleBytesPerSec: 50e6, movesPerBroker: 5 };

describe('reassignment documents in the editor', () => {
  describe('looksLikeReassignment', () => {
    it("recognises Kafka's JSON, with or without the tool's prose lines", () => {
      assert.equal(looksLikeReassignment('{"version":1,"partitions":[]}'), true);
      assert.equal(
        looksLikeReassignment('{\n  "partitions": [\n    {"topic":"a","partition":0,"replicas":[1]}\n  ],\n  "version": 1\n}'),
        true,
      );
      assert.equal(
        looksLikeReassignment(
          'Current partition replica assignment\n{"version":1,"partitions":[{"topic":"a","partition":0,"replicas":[1,2]}]}\n',
        ),
        true,
      );
    });

    it('ignores other JSON: package.json, a snapshot, a log-dirs file, arrays', () => {
      assert.equal(looksLikeReassignment('{"name":"x","version":"1.0.0","scripts":{}}'), false);
      assert.equal(looksLikeReassignment('{"version":1,"brokers":[{"broker":1,"logDirs":[]}]}'), false);
      assert.equal(looksLikeReassignment('[{"version":1,"partitions":[]}]'), false);
      assert.equal(looksLikeReassignment(''), false);
    });

    it('reads only the head of the document', () => {
      const late = '{"padding":"' + 'x'.repeat(5000) + '","version":1,"partitions":[]}';
      assert.equal(looksLikeReassignment(late), false);
    });
  });

  describe('locateFindings', () => {
    const s = snapshot()
      .broker(1, 'a')
      .broker(2, 'b')
      .broker(3, 'c')
      .topic('orders', [{ replicas: [1, 2], bytes: 100 }])
      .build();
    const text = [
      '{',
      '  "version": 1,',
      '  "partitions": [',
      '    {"topic": "orders", "partition": 0, "replicas": [1, 9]},',
      '    {"topic": "nope", "partition": 0, "replicas": [1, 2]},',
      '    {"topic": "orders", "partition": 5, "replicas": [1, 2]}',
      '  ]',
      '}',
    ].join('\n');

    it('puts each finding on the exact JSON value its path names', () => {
      const review = reviewReassignmentText(s, text);
      const located = locateFindings(text, review.findings);
      const byCode = new Map(located.map((l) => [l.finding.code, l]));
      const broker = byCode.get('unknown-broker');
      assert.ok(broker, JSON.stringify(review.findings));
      // the 9 in line 4 (0-based 3): `    {"topic": "orders", "partition": 0, "replicas": [1, 9]},`
      const line3 = text.split('\n')[3];
      assert.deepEqual(broker.start, { line: 3, character: line3.indexOf('9]') });
      assert.deepEqual(broker.end, { line: 3, character: line3.indexOf('9]') + 1 });
      const topic = byCode.get('unknown-topic')!;
      assert.equal(topic.start.line, 4);
      assert.equal(text.split('\n')[4].slice(topic.start.character, topic.end.character), '"nope"');
      const partition = byCode.get('unknown-partition')!;
      assert.equal(partition.start.line, 5);
      assert.equal(text.split('\n')[5].slice(partition.start.character, partition.end.character), '5');
    });

    it('keeps a multi-line value to its first line, and maps broken JSON to the first line', () => {
      const multi = locateFindings(text, [{ severity: 'info', code: 'x', message: 'm', path: '$.partitions' }]);
      assert.equal(multi[0].start.line, 2);
      assert.equal(multi[0].end.line, 2);
      const broken = '{"version": 1, "partitions": [ {"topic": ';
      const review = reviewReassignmentText(s, broken);
      assert.equal(review.findings[0].code, 'invalid-json');
      const located = locateFindings(broken, review.findings);
      assert.equal(located[0].start.line, 0);
    });
  });

  it('writes the code lens from the review and the schedule estimate, led by the error count', () => {
    assert.equal(
      reviewLensTitle({ replicasMoved: 3, bytesMoved: 3 * 1024 ** 3, findings: [], readable: true }, '~1 min 04 s at 50.0 MB/s'),
      'moves 3 replicas, 3.0 GiB, ~1 min 04 s at 50.0 MB/s',
    );
    const error = { severity: 'error' as const, code: 'unknown-topic', message: '', path: '$' };
    assert.equal(
      reviewLensTitle({ replicasMoved: 1, bytesMoved: 10, findings: [error], readable: true }, '~0 s at 50.0 MB/s'),
      '1 error; moves 1 replica, 10 B, ~0 s at 50.0 MB/s',
    );
    assert.equal(
      reviewLensTitle({ replicasMoved: 0, bytesMoved: 0, findings: [{ ...error, code: 'invalid-json' }], readable: false }, '~0 s'),
      '1 error: not readable as a reassignment file, nothing reviewed',
    );
  });

  describe('a schema error does not hide the other findings', () => {
    const s = snapshot()
      .broker(1, 'a')
      .broker(2, 'b')
      .broker(3, 'c')
      .topic('orders', [
        { replicas: [1, 2], bytes: 2048 },
        { replicas: [2, 3], bytes: 1024 },
      ])
      .build();
    const lines = [
      '{',
      '  "version": 2,',
      '  "partitions": [',
      '    {"topic": "orders", "partition": -1, "replicas": [1, 2]},',
      '    {"topic": "nope", "partition": 0, "replicas": [1, 2]},',
      '    {"topic": "orders", "partition": 1, "replicas": [2, 9]},',
      '    {"topic": "orders", "partition": 0, "replicas": [3, 2]},',
      '    {"topic": "orders", "partition": 0, "replicas": [1, 3]},',
      '    {"topic": "orders", "partition": 1, "replicas": [2, 2]}',
      '  ]',
      '}',
    ];
    const text = lines.join('\n');

    it('reports each schema error at its position and reviews every entry that parses', () => {
      const review = reviewReassignmentText(s, text, 'plan.json');
      assert.deepEqual(
        review.findings.map((f) => `${f.severity} ${f.code} ${f.path}`),
        [
          'error invalid-version $.version',
          'error invalid-entry $.partitions[0].partition',
          'error unknown-topic $.partitions[1].topic',
          'error unknown-broker $.partitions[2].replicas[1]',
          'error invalid-entry $.partitions[4]',
          'error invalid-entry $.partitions[5].replicas',
        ],
      );
      assert.match(review.findings[1].message, /^expected a whole number >= 0, got number -1$/);
      assert.match(review.findings[4].message, /orders-0 is already listed at \$\.partitions\[3\]/);
      // the valid entry 3 is reviewed and counted
      assert.equal(review.readable, true);
      assert.deepEqual(
        review.moves.map((m) => [m.topic, m.partition, m.after]),
        [['orders', 0, [3, 2]]],
      );
      assert.equal(review.bytesMoved, 2048);
      assert.equal(reviewLensTitle(review, '~0 s at 50.0 MB/s'), '6 errors; moves 1 replica, 2.0 KiB, ~0 s at 50.0 MB/s');
      // each on its own line
      const located = locateFindings(text, review.findings);
      assert.deepEqual(
        located.map((l) => l.start.line),
        [1, 3, 4, 5, 7, 8],
      );
      assert.equal(lines[3].slice(located[1].start.character, located[1].end.character), '-1');
    });

    it('reviews nothing, and says so, only when the text is not a JSON object with a partitions array', () => {
      for (const bad of ['{"version": 1, "partitions": [ {"topic": ', '{"version":1,"partitions":{}}']) {
        const review = reviewReassignmentText(s, bad);
        assert.equal(review.readable, false, bad);
        assert.equal(review.findings.length, 1, JSON.stringify(review.findings));
        assert.equal(reviewLensTitle(review, '~0 s'), '1 error: not readable as a reassignment file, nothing reviewed');
      }
    });
  });

  it('summarises a reviewed file in markdown with its numbers, findings and largest moves', () => {
    const s = snapshot()
      .broker(1, 'a')
      .broker(2, 'b')
      .broker(3, 'c')
      .topic('orders', [
        { replicas: [1, 2], bytes: 2048 },
        { replicas: [2, 3], bytes: 1024 },
      ])
      .build();
    const text =
      '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[3,2]},{"topic":"orders","partition":1,"replicas":[2,9]}]}';
    const review = reviewReassignmentText(s, text);
    const md = reviewSummaryMarkdown({
      fileName: 'plan.json',
      clusterName: 'test',
      review,
      schedule: { batches: [{ leaderOnly: false }], estimateText: '~0 s at 50.0 MB/s', maxMovesPerBroker: 5 },
    });
    assert.match(md, /Moves \*\*1\*\* replicas in 1 partitions, \*\*2\.0 KiB\*\* copied/);
    assert.match(md, /Findings: 1 errors, 0 warnings/);
    assert.match(md, /\| error \| unknown-broker \| `\$\.partitions\[1\]\.replicas\[1\]` \|/);
    assert.match(md, /\| orders-0 \| 1, 2 \| 3, 2 \| 2\.0 KiB \|/);
  });

  describe("planRequestFrom (the command's options object)", () => {
    it('fills defaults from the settings', () => {
      assert.deepEqual(planRequestFrom({ clusterId: 'demo', goal: 'rebalance' }, DEFAULTS), {
        clusterId: 'demo',
        goal: 'rebalance',
        brokers: [],
        tolerance: 0.1,
        excludedTopics: [],
        throttleBytesPerSec: 50e6,
        movesPerBroker: 5,
      });
    });

    it('takes brokers as ids, objects or "7:a,8:b"', () => {
      assert.deepEqual(planRequestFrom({ goal: 'add', brokers: '7:a,8:b' }, DEFAULTS).brokers, [
        { id: 7, rack: 'a' },
        { id: 8, rack: 'b' },
      ]);
      assert.deepEqual(planRequestFrom({ goal: 'remove', brokers: [3] }, DEFAULTS).brokers, [{ id: 3, rack: null }]);
      assert.deepEqual(planRequestFrom({ goal: 'add', brokers: [{ id: 4, rack: 'c' }] }, DEFAULTS).brokers, [{ id: 4, rack: 'c' }]);
    });

    it('names the field and the accepted values on bad input', () => {
      assert.throws(() => planRequestFrom({ goal: 'shuffle' }, DEFAULTS), /goal must be one of rebalance, add, remove, got "shuffle"/);
      assert.throws(() => planRequestFrom({ goal: 'remove' }, DEFAULTS), /needs brokers/);
      assert.throws(() => planRequestFrom({ tolerance: 2 }, DEFAULTS), /tolerance must be a fraction between 0 and 1/);
      assert.throws(() => planRequestFrom({ goal: 'add', brokers: '7:a,x' }, DEFAULTS), PlanRequestError);
      assert.throws(() => planRequestFrom({ goal: 'add', brokers: [-1] }, DEFAULTS), /brokers\[0\]/);
      assert.throws(() => planRequestFrom('demo', DEFAULTS), /must be an object/);
    });
  });

  describe('planOptionsOf', () => {
    const demo = demoSnapshot();

    it("adds the demo's empty brokers 7, 8, 9 with their racks when none are named", () => {
      assert.deepEqual(emptyBrokers(demo), [7, 8, 9]);
      const options = planOptionsOf(planRequestFrom({ goal: 'add' }, DEFAULTS), demo);
      const rackOf = new Map(demo.brokers.map((b) => [b.id, b.rack]));
      assert.deepEqual(options.goal, { kind: 'add', brokers: [7, 8, 9].map((id) => ({ id, rack: rackOf.get(id) ?? null })) });
    });

    it('refuses "add" on a cluster without empty brokers, saying how to name new ones', () => {
      const full = snapshot()
        .broker(1, 'a')
        .topic('t', [{ replicas: [1], bytes: 1 }])
        .build();
      assert.throws(() => planOptionsOf(planRequestFrom({ goal: 'add' }, DEFAULTS), full), /"7:a,8:b"/);
    });

    it('reads tolerances as fractions or percentages', () => {
      assert.equal(parseTolerance('0.1'), 0.1);
      assert.equal(parseTolerance('10 %'), 0.1);
      assert.equal(parseTolerance('5%'), 0.05);
      for (const bad of ['0', '1', '150%', 'ten', '', '1.2.3']) assert.equal(parseTolerance(bad), undefined, bad);
    });

    it('describes goals for titles', () => {
      assert.equal(describeGoal({ goal: 'remove', brokers: [{ id: 3, rack: null }] }), 'remove brokers 3');
      assert.equal(describeGoal({ goal: 'rebalance', brokers: [] }), 'rebalance');
    });
  });
});
