/**
 * Measurements taken inside a server child process: memory (after a forced GC when the process
 * runs with --expose-gc), CPU time and event-loop delay since the last `mark`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
let cpuMark = process.cpuUsage();
let wallMark = performance.now();

export async function memory(args: { gc?: boolean } = {}) {
	if (args.gc && typeof globalThis.gc === 'function') {
		// Twice, with a turn in between, so weak/finalized objects are really gone.
		globalThis.gc();
		await new Promise((r) => setImmediate(r));
		globalThis.gc();
	}
	const m = process.memoryUsage();
	return {
		rss: m.rss,
		heapUsed: m.heapUsed,
		heapTotal: m.heapTotal,
		external: m.external,
		arrayBuffers: m.arrayBuffers
	};
}

export function mark(): void {
	eld.reset();
	cpuMark = process.cpuUsage();
	wallMark = performance.now();
}

export function sinceMark() {
	const cpu = process.cpuUsage(cpuMark);
	const wallMs = performance.now() - wallMark;
	const ms = (ns: number) => ns / 1e6;
	return {
		wallMs,
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
		eventLoopDelayMs: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) }
	};
}

/** Writes a heap snapshot (BENCH_HEAP_SNAPSHOT=<dir>, for digging into memory per connection). */
export function heapSnapshot(args: { file: string }): string {
	return v8.writeHeapSnapshot(args.file);
}
