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

export function formatPercent(ratio: number, digits = 1): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(digits)} %` : '?';
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

export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;
