/**
 * The Ketentafel collaboration server as production runs it — `createCollabServer` with its
 * defaults (session-cookie auth, Origin check, policy, write-ahead SQLite store, compaction,
 * audit log, rate limits) — on a plain http server in its own process. The database at
 * DATABASE_PATH is already seeded by the orchestrator.
 *
 * Read-only instrumentation (no behaviour change): time spent in SQLite calls per statement,
 * in the store's append/compact and in onAuthenticate, so a slow run can be explained.
 */
import http from 'node:http';
import { open, runMigrations } from '../../src/lib/server/db';
import { createCollabServer } from '../../src/lib/server/collab';
import { announce, serve } from '../lib/rpc';
import * as probe from './probe';

const file = process.env.DATABASE_PATH;
const origin = process.env.ORIGIN;
if (!file || !origin) throw new Error('DATABASE_PATH and ORIGIN are required');

// --- instrumentation -------------------------------------------------------------------------
interface Timing {
	count: number;
	totalMs: number;
	maxMs: number;
}
const timing = () => ({ count: 0, totalMs: 0, maxMs: 0 });
let sqlByStatement = new Map<string, Timing>();
let hooks: Record<string, Timing> = {};
const note = (t: Timing, ms: number) => {
	t.count += 1;
	t.totalMs += ms;
	if (ms > t.maxMs) t.maxMs = ms;
};
const hook = (name: string) => (hooks[name] ??= timing());

const db = open(file);
runMigrations(db);
// Diagnostic only (BENCH_SQLITE_SYNCHRONOUS=NORMAL): how much of the cost is the fsync per write.
if (process.env.BENCH_SQLITE_SYNCHRONOUS)
	db.$client.pragma(`synchronous = ${process.env.BENCH_SQLITE_SYNCHRONOUS}`);

{
	const proto = Object.getPrototypeOf(db.$client.prepare('select 1')) as Record<string, unknown>;
	for (const method of ['run', 'get', 'all']) {
		const original = proto[method] as (...a: unknown[]) => unknown;
		proto[method] = function (this: { source: string }, ...a: unknown[]) {
			const start = performance.now();
			try {
				return original.apply(this, a);
			} finally {
				const key = this.source.replace(/\s+/g, ' ').slice(0, 70);
				let t = sqlByStatement.get(key);
				if (!t) sqlByStatement.set(key, (t = timing()));
				note(t, performance.now() - start);
			}
		};
	}
	const dbProto = Object.getPrototypeOf(db.$client) as Record<string, unknown>;
	const pragma = dbProto.pragma as (...a: unknown[]) => unknown;
	dbProto.pragma = function (this: unknown, ...a: unknown[]) {
		const start = performance.now();
		try {
			return pragma.apply(this, a);
		} finally {
			const key = `pragma ${String(a[0])}`;
			let t = sqlByStatement.get(key);
			if (!t) sqlByStatement.set(key, (t = timing()));
			note(t, performance.now() - start);
		}
	};
}

// Production defaults (as startAppCollab): only db and origin are given.
const collab = createCollabServer({ db, origin });

function timeMethod(target: object, name: string, label: string) {
	const obj = target as Record<string, (...a: unknown[]) => unknown>;
	const original = obj[name].bind(target);
	obj[name] = (...a: unknown[]) => {
		const start = performance.now();
		const done = () => note(hook(label), performance.now() - start);
		try {
			const result = original(...a);
			if (result instanceof Promise) return result.finally(done);
			done();
			return result;
		} catch (e) {
			done();
			throw e;
		}
	};
}
timeMethod(collab.store, 'append', 'store.append (write-ahead insert)');
timeMethod(collab.store, 'compact', 'store.compact');
timeMethod(collab.access, 'onAuthenticate', 'access.onAuthenticate');
timeMethod(collab, 'handleUpgrade', 'handleUpgrade (sync part)');

// --- server ----------------------------------------------------------------------------------
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));

function resetCounters() {
	sqlByStatement = new Map();
	hooks = {};
}

serve(
	{
		memory: probe.memory,
		heapSnapshot: probe.heapSnapshot,
		mark: () => {
			probe.mark();
			resetCounters();
		},
		stats: () => {
			const sql = [...sqlByStatement.entries()]
				.map(([statement, t]) => ({ statement, ...t }))
				.sort((a, b) => b.totalMs - a.totalMs);
			const sqlTotalMs = sql.reduce((s, t) => s + t.totalMs, 0);
			let connections = 0;
			for (const doc of collab.hocuspocus.documents.values()) connections += doc.getConnectionsCount();
			return {
				...probe.sinceMark(),
				documents: collab.hocuspocus.documents.size,
				connections,
				sqlTotalMs,
				sqlTop: sql.slice(0, 8),
				hooks
			};
		}
	},
	async () => {
		await collab.shutdown();
		server.close();
		db.$client.close();
	}
);

server.listen(0, '127.0.0.1', () => {
	const port = (server.address() as { port: number }).port;
	announce({ port, url: `ws://127.0.0.1:${port}/collab` });
});
