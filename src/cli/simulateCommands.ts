// kfp simulate: lose a broker, several, or a rack (AZ) on the real layout: new leaders, offline and under-min-ISR
// partitions, per-broker load after failover against the broker type's capacity, and the catch-up after a downtime.

import { DEMO_BROKER_TYPE } from '../core/demo';
import { simulateOnSnapshot, failureSimulationToJson, formatFailureSimulation, type FailureScenario } from '../core/simulation';
import { SNAPSHOT_SOURCE_OPTIONS, UsageError, output, positiveNumber, resolveSnapshotPair, type CliCommand } from './io';

/** "30m", "2h", "90s" or a plain number of minutes, in minutes. */
export function parseDowntimeMinutes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--downtime takes a duration such as 30m, 2h or 90s (> 0), got "${text}".`);
  const n = Number(m[1]);
  return m[2] === 's' ? n / 60 : m[2] === 'h' ? n * 60 : n;
}

export const simulateCommands: CliCommand[] = [
  {
    name: 'simulate',
    usage:
      '  kfp simulate SOURCE (--fail-broker 3[,4] | --fail-rack b) [--downtime 30m] [--broker-type kafka.m5.large]\n' +
      '               [--previous FILE | --sample SECONDS] [--ceiling 0.8] [--throttle-mbps N] [--no-elr] [--json]\n' +
      '                                             what happens when brokers or an AZ fail: new leaders, offline and\n' +
      '                                             under-min-ISR partitions, load after failover, catch-up time',
    options: {
      ...SNAPSHOT_SOURCE_OPTIONS,
      json: { type: 'boolean' },
      'fail-broker': { type: 'string' },
      'fail-rack': { type: 'string' },
      downtime: { type: 'string' },
      'broker-type': { type: 'string' },
      'storage-mibps': { type: 'string' },
      previous: { type: 'string' },
      sample: { type: 'string' },
      ceiling: { type: 'string' },
      'throttle-mbps': { type: 'string' },
      'no-elr': { type: 'boolean' },
    },
    async run(flags, positionals) {
      const failBroker = typeof flags['fail-broker'] === 'string' ? flags['fail-broker'] : undefined;
      const failRack = typeof flags['fail-rack'] === 'string' ? flags['fail-rack'] : undefined;
      if ((failBroker === undefined) === (failRack === undefined))
        throw new UsageError('kfp simulate needs exactly one of --fail-broker ID[,ID…] or --fail-rack RACK.');
      let scenario: FailureScenario;
      if (failBroker !== undefined) {
        const ids = failBroker.split(',').map((s) => s.trim());
        if (ids.some((s) => !/^\d+$/.test(s)))
          throw new UsageError(`--fail-broker takes broker ids separated by commas (3 or 3,4), got "${failBroker}".`);
        scenario = { kind: 'brokers', brokers: ids.map(Number) };
      } else scenario = { kind: 'rack', rack: failRack! };
      const ceiling = positiveNumber(flags.ceiling, '--ceiling', 0.8, 'the fraction of capacity (0.8 = 80 %)');
      if (ceiling > 1) throw new UsageError(`--ceiling is a fraction of capacity (0.8 = 80 %), at most 1; got ${ceiling}.`);
      const { previous, current } = await resolveSnapshotPair(flags, positionals, 'simulate');
      const brokerType =
        typeof flags['broker-type'] === 'string' ? flags['broker-type'] : flags.demo === true ? DEMO_BROKER_TYPE : undefined;
      const sim = simulateOnSnapshot(current, {
        scenario,
        ...(previous ? { previous } : {}),
        ...(brokerType ? { brokerType } : {}),
        ...(flags['storage-mibps'] !== undefined
          ? { provisionedStorageMiBPerSec: positiveNumber(flags['storage-mibps'], '--storage-mibps', 250, 'MiB/s') }
          : {}),
        ceiling,
        ...(typeof flags.downtime === 'string' ? { downtimeMinutes: parseDowntimeMinutes(flags.downtime) } : {}),
        ...(flags['throttle-mbps'] !== undefined
          ? { throttleBytesPerSec: positiveNumber(flags['throttle-mbps'], '--throttle-mbps', 50, 'MB/s') * 1e6 }
          : {}),
        eligibleLeaderReplicas: flags['no-elr'] !== true,
      });
      output(flags.json ? failureSimulationToJson(sim) : formatFailureSimulation(sim), flags.out);
      return 0;
    },
  },
];
