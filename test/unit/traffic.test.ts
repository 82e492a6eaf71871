import assert from 'node:assert/strict';
import type { ConsumerGroupInfo } from '../../src/core/model';
import { partitionWriteRates } from '../../src/core/skew';
import { brokerTraffic, consumerFanOutByTopic, snapshotPlacements, trafficModel } from '../../src/core/traffic';
import { snapshot } from './builders';

const group = (groupId: string, topics: string[]): ConsumerGroupInfo => ({
  groupId,
  state: 'Stable',
  members: 1,
  offsets: topics.map((topic) => ({ topic, partition: 0, committedOffset: 0 })),
  totalLag: 0,
});

describe('traffic model', () => {
  // hot: RF 3 led by 1, 10 MB written in 10 s = 1,000,000 B/s; cold: RF 2 led by 2, 100,000 B/s.
  const before = snapshot()
    .broker(1)
    .broker(2)
    .broker(3)
    .topic('hot', [{ replicas: [1, 2, 3], bytes: 0 }])
    .topic('cold', [{ replicas: [2, 3], bytes: 0 }])
    .at('2026-11-25T10:00:00.000Z')
    .build();
  const after = snapshot()
    .broker(1)
    .broker(2)
    .broker(3)
    .topic('hot', [{ replicas: [1, 2, 3], bytes: 10_000_000 }])
    .topic('cold', [{ replicas: [2, 3], bytes: 1_000_000 }])
    .at('2026-11-25T10:00:10.000Z')
    .build();
  after.consumerGroups = [group('a', ['hot']), group('b', ['hot']), group('c', ['hot', 'other'])];

  it('fan-out per topic counts the groups that commit offsets for it', () => {
    assert.deepEqual([...consumerFanOutByTopic(after)].sort(), [
      ['hot', 3],
      ['other', 1],
    ]);
  });

  it('leader, follower and consumer paths per broker, by hand', () => {
    const model = trafficModel(partitionWriteRates(before, after), after);
    assert.equal(model.fanOutSource.get('hot'), 'groups');
    assert.equal(model.fanOutSource.get('cold'), 'default');
    const t = brokerTraffic(model, snapshotPlacements(after), [1, 2, 3, 4]);
    // broker 1 leads hot: in 1e6, out 3 groups x 1e6 + 2 followers x 1e6
    assert.deepEqual(t.get(1), {
      broker: 1,
      leaderBytesIn: 1e6,
      replicationIn: 0,
      networkIn: 1e6,
      consumerOut: 3e6,
      replicationOut: 2e6,
      networkOut: 5e6,
    });
    // broker 2 follows hot (1e6 in) and leads cold (1e5 in; 1 default reader + 1 follower out)
    assert.deepEqual(t.get(2), {
      broker: 2,
      leaderBytesIn: 1e5,
      replicationIn: 1e6,
      networkIn: 1.1e6,
      consumerOut: 1e5,
      replicationOut: 1e5,
      networkOut: 2e5,
    });
    // broker 3 follows both
    assert.deepEqual(t.get(3), {
      broker: 3,
      leaderBytesIn: 0,
      replicationIn: 1.1e6,
      networkIn: 1.1e6,
      consumerOut: 0,
      replicationOut: 0,
      networkOut: 0,
    });
    // a broker with no replicas is listed with zeros
    assert.equal(t.get(4)!.networkIn, 0);
  });

  it('an offline partition (leader -1) carries no traffic', () => {
    const model = trafficModel(partitionWriteRates(before, after), after);
    const t = brokerTraffic(model, [{ topic: 'hot', partition: 0, leader: -1, replicas: [1, 2, 3] }], [1, 2, 3]);
    for (const b of [1, 2, 3]) assert.equal(t.get(b)!.networkIn, 0);
  });
});
