import assert from 'node:assert/strict';
import { demoSnapshot } from '../../src/core/demo';
import { snapshotFromJson, snapshotToJson } from '../../src/core/snapshotJson';
import { ValidationError } from '../../src/core/validate';
import { snapshot } from './builders';

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

describe('snapshot JSON', () => {
  it('round-trips the demo cluster exactly', () => {
    const demo = demoSnapshot();
    assert.deepEqual(snapshotFromJson(snapshotToJson(demo)), demo);
  });

  it('names the offending path for a wrong type deep inside', () => {
    const s = JSON.parse(
      snapshotToJson(
        snapshot()
          .broker(1)
          .broker(2)
          .topic('t', [{ replicas: [1, 2] }])
          .build(),
      ),
    );
    s.topics[0].partitions[0].replicas[1] = 'b2';
    const err = errorOf(() => snapshotFromJson(JSON.stringify(s), 'c.json'));
    assert.equal(err.path, '$.topics[0].partitions[0].replicas[1]');
    assert.match(
      err.message,
      /^c\.json: \$\.topics\[0\]\.partitions\[0\]\.replicas\[1\]: expected a whole number from 0 to 2147483647, got the string "b2"$/,
    );
  });

  it('rejects an unknown schema version with a hint', () => {
    const s = JSON.parse(snapshotToJson(snapshot().build()));
    s.schemaVersion = 7;
    assert.match(
      errorOf(() => snapshotFromJson(JSON.stringify(s))).message,
      /\$\.schemaVersion: expected schemaVersion 1 .*newer extension/,
    );
  });

  it('rejects a missing field, naming it', () => {
    const s = JSON.parse(snapshotToJson(snapshot().broker(1).build()));
    delete s.brokers[0].port;
    const err = errorOf(() => snapshotFromJson(JSON.stringify(s)));
    assert.equal(err.path, '$.brokers[0].port');
    assert.match(err.message, /missing/);
  });

  it('rejects cross-field nonsense: leader outside replicas, ISR outside replicas, duplicate replicas, duplicate ids', () => {
    const base = () =>
      JSON.parse(
        snapshotToJson(
          snapshot()
            .broker(1)
            .broker(2)
            .broker(3)
            .topic('t', [{ replicas: [1, 2] }])
            .build(),
        ),
      );
    let s = base();
    s.topics[0].partitions[0].leader = 3;
    assert.equal(errorOf(() => snapshotFromJson(JSON.stringify(s))).path, '$.topics[0].partitions[0].leader');
    s = base();
    s.topics[0].partitions[0].isr = [1, 3];
    assert.match(errorOf(() => snapshotFromJson(JSON.stringify(s))).message, /broker 3 is not a replica/);
    s = base();
    s.topics[0].partitions[0].replicas = [1, 1];
    assert.match(errorOf(() => snapshotFromJson(JSON.stringify(s))).message, /broker 1 is listed twice/);
    s = base();
    s.brokers[1].id = 1;
    assert.equal(errorOf(() => snapshotFromJson(JSON.stringify(s))).path, '$.brokers[1].id');
    s = base();
    s.brokers[0].logDirs = [{ path: '/d', totalBytes: 10, usableBytes: 11 }];
    assert.equal(errorOf(() => snapshotFromJson(JSON.stringify(s))).path, '$.brokers[0].logDirs[0].usableBytes');
  });

  it('reports a JSON syntax error with its line and column', () => {
    const err = errorOf(() => snapshotFromJson('{\n  "schemaVersion": 1,\n  oops\n}', 'bad.json'));
    assert.match(err.message, /^bad\.json: \$: not valid JSON at line 3, column 3/);
  });
});
