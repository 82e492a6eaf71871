// The protocol floor of a live snapshot's requests (src/kafka/requests.ts), and user errors recognised across
// separately bundled copies of the core (the extension loads its Kafka code from dist/kafka.js).
import assert from 'node:assert/strict';
import { InputError, isInputError } from '../../src/core/errors';
import { snapshotRequestFloor, totalRequests } from '../../src/kafka/requests';

describe('snapshot request floor', () => {
  it('counts per broker, per leader and per coordinator, never per topic or partition', () => {
    const floor = snapshotRequestFloor({ brokers: 6, topics: 12_000, leaders: 5, groupsPerCoordinator: [3, 0, 5], groups: true });
    assert.deepEqual(floor, {
      ApiVersions: 1,
      Metadata: 1,
      DescribeQuorum: 1,
      DescribeLogDirs: 6,
      DescribeConfigs: 3, // 12,000 topics at 5,000 a request
      ListOffsets: 5,
      ListGroups: 6,
      DescribeGroups: 2,
      OffsetFetch: 2,
    });
    assert.equal(totalRequests(floor), 27);
  });

  it('asks nothing about groups when they are skipped, and no offsets or configs for an empty cluster', () => {
    assert.deepEqual(snapshotRequestFloor({ brokers: 3, topics: 0, leaders: 0, groupsPerCoordinator: [], groups: false }), {
      ApiVersions: 1,
      Metadata: 1,
      DescribeQuorum: 1,
      DescribeLogDirs: 3,
    });
  });
});

describe('user errors across bundles', () => {
  it('recognises an InputError made by another copy of the class (same brand, other prototype)', () => {
    const own = new InputError('bad bootstrap', { where: 'bootstrap' });
    assert.ok(isInputError(own));
    // what a second bundle's InputError looks like to this one: an Error carrying the shared brand
    const foreign = Object.setPrototypeOf(new InputError('bad bootstrap'), Error.prototype) as Error;
    assert.ok(!(foreign instanceof InputError));
    assert.ok(isInputError(foreign));
    assert.ok(!isInputError(new Error('a bug')));
  });
});
