/**
 * Client load generator, in its own process. Each connection is a stock client with its own
 * Y.Doc and WebSocket (`ws`): `@hocuspocus/provider` against Ketentafel (with a session cookie
 * and Origin header, as a browser sends them), `y-websocket`'s WebsocketProvider against the relay
 * (BroadcastChannel off, so nothing bypasses the server).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { announce, serve } from '../lib/rpc';
import { summarize } from '../lib/stats';

export type Kind = 'ketentafel' | 'relay';

// y-websocket adds a process 'exit' listener per provider.
process.setMaxListeners(0);

/** Monotonic milliseconds, comparable across processes on one machine (CLOCK_MONOTONIC). */
const mono = () => Number(process.hrtime.bigint() / 1000n) / 1000;

interface Conn {
	doc: Y.Doc;
	synced: Promise<void>;
	destroy(): void;
}

function socketClass(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	};
}

function connect(kind: Kind, url: string, docName: string, cookie: string | null, origin: string): Conn {
	const doc = new Y.Doc();
	if (kind === 'ketentafel') {
		let resolve!: () => void;
		let reject!: (e: Error) => void;
		const synced = new Promise<void>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		const config = {
			url,
			name: docName,
			document: doc,
			WebSocketPolyfill: socketClass({
				origin,
				...(cookie ? { cookie } : {})
			}) as unknown as typeof globalThis.WebSocket,
			onSynced: () => resolve(),
			onAuthenticationFailed: (e: { reason: string }) =>
				reject(new Error(`authentication failed: ${e.reason}`))
		};
		const provider = new HocuspocusProvider(config);
		return {
			doc,
			synced,
			destroy() {
				provider.destroy();
				doc.destroy();
			}
		};
	}
	const provider = new WebsocketProvider(url, docName, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		const onSync = (state: boolean) => {
			if (!state) return;
			provider.off('sync', onSync);
			resolve();
		};
		provider.on('sync', onSync);
	});
	return {
		doc,
		synced,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
		})
	]);
}

let open: Conn[] = [];

function closeAll(): void {
	for (const c of open) c.destroy();
	open = [];
}

interface LatencyArgs {
	kind: Kind;
	url: string;
	origin: string;
	docName: string;
	/** One cookie per editor (Ketentafel), or empty (relay). */
	cookies: string[];
	editors: number;
	/** Edits per second per editor. */
	rate: number;
	warmupMs: number;
	durationMs: number;
	drainMs: number;
}

/**
 * `editors` clients on one document; each pushes a small string `<editor>|<seq>|<sent ms>` into a
 * shared Y.Array at `rate` per second. Latency is measured from the sender's local edit to its
 * arrival (the remote transaction) at EVERY other client: one sample per (edit, receiver).
 */
async function latency(args: LatencyArgs) {
	closeAll();
	const eld = monitorEventLoopDelay({ resolution: 10 });
	const connectStart = performance.now();
	const conns = Array.from({ length: args.editors }, (_, i) =>
		connect(args.kind, args.url, args.docName, args.cookies[i] ?? null, args.origin)
	);
	open = conns;
	await withTimeout(Promise.all(conns.map((c) => c.synced)), 30_000, `${args.editors} editors synced`);
	const connectMs = performance.now() - connectStart;

	let measuring = false;
	const inFlight = new Map<string, { sent: number; left: number }>();
	const samples: number[] = [];
	const full: number[] = [];
	let sent = 0;

	conns.forEach((c) => {
		c.doc.getArray<string>('bench').observe((event, tr) => {
			if (tr.local) return;
			const now = performance.now();
			for (const d of event.changes.delta) {
				if (!d.insert) continue;
				for (const id of d.insert as string[]) {
					const entry = inFlight.get(id);
					if (!entry) continue; // warm-up edits
					const ms = now - entry.sent;
					samples.push(ms);
					entry.left -= 1;
					if (entry.left === 0) {
						full.push(ms);
						inFlight.delete(id);
					}
				}
			}
		});
	});

	const period = 1000 / args.rate;
	const t0 = performance.now();
	const measureFrom = t0 + args.warmupMs;
	const stopAt = measureFrom + args.durationMs;
	let cpuStart = process.cpuUsage();
	const timers: NodeJS.Timeout[] = [];
	const done = new Promise<void>((resolve) => {
		let running = conns.length;
		conns.forEach((c, editor) => {
			const arr = c.doc.getArray<string>('bench');
			let seq = 0;
			const first = t0 + Math.random() * period;
			const tick = () => {
				const now = performance.now();
				if (now >= stopAt) {
					if (--running === 0) resolve();
					return;
				}
				if (now >= measureFrom && !measuring) {
					measuring = true;
					eld.enable();
					cpuStart = process.cpuUsage();
				}
				const id = `${editor}|${seq++}|${now.toFixed(3)}`;
				if (now >= measureFrom) {
					inFlight.set(id, { sent: now, left: conns.length - 1 });
					sent += 1;
				}
				arr.push([id]);
				// Drift-free schedule: the k-th edit is due at first + k·period.
				const due = first + seq * period;
				timers[editor] = setTimeout(tick, Math.max(0, due - performance.now()));
			};
			timers[editor] = setTimeout(tick, Math.max(0, first - performance.now()));
		});
	});
	await done;
	const cpu = process.cpuUsage(cpuStart);
	const measuredWallMs = performance.now() - measureFrom;
	// Let the last edits arrive (bounded).
	const drainUntil = performance.now() + args.drainMs;
	while (inFlight.size > 0 && performance.now() < drainUntil) await sleep(20);
	eld.disable();
	let missing = 0;
	for (const e of inFlight.values()) missing += e.left;
	const expected = sent * (conns.length - 1);
	closeAll();
	return {
		observer: 'every other client (one sample per edit and receiver)',
		editors: args.editors,
		rate: args.rate,
		connectMs,
		sent,
		expectedDeliveries: expected,
		delivered: samples.length,
		missingDeliveries: missing,
		editsPerSecond: sent / (args.durationMs / 1000),
		latencyMs: summarize(samples),
		fullPropagationMs: summarize(full),
		// Raw samples, so the orchestrator can merge segments of the same server.
		samples: Float64Array.from(samples),
		full: Float64Array.from(full),
		measuredWallMs,
		clientCpuPercent: ((cpu.user + cpu.system) / 1000 / measuredWallMs) * 100,
		clientEventLoopDelayMs: {
			p50: eld.percentile(50) / 1e6,
			p99: eld.percentile(99) / 1e6,
			max: eld.max / 1e6
		}
	};
}

interface IdleArgs {
	kind: Kind;
	url: string;
	origin: string;
	/** One entry per connection. */
	connections: Array<{ docName: string; cookie: string | null }>;
	timeoutMs: number;
}

/** Opens all connections at once and reports when each one synced (monotonic ms). */
async function idle(args: IdleArgs) {
	closeAll();
	const start = mono();
	const syncedAt: number[] = [];
	let failed = 0;
	const errors = new Set<string>();
	const conns = args.connections.map((c) => connect(args.kind, args.url, c.docName, c.cookie, args.origin));
	open = conns;
	await Promise.all(
		conns.map((c) =>
			withTimeout(c.synced, args.timeoutMs, 'sync').then(
				() => syncedAt.push(mono()),
				(e: Error) => {
					failed += 1;
					errors.add(e.message);
				}
			)
		)
	);
	return { start, syncedAt, failed, errors: [...errors].slice(0, 5) };
}

serve(
	{
		latency: (a: LatencyArgs) => latency(a),
		idle: (a: IdleArgs) => idle(a),
		closeAll: async () => {
			closeAll();
			await sleep(200);
			return { open: open.length };
		},
		mono: () => mono()
	},
	() => closeAll()
);
announce({ pid: process.pid });
