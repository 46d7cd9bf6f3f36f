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
	session = null;
}

interface PrepareArgs {
	kind: Kind;
	url: string;
	origin: string;
	docName: string;
	/** The editors this process runs: their global index and cookie (null for the relay). */
	editors: Array<{ index: number; cookie: string | null }>;
}

interface RunArgs {
	/** Common start (monotonic ms) for every client process. */
	t0: number;
	/** Edits per second per editor. */
	rate: number;
	/** Editors over all processes: each edit is due at every one of them but its sender. */
	totalEditors: number;
	warmupMs: number;
	durationMs: number;
	drainMs: number;
}

let session: {
	editors: Array<{ index: number; conn: Conn }>;
	onArrival: ((id: string, now: number) => void) | null;
} | null = null;

/**
 * Calls onArrival for every value a remote transaction inserted. Reads only the new structs
 * (from the state-vector difference) instead of `event.changes`, which walks the whole array on
 * every event and would make the harness, not the server, the bottleneck as the array grows.
 */
function onRemoteInserts(tr: Y.Transaction): void {
	if (tr.local || !session?.onArrival) return;
	const now = mono();
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = structs.length - 1; i >= 0; i--) {
			const s = structs[i];
			if (s.id.clock + s.length <= before) break;
			if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny)) continue;
			const values = s.content.arr as string[];
			// A struct may start before this transaction (merged with an earlier insert).
			for (let k = Math.max(0, before - s.id.clock); k < values.length && s.id.clock + k < after; k++) {
				session.onArrival(values[k], now);
			}
		}
	}
}

/** Connects this process's editors to the document and waits until all are synced. */
async function latencyPrepare(args: PrepareArgs) {
	closeAll();
	const start = performance.now();
	const editors = args.editors.map((e) => ({
		index: e.index,
		conn: connect(args.kind, args.url, args.docName, e.cookie, args.origin)
	}));
	open = editors.map((e) => e.conn);
	await withTimeout(Promise.all(open.map((c) => c.synced)), 30_000, `${editors.length} editors synced`);
	session = { editors, onArrival: null };
	for (const { conn } of editors) conn.doc.on('afterTransaction', (tr: Y.Transaction) => onRemoteInserts(tr));

	return { connectMs: performance.now() - start };
}

/**
 * Every editor pushes a small string `<editor>|<seq>|<sent, monotonic ms>` into a shared Y.Array
 * at `rate` per second (first edit at a random phase). Latency is taken from the timestamp
 * embedded in the edit (the sender's local edit) to its arrival — the remote transaction — at
 * EVERY other client, whichever process it is in: one sample per (edit, receiver). Only edits
 * sent inside the measuring window count; the warm-up's are ignored.
 */
async function latencyRun(args: RunArgs) {
	if (!session) throw new Error('latencyPrepare first');
	const { editors } = session;
	const eld = monitorEventLoopDelay({ resolution: 10 });
	const measureFrom = args.t0 + args.warmupMs;
	const stopAt = measureFrom + args.durationMs;
	const local = editors.length;
	const samples: number[] = [];
	// Per measured edit: deliveries seen here and the slowest of them.
	const perEdit = new Map<string, { n: number; max: number }>();
	let lastArrival = 0;
	session.onArrival = (id, now) => {
		const sent = Number(id.slice(id.lastIndexOf('|') + 1));
		if (!(sent >= measureFrom && sent < stopAt)) return;
		const ms = now - sent;
		samples.push(ms);
		const e = perEdit.get(id);
		if (e) {
			e.n += 1;
			if (ms > e.max) e.max = ms;
		} else perEdit.set(id, { n: 1, max: ms });
		lastArrival = now;
	};

	const sentIds: string[] = [];
	const senderOf = new Set<string>();
	const period = 1000 / args.rate;
	let cpuStart = process.cpuUsage();
	let measuring = false;
	await new Promise<void>((resolve) => {
		let running = local;
		for (const { index, conn } of editors) {
			const arr = conn.doc.getArray<string>('bench');
			let seq = 0;
			const first = args.t0 + Math.random() * period;
			const tick = () => {
				const now = mono();
				if (now >= stopAt) {
					if (--running === 0) resolve();
					return;
				}
				if (now >= measureFrom && !measuring) {
					measuring = true;
					eld.enable();
					cpuStart = process.cpuUsage();
				}
				const id = `${index}|${seq++}|${now.toFixed(3)}`;
				if (now >= measureFrom) {
					sentIds.push(id);
					senderOf.add(id);
				}
				arr.push([id]);
				// Drift-free schedule: the k-th edit is due at first + k·period.
				setTimeout(tick, Math.max(0, first + seq * period - mono()));
			};
			setTimeout(tick, Math.max(0, first - mono()));
		}
		if (local === 0) resolve();
	});
	const cpu = process.cpuUsage(cpuStart);
	const measuredWallMs = mono() - measureFrom;
	// Drain (bounded): until every edit seen here reached all local receivers and nothing
	// arrived for 300 ms, at most drainMs.
	const drainUntil = mono() + args.drainMs;
	const complete = () => {
		for (const [id, e] of perEdit) if (e.n < local - (senderOf.has(id) ? 1 : 0)) return false;
		for (const id of sentIds) if (local > 1 && !perEdit.has(id)) return false;
		return true;
	};
	while (mono() < drainUntil && !(complete() && mono() - lastArrival > 300)) await sleep(20);
	eld.disable();
	session.onArrival = null;
	const ids = [...perEdit.keys()];
	return {
		sentIds,
		samples: Float64Array.from(samples),
		perEdit: {
			ids,
			n: Uint32Array.from(ids.map((i) => perEdit.get(i)!.n)),
			max: Float64Array.from(ids.map((i) => perEdit.get(i)!.max))
		},
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
		latencyPrepare: (a: PrepareArgs) => latencyPrepare(a),
		latencyRun: (a: RunArgs) => latencyRun(a),
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
