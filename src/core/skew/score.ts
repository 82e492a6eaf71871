// Skew scores: how one quantity spreads over a set of brokers (max/mean, coefficient of variation) and whether every
// broker sits inside the balanced band around the mean. Pure and JSON-safe.

/**
 * Balanced = every broker within ±10 % of the mean: Cruise Control's default balance threshold 1.10
 * (replica.count.balance.threshold, leader.replica.count.balance.threshold, disk.balance.threshold, …).
 * Source: Cruise Control configuration docs, https://github.com/linkedin/cruise-control/wiki/Configurations
 */
export const DEFAULT_BALANCE_TOLERANCE = 0.1;

export type SkewStatus = 'balanced' | 'skewed' | 'unavailable';

/** How one quantity spreads over a set of brokers. Every field is JSON-safe (null, never NaN or Infinity). */
export interface SkewScore {
  /** Number of brokers the score is over. */
  brokers: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Lowest broker id holding the min / max. */
  minBroker: number | null;
  maxBroker: number | null;
  /** max / mean; 1 when every broker has 0 (each equals the mean). */
  maxOverMean: number | null;
  /** Coefficient of variation: population standard deviation / mean; 0 when every broker has 0. */
  cv: number | null;
  /** The balanced band: mean x (1 ± tolerance); for counts widened to whole numbers (floor / ceil). */
  lowerLimit: number | null;
  upperLimit: number | null;
  aboveUpper: number[];
  belowLower: number[];
  status: SkewStatus;
}

export interface BrokerValue {
  broker: number;
  value: number;
}

/** Slack for floating-point noise at the band's edges (30 x 1.1 = 33.000000000000004). */
const EPSILON = 1e-9;

/**
 * Skew of `values` (one per broker, zeros included). Balanced when every value is within
 * mean x (1 ± tolerance). With `wholeCounts` the band is floor(mean x (1 - t)) .. ceil(mean x (1 + t)), as Cruise
 * Control's ReplicaDistributionAbstractGoal computes its balance limits, so a count that cannot be split evenly
 * (3 replicas on 2 brokers) is not flagged.
 */
export function skewScore(values: BrokerValue[], tolerance = DEFAULT_BALANCE_TOLERANCE, wholeCounts = false): SkewScore {
  const n = values.length;
  if (n === 0) {
    return {
      brokers: 0,
      mean: null,
      min: null,
      max: null,
      minBroker: null,
      maxBroker: null,
      maxOverMean: null,
      cv: null,
      lowerLimit: null,
      upperLimit: null,
      aboveUpper: [],
      belowLower: [],
      status: 'unavailable',
    };
  }
  const sorted = [...values].sort((x, y) => x.broker - y.broker);
  let sum = 0;
  let min = sorted[0];
  let max = sorted[0];
  for (const v of sorted) {
    sum += v.value;
    if (v.value < min.value) min = v;
    if (v.value > max.value) max = v;
  }
  const mean = sum / n;
  let variance = 0;
  for (const v of sorted) variance += (v.value - mean) ** 2;
  variance /= n;
  const allZero = mean === 0 && max.value === 0 && min.value === 0;
  const rawLower = mean * Math.max(0, 1 - tolerance);
  const rawUpper = mean * (1 + tolerance);
  const lowerLimit = wholeCounts ? Math.floor(rawLower + EPSILON) : rawLower;
  const upperLimit = wholeCounts ? Math.ceil(rawUpper - EPSILON) : rawUpper;
  const slack = wholeCounts ? 0 : EPSILON * Math.max(1, Math.abs(mean));
  const aboveUpper = sorted.filter((v) => v.value > upperLimit + slack).map((v) => v.broker);
  const belowLower = sorted.filter((v) => v.value < lowerLimit - slack).map((v) => v.broker);
  return {
    brokers: n,
    mean,
    min: min.value,
    max: max.value,
    minBroker: min.broker,
    maxBroker: max.broker,
    maxOverMean: allZero ? 1 : mean === 0 ? null : max.value / mean,
    cv: allZero ? 0 : mean === 0 ? null : Math.sqrt(variance) / mean,
    lowerLimit,
    upperLimit,
    aboveUpper,
    belowLower,
    status: aboveUpper.length || belowLower.length ? 'skewed' : 'balanced',
  };
}
