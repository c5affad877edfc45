/** Latency figures from per-incident timings (µs). */
export interface Latency {
  medianUs: number;
  p99Us: number;
}

export function latency(samplesUs: Float64Array | number[]): Latency {
  const sorted = Float64Array.from(samplesUs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { medianUs: round(at(0.5)), p99Us: round(at(0.99)) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Three significant digits: enough for a benchmark, stable to read. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(digits));
}
