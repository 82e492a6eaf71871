// Failure simulation: one entry for every front end (CLI, webview): a snapshot, optionally an earlier one for
// measured write rates, a scenario and a broker type.

import { partitionWriteRates } from '../skew/rates';
import { brokerCapacityOfType, brokerTypeById } from '../sizing/brokerCapacity';
import type { ClusterSnapshot } from '../model';
import { trafficModel } from '../traffic';
import { simulateFailure, type FailureScenario, type FailureSimulation } from './failure';

export * from './failure';
export { failureSimulationToJson, formatFailureSimulation } from './report';

export interface SimulationRequest {
  scenario: FailureScenario;
  /** A sample taken some seconds before `current`: gives the measured write rates. */
  previous?: ClusterSnapshot;
  /** An Amazon MSK broker type id (kafka.m5.large, express.m7g.xlarge): the capacity of every broker. */
  brokerType?: string;
  provisionedStorageMiBPerSec?: number;
  ceiling?: number;
  downtimeMinutes?: number;
  throttleBytesPerSec?: number;
  eligibleLeaderReplicas?: boolean;
}

export function simulateOnSnapshot(current: ClusterSnapshot, req: SimulationRequest): FailureSimulation {
  const traffic = req.previous ? trafficModel(partitionWriteRates(req.previous, current), current) : undefined;
  const capacity = req.brokerType
    ? brokerCapacityOfType(brokerTypeById(req.brokerType, 'broker type'), req.provisionedStorageMiBPerSec)
    : undefined;
  return simulateFailure(current, {
    scenario: req.scenario,
    ...(traffic ? { traffic } : {}),
    ...(capacity ? { capacity } : {}),
    ...(req.ceiling !== undefined ? { ceiling: req.ceiling } : {}),
    ...(req.downtimeMinutes !== undefined ? { downtimeMinutes: req.downtimeMinutes } : {}),
    ...(req.throttleBytesPerSec !== undefined ? { throttleBytesPerSec: req.throttleBytesPerSec } : {}),
    ...(req.eligibleLeaderReplicas !== undefined ? { eligibleLeaderReplicas: req.eligibleLeaderReplicas } : {}),
  });
}
