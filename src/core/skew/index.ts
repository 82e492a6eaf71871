// Skew metrics: how evenly replicas, leaders, bytes, disk use and write traffic spread over the brokers; how each
// topic spreads over brokers and racks; which partitions are hot. Pure and JSON-safe.
// Design note (choices, limits, sources): README.md in this folder.
//   rates.ts     write rates from two snapshots
//   score.ts     the skew score of one quantity over brokers (max/mean, CV, balanced band)
//   report.ts    the report of one snapshot (per broker, per metric, per topic, hot partitions)
//   verdicts.ts  the one-line verdicts
//   format.ts    metric values in their units, the text report, the JSON form
//   csv.ts       the report's tables as CSV
//   model.ts     the report's JSON shape

export { DEFAULT_HOT_PARTITION_COUNT, SKEW_REPORT_VERSION, SkewInputError, topicSpreadStatus, topicsWorstFirst } from './model';
export type {
  BrokerSkewRow,
  HotPartition,
  MetricSkew,
  RackSharedPartition,
  SkewMetricName,
  SkewOptions,
  SkewReport,
  SkewUnit,
  TopicBrokerSpread,
  TopicRackSpread,
  TopicRackStatus,
  TopicSkew,
} from './model';
export { partitionWriteRates, samplingIntervalSeconds, type PartitionWriteRate, type WriteRateMethod, type WriteRates } from './rates';
export { DEFAULT_BALANCE_TOLERANCE, skewScore, type BrokerValue, type SkewScore, type SkewStatus } from './score';
export { buildSkewReport } from './report';
export { formatMetricValue, formatSkewReport, skewReportToJson } from './format';
export { skewReportToCsv, type SkewCsvTable } from './csv';
