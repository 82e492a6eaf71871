// Report text shared by the Markdown (report.ts) and the webview (webview/sizing): the headings of the two blocks
// ("Your cluster today", "Recommended") and a topic's retention in words. Only types and units: the webview bundles it.

import { formatBytes, formatRetentionHours } from '../units';
import type { TopicSizingRow } from './fromSnapshot';
import type { KafkaSizingReport, TodayVerdict } from './report';

/** "Recommended: 60 × kafka.m5.large" or "No count of kafka.m5.large fits": the recommendation block's heading. */
export function recommendedHeading(report: KafkaSizingReport): string {
  const rec = report.recommendation;
  return rec.found && rec.brokerCount !== null
    ? `Recommended: ${rec.brokerCount} × ${rec.brokerTypeId}`
    : `Recommended: no count of ${rec.brokerTypeId} fits`;
}

/** "Your cluster today: 9 × kafka.m5.large" (only when the request gave a broker count). */
export function todayHeading(today: TodayVerdict): string {
  return `Your cluster today: ${today.brokerCount} × ${today.brokerTypeId}`;
}

/** A topic's retention for people: "7 days (168 h)", "compacted", "infinite", "1 MiB per partition", tiered local/total. */
export function topicRetentionText(t: TopicSizingRow): string {
  if (t.binding === 'compacted') return 'compacted (cleanup.policy=compact)';
  const time = formatRetentionHours(t.retentionHours);
  const total = t.retentionBytesPerPartition > 0 ? `${time} or ${formatBytes(t.retentionBytesPerPartition)} per partition` : time;
  if (!t.tiered) return total;
  const localTime = formatRetentionHours(t.localRetentionHours ?? t.retentionHours);
  const lb = t.localRetentionBytesPerPartition ?? -1;
  return `local ${lb > 0 ? `${localTime} or ${formatBytes(lb)} per partition` : localTime}, total ${total} (tiered storage)`;
}
