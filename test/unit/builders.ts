// Test data builders for snapshots: short, readable fixtures instead of JSON blobs.
import {
  SNAPSHOT_SCHEMA_VERSION,
  type BrokerInfo,
  type ClusterSnapshot,
  type PartitionInfo,
  type TopicConfigs,
  type TopicInfo,
} from '../../src/core/model';

export interface PartitionSpec {
  replicas: number[];
  leader?: number;
  isr?: number[];
  /** Size of every replica, or per replica in replica order. */
  bytes?: number | number[];
  endOffset?: number;
}

export class SnapshotBuilder {
  private readonly brokers: BrokerInfo[] = [];
  private readonly topics: TopicInfo[] = [];
  private takenAt = '2026-11-25T10:00:00.000Z';

  broker(id: number, rack: string | null = null, disk?: { totalBytes: number; usableBytes: number }): this {
    this.brokers.push({
      id,
      host: `broker-${id}`,
      port: 9092,
      rack,
      isController: this.brokers.length === 0,
      logDirs: disk ? [{ path: '/data', ...disk }] : [],
    });
    return this;
  }

  topic(name: string, partitions: PartitionSpec[], configs: TopicConfigs = {}): this {
    this.topics.push({
      name,
      internal: name.startsWith('__'),
      configs,
      partitions: partitions.map((spec, index): PartitionInfo => {
        const sizes =
          spec.bytes === undefined
            ? []
            : spec.replicas.map((broker, k) => ({
                broker,
                bytes: Array.isArray(spec.bytes) ? (spec.bytes as number[])[k] : (spec.bytes as number),
              }));
        const p: PartitionInfo = {
          partition: index,
          leader: spec.leader ?? spec.replicas[0],
          replicas: spec.replicas,
          isr: spec.isr ?? [...spec.replicas],
          offlineReplicas: [],
          sizes,
        };
        if (spec.endOffset !== undefined) p.endOffset = spec.endOffset;
        return p;
      }),
    });
    return this;
  }

  at(iso: string): this {
    this.takenAt = iso;
    return this;
  }

  build(): ClusterSnapshot {
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      name: 'test',
      source: 'offline',
      takenAt: this.takenAt,
      controllerId: this.brokers[0]?.id ?? null,
      brokers: this.brokers,
      topics: this.topics,
      consumerGroups: [],
      warnings: [],
    };
  }
}

export const snapshot = () => new SnapshotBuilder();
