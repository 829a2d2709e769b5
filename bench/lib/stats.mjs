// The few statistics the benchmarks print. Nearest-rank percentiles: with ~100 samples p95 is an
// observed latency, not an interpolation between two.

/** @param {number[]} values @param {number} p in [0, 100] */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The median (mean of the two middle values for an even count). @param {number[]} values */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds for a table cell: 3 significant digits, at least 1 decimal below 10 ms. @param {number} ms */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** "×12.3 faster" / "×1.8 slower" for peer / ours. @param {number} ours @param {number} peer */
export function formatRatio(ours, peer) {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || ours <= 0 || peer <= 0) return '—';
  const ratio = peer / ours;
  const digits = (r) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
  return ratio >= 1 ? `×${digits(ratio)} faster` : `×${digits(1 / ratio)} slower`;
}
