// Progress of a running reassignment: which partitions Kafka still lists in flight (ListPartitionReassignments,
// KIP-455) and how many bytes the new replicas already hold (DescribeLogDirs, KIP-113), turned into bytes copied,
// rate, ETA and the time since anything last moved (the executor's stall check).

import type { Admin } from '@platformatic/kafka';
import type { PartitionMove } from '../core/planner/plan';
import { formatBytes, formatDuration, formatMBps } from '../core/units';
import { withDeadline } from './connection';
import type { InFlightReassignment, ReassignmentClient } from './reassignmentApi';

export interface ExecutionProgress {
  batch: number;
  batches: number;
  partitionsDone: number;
  partitionsTotal: number;
  bytesCopied: number;
  bytesTotal: number;
  bytesPerSec: number | null;
  etaSeconds: number | null;
  message: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(pollMs);
  }
  return false;
}

/** Bytes already on the new replicas of a batch: finished partitions count whole, in-flight ones by log size. */
async function bytesCopied(
  admin: Admin,
  moves: PartitionMove[],
  inFlight: { topic: string; partition: number }[],
  budget: number,
): Promise<number> {
  const pending = new Set(inFlight.map((p) => `${p.topic}-${p.partition}`));
  let copied = 0;
  const watch = moves.filter((m) => pending.has(`${m.topic}-${m.partition}`));
  for (const m of moves) if (!pending.has(`${m.topic}-${m.partition}`)) copied += m.bytes * m.added.length;
  if (!watch.length) return copied;
  try {
    const byTopic = new Map<string, number[]>();
    for (const m of watch) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m.partition]);
    const dirs = await withDeadline(
      admin.describeLogDirs({ topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) }),
      budget,
      'DescribeLogDirs',
    );
    for (const m of watch) {
      for (const b of m.added) {
        let size = 0;
        for (const d of dirs.filter((x) => x.broker === b)) {
          for (const r of d.results)
            for (const t of r.topics)
              if (t.name === m.topic)
                for (const p of t.partitions) if (p.partitionIndex === m.partition) size = Math.max(size, Number(p.partitionSize));
        }
        copied += Math.min(size, m.bytes);
      }
    }
  } catch {
    // progress is best effort: a broker that does not answer DescribeLogDirs is reported by the stall check
  }
  return copied;
}

/** Where the whole execution stands when a batch starts. */
export interface ExecutionTotals {
  batches: number;
  partitionsTotal: number;
  partitionsDoneBefore: number;
  bytesTotal: number;
  bytesDoneBefore: number;
}

/** Watches one submitted batch from the moment it was submitted. */
export class BatchWatch {
  private readonly started = Date.now();
  private lastProgressAt = Date.now();
  private lastCopied = -1;

  constructor(
    private readonly client: ReassignmentClient,
    private readonly admin: Admin,
    private readonly budget: number,
    private readonly batch: { index: number; moves: PartitionMove[] },
    private readonly totals: ExecutionTotals,
  ) {}

  /** What Kafka still lists in flight of the batch, and the progress of the whole execution. */
  async poll(): Promise<{ inFlight: InFlightReassignment[]; progress: ExecutionProgress }> {
    const { moves, index } = this.batch;
    const t = this.totals;
    const inFlight = await this.client.list(moves.map((m) => ({ topic: m.topic, partition: m.partition })));
    const copied = await bytesCopied(this.admin, moves, inFlight, this.budget);
    if (copied > this.lastCopied || inFlight.length < (moves.length || Infinity)) this.lastProgressAt = Date.now();
    this.lastCopied = copied;
    const elapsed = this.elapsedSeconds;
    const doneBytes = t.bytesDoneBefore + copied;
    const rateNow = elapsed > 0 && copied > 0 ? copied / elapsed : null;
    const eta = rateNow ? (t.bytesTotal - doneBytes) / rateNow : null;
    return {
      inFlight,
      progress: {
        batch: index + 1,
        batches: t.batches,
        partitionsDone: t.partitionsDoneBefore + (moves.length - inFlight.length),
        partitionsTotal: t.partitionsTotal,
        bytesCopied: doneBytes,
        bytesTotal: t.bytesTotal,
        bytesPerSec: rateNow,
        etaSeconds: eta,
        message:
          `batch ${index + 1}/${t.batches}, ${formatBytes(doneBytes)} of ${formatBytes(t.bytesTotal)}` +
          (rateNow ? ` at ${formatMBps(rateNow)}, ~${formatDuration(eta ?? 0)} left` : ''),
      },
    };
  }

  /** Milliseconds since the batch last copied bytes or finished a partition. */
  get stalledMs(): number {
    return Date.now() - this.lastProgressAt;
  }

  get elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
