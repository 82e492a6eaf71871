// The preferred leader election that ends an execution, as a report: per partition whether its preferred replica
// (the first of its new replica list) was elected, already led, or could not be elected and why. A reassignment
// moves replicas, not leadership: a leader that stays in the replica list keeps leading until an election (KIP-460,
// ElectLeaders with election type PREFERRED; kafka-leader-election.sh --election-type PREFERRED), or until the
// controller's own auto.leader.rebalance.enable check, which by default runs every 300 s and acts only above 10 %
// imbalance per broker (Kafka broker configs leader.imbalance.check.interval.seconds and
// leader.imbalance.per.broker.percentage). Pure.

export type ElectionResult = 'elected' | 'already-preferred' | 'failed';

export interface ElectionOutcome {
  topic: string;
  partition: number;
  /** The preferred leader: the first replica of the partition's new replica list. */
  preferred: number;
  result: ElectionResult;
  /** Why it failed (Kafka's error, or the leader seen afterwards). */
  error?: string;
}

export interface ElectionReport {
  partitions: ElectionOutcome[];
  elected: number;
  alreadyPreferred: number;
  failed: number;
}

export function electionReport(partitions: ElectionOutcome[]): ElectionReport {
  const count = (r: ElectionResult) => partitions.filter((p) => p.result === r).length;
  return { partitions, elected: count('elected'), alreadyPreferred: count('already-preferred'), failed: count('failed') };
}

/** "11 partitions: 9 elected, 2 already led by their preferred replica, 0 failed". */
export function electionSummary(report: ElectionReport): string {
  const total = report.partitions.length;
  return (
    `${total} partition${total === 1 ? '' : 's'}: ${report.elected} elected, ${report.alreadyPreferred} already led by their preferred replica, ` +
    `${report.failed} failed`
  );
}

/** One line per partition, failures first: "orders-3: failed (leader is still broker 2, preferred 1)". */
export function electionLines(report: ElectionReport): string[] {
  const order: Record<ElectionResult, number> = { failed: 0, elected: 1, 'already-preferred': 2 };
  return [...report.partitions]
    .sort((a, b) => order[a.result] - order[b.result] || a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map(
      (p) =>
        `${p.topic}-${p.partition}: ${p.result === 'already-preferred' ? 'already preferred' : p.result} (preferred leader ${p.preferred})` +
        (p.error ? `: ${p.error}` : ''),
    );
}
