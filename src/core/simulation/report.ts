// The failure simulation as text (kfp simulate) and as JSON (kfp simulate --json, the webview's data).

import { sourceText } from '../sources';
import { formatBytes, formatBytesPerSec, formatPercent, plural } from '../units';
import { RESOURCE_LABELS, formatDuration, type BrokerOutcome, type FailureSimulation, type PartitionOutcome } from './failure';

const list = (xs: number[]) => (xs.length ? xs.join(',') : '-');

function partitionLine(o: PartitionOutcome): string {
  const what = o.offline
    ? 'OFFLINE'
    : o.underMinIsr
      ? `under min.insync.replicas ${o.minInsyncReplicas}`
      : o.leaderMoved
        ? 'leader moves'
        : 'follower lost';
  return (
    `  ${`${o.topic}-${o.partition}`.padEnd(28)} replicas ${list(o.replicas).padEnd(8)} leader ${String(o.leaderBefore).padStart(2)} -> ${String(o.leaderAfter).padStart(2)}` +
    `  ISR ${list(o.isrBefore)} -> ${list(o.isrAfter)}  ${what}${o.uncleanElection ? ' (unclean election: data loss)' : ''}`
  );
}

function brokerLine(b: BrokerOutcome, sim: FailureSimulation): string {
  const id = `${String(b.broker).padStart(4)} ${(b.rack ?? '-').padEnd(4)}`;
  if (b.down) return `${id} ${b.alreadyDown ? 'already down' : 'DOWN'}  (led ${b.leadersBefore})`;
  const leaders = `${String(b.leadersBefore).padStart(4)} -> ${String(b.leadersAfter).padEnd(4)}`;
  if (!b.after || !b.before) return `${id} ${leaders}`;
  const rate = (x: number) => formatBytesPerSec(x).padStart(10);
  const util = b.usesAfter
    .map((u) => `${RESOURCE_LABELS[u.resource]} ${formatPercent(u.utilization, 0)}${u.utilization > sim.ceiling + 1e-9 ? ' OVER' : ''}`)
    .join(', ');
  return `${id} ${leaders} in ${rate(b.before.networkIn)} -> ${rate(b.after.networkIn)}  out ${rate(b.before.networkOut)} -> ${rate(b.after.networkOut)}${util ? `  ${util}` : ''}`;
}

export function formatFailureSimulation(sim: FailureSimulation): string {
  const lines: string[] = [];
  lines.push(`Failure simulation: ${sim.cluster} (snapshot ${sim.takenAt}), ${sim.scenarioText}`);
  lines.push('');
  lines.push(sim.verdict);
  lines.push('');
  lines.push(
    `Rates: ${sim.rates === 'measured' ? `measured over ${sim.intervalSeconds} s between two snapshots` : 'none sampled (sizes only)'}. ` +
      `Capacity: ${sim.capacity ? `${sim.capacity.typeId} (${sim.capacity.lines.map((l) => `${RESOURCE_NAME[l.limit] ?? l.limit} ${formatBytesPerSec(l.bytesPerSec)}`).join(', ')}), ceiling ${formatPercent(sim.ceiling, 0)}` : 'no broker type given'}. ` +
      `Election model: Kafka's, eligible leader replicas (KIP-966) ${sim.eligibleLeaderReplicas ? 'on' : 'off'}.`,
  );
  lines.push('');
  lines.push(
    `Partitions with a replica on a failed broker: ${sim.affected.length}; leaders that move: ${sim.leaderMoves}; offline: ${sim.offline.length}; under min.insync.replicas: ${sim.underMinIsr.length}.`,
  );
  const shown = sim.affected.filter((o) => o.offline || o.underMinIsr || o.leaderMoved);
  for (const o of shown.slice(0, 40)) lines.push(partitionLine(o));
  if (shown.length > 40) lines.push(`  … ${shown.length - 40} more (use --json for all)`);
  lines.push('');
  lines.push('Brokers (leaders before -> after; network in/out before -> after; utilization after failover):');
  for (const b of sim.brokers) lines.push(brokerLine(b, sim));
  const c = sim.catchUp;
  if (c) {
    lines.push('');
    lines.push(`Catch-up after ${c.downtimeMinutes} min down:`);
    if (!c.applicable) lines.push(`  ${c.reason}`);
    else {
      for (const r of c.returning)
        lines.push(`  broker ${r.broker}: ${formatBytes(r.backlogBytes)} to copy for ${plural(r.partitions, 'partition')}`);
      lines.push(`  ${c.formula}`);
      if (c.binding)
        lines.push(
          `  binding: broker ${c.binding.broker} ${RESOURCE_LABELS[c.binding.resource]} (${c.binding.role}, ${formatPercent(c.binding.share, 0)} of the backlog), ${formatPercent(c.binding.utilizationDuring, 0)} during catch-up`,
        );
      if (c.seconds !== undefined)
        lines.push(
          `  time to catch up: ${formatDuration(c.seconds)}${c.throttled ? ' (throttled)' : ' (under the ceiling)'}` +
            (c.unthrottledSeconds !== undefined ? `; unthrottled: ${formatDuration(c.unthrottledSeconds)} at 100 %` : ''),
        );
    }
  }
  if (sim.notes.length) {
    lines.push('');
    for (const n of sim.notes) lines.push(`Note: ${n}`);
  }
  lines.push('');
  lines.push('Sources:');
  for (const s of [...sim.sources, ...(c?.sources ?? [])]) lines.push(`  ${sourceText(s)}`);
  return lines.join('\n') + '\n';
}

const RESOURCE_NAME: Record<string, string> = {
  networkInBytesPerSec: 'network in',
  networkOutBytesPerSec: 'network out',
  storageWriteBytesPerSec: 'storage writes',
};

/** JSON-safe form (Maps become objects; Infinity becomes null). */
export function failureSimulationToJson(sim: FailureSimulation): string {
  return (
    JSON.stringify(
      sim,
      (_k, v: unknown) => {
        if (v instanceof Map) return Object.fromEntries(v);
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        return v;
      },
      2,
    ) + '\n'
  );
}
