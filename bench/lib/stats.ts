/** Small statistics helpers for the benchmarks. */

/** Nearest-rank percentile of an ascending-sorted array (p in 0..100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
	count: number;
	min: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function summarize(values: number[] | Float64Array): Summary {
	const sorted = Float64Array.from(values).sort();
	let sum = 0;
	for (const v of sorted) sum += v;
	return {
		count: sorted.length,
		min: sorted.length ? sorted[0] : NaN,
		mean: sorted.length ? sum / sorted.length : NaN,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : NaN
	};
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

export function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	if (s.length === 0) return NaN;
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
