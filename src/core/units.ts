// Formatting with explicit units. Bytes use binary prefixes (KiB = 1024 B), as disk tools and Kafka's
// log.segment.bytes do; rates use MB/s (10^6 B/s) because AWS quotes MSK and EBS throughput in MB/s.

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes)) return '?';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BINARY.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${unit === 0 ? value.toFixed(0) : value.toFixed(digits)} ${BINARY[unit]}`;
}

export function formatMBps(bytesPerSec: number, digits = 1): string {
  return `${(bytesPerSec / 1e6).toFixed(digits)} MB/s`;
}

/** Rates that span B/s to GB/s (partition write rates): "12.3 MB/s", "4.5 kB/s", "87 B/s", in decimal units. */
export function formatBytesPerSec(bytesPerSec: number): string {
  const abs = Math.abs(bytesPerSec);
  if (abs >= 1e6) return `${(bytesPerSec / 1e6).toFixed(1)} MB/s`;
  if (abs >= 1e3) return `${(bytesPerSec / 1e3).toFixed(1)} kB/s`;
  return `${bytesPerSec.toFixed(0)} B/s`;
}

export function formatPercent(ratio: number, digits = 1): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(digits)} %` : '?';
}

/** A relative tolerance around a mean: 0.1 -> "±10 %", 0.125 -> "±12.5 %". */
export function formatTolerance(tolerance: number): string {
  return `±${Number((tolerance * 100).toFixed(2))} %`;
}

/** Ratios such as max/mean or CV with at most two decimals: 1.9, 1.07, 0; `missing` stands for null. */
export function formatRatio(ratio: number | null, missing = '-'): string {
  return ratio === null ? missing : String(Number(ratio.toFixed(2)));
}

/** Replica, leader and partition counts: whole numbers as they are, anything else (a mean) with one decimal. */
export function formatCount(count: number): string {
  return Number.isInteger(count) ? String(count) : count.toFixed(1);
}

/** "2 h 05 min", "45 s": durations for humans. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Formats a number for formula text: at most `digits` decimals, trailing zeros dropped, thousands grouped. */
export function formatNumber(n: number, digits = 2): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '-∞';
  const fixed = Math.abs(n).toFixed(digits);
  const [whole, frac = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${trimmed ? '.' + trimmed : ''}`;
}

/** "$15,919.20": US dollars, thousands grouped, always `digits` decimals (money never drops its cents). */
export function formatUsd(usd: number, digits = 2): string {
  const [whole, frac] = Math.abs(usd).toFixed(digits).split('.');
  const sign = usd < 0 && Number(Math.abs(usd).toFixed(digits)) !== 0 ? '-' : '';
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? '.' + frac : ''}`;
}

/** "80 %", "60.3 %": a ratio as a percentage with trailing zeros dropped (formula text, reasons). */
export function formatPercentTrimmed(ratio: number, digits = 1): string {
  return Number.isFinite(ratio) ? `${formatNumber(ratio * 100, digits)} %` : '∞ %';
}

export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;

/** "1 partition", "3 partitions", "1 branch", "2 branches": a count with its noun in the right number. */
export function plural(
  count: number,
  singular: string,
  pluralForm = /(s|sh|ch|x)$/.test(singular) ? `${singular}es` : `${singular}s`,
): string {
  return `${formatNumber(count, 2)} ${count === 1 ? singular : pluralForm}`;
}

/** A retention for people: "6 h", "7 days (168 h)", "1.5 days (36 h)", "infinite". Non-positive = infinite (-1). */
export function formatRetentionHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return 'infinite';
  if (hours < 24) return `${formatNumber(hours, 2)} h`;
  const days = hours / 24;
  return `${formatNumber(days, 2)} ${days === 1 ? 'day' : 'days'} (${formatNumber(hours, 2)} h)`;
}
