/**
 * Crash test: a client edits continuously and the server process is killed with SIGKILL at a
 * random moment, 20 times. Every edit the server acknowledged must be there after a restart.
 * The same harness against plain debounced storage must lose some — proof that it sees loss.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, runMigrations } from '../../src/lib/server/db';
import * as seed from '../../src/lib/server/seed';
import * as sessions from '../../src/lib/server/auth/sessions';
import { caseIdOf, connect, ORIGIN, sleep, waitFor } from './helpers';

const TRIALS = 20;
const ROOT = path.resolve(__dirname, '../..');

let dir: string;
let file: string;
let harness: string;
let cookie: string;
let docName: string;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kt-crash-'));
	file = path.join(dir, 'crash.db');
	// Bundle the harness once, so each of the many restarts is a plain, quick `node` start.
	// Inside the project, so the bundle's imports resolve from node_modules.
	harness = path.join(ROOT, 'node_modules/.cache/ketentafel', `crash-harness-${process.pid}.mjs`);
	await build({
		entryPoints: [path.join(__dirname, 'harness-server.ts')],
		bundle: true,
		platform: 'node',
		format: 'esm',
		packages: 'external',
		outfile: harness,
		logLevel: 'error'
	});
	const db = open(file);
	runMigrations(db);
	const refs = await seed.demo(db, new Date());
	const token = sessions.generateToken();
	// A long session: the test outlives the default idle time of nothing, but be explicit.
	sessions.create(db, token, refs.user['coordinator.zorg'], new Date());
	cookie = `${sessions.COOKIE_NAME}=${token}`;
	docName = `case:${caseIdOf(db, 'B.P.', 'victim')}:plan`;
	db.$client.close();
});

afterAll(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.rmSync(harness, { force: true });
});

function startHarness(writeAhead: boolean): Promise<{ child: ChildProcess; url: string }> {
	return new Promise((resolve, reject) => {
		// Plain node on the bundle: the killed process is the server itself (a wrapper such as the
		// tsx CLI would spawn a child that SIGKILL misses).
		const child = spawn(process.execPath, [harness], {
			cwd: ROOT,
			env: {
				...process.env,
				DATABASE_PATH: file,
				WRITE_AHEAD: writeAhead ? '1' : '0',
				ORIGIN,
				MIGRATIONS_PATH: path.join(ROOT, 'drizzle')
			},
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		const timer = setTimeout(() => reject(new Error('harness did not start')), 20_000);
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /READY (\d+)/.exec(out);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: `ws://127.0.0.1:${match[1]}/collab` });
			}
		});
		child.once('exit', (code) => reject(new Error(`harness exited ${code}`)));
	});
}

function killed(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		child.removeAllListeners('exit');
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

function acknowledged(
	c: ReturnType<typeof connect>,
	timeoutMs: number,
	stopped: Promise<void>
): Promise<boolean> {
	if (c.provider.unsyncedChanges === 0) return Promise.resolve(true);
	return new Promise((resolve) => {
		void stopped.then(() => resolve(false));
		const timer = setTimeout(() => {
			c.provider.off('unsyncedChanges', onChange);
			resolve(false);
		}, timeoutMs);
		const onChange = ({ number }: { number: number }) => {
			if (number !== 0) return;
			clearTimeout(timer);
			c.provider.off('unsyncedChanges', onChange);
			resolve(true);
		};
		c.provider.on('unsyncedChanges', onChange);
	});
}

/**
 * Runs `trials` kills against one kind of storage. Each trial edits (one array element per
 * edit, waiting for the server's acknowledgement before the next) until the server is killed at
 * a random moment, restarts it, and counts acknowledged edits that are missing.
 */
async function runTrials(
	writeAhead: boolean,
	trials: number
): Promise<Array<{ acked: number; lost: number }>> {
	const results: Array<{ acked: number; lost: number }> = [];
	let server = await startHarness(writeAhead);
	for (let n = 0; n < trials; n++) {
		const list = `edits-${writeAhead ? 'wal' : 'debounced'}-${n}`;
		const c = connect(server.url, docName, cookie);
		await waitFor(() => c.provider.isSynced, 10_000, 'sync');
		const arr = c.doc.getArray<number>(list);
		let acked = 0;
		let stop = false;
		let markStopped = () => {};
		const stopped = new Promise<void>((resolve) => (markStopped = resolve));
		const editing = (async () => {
			for (let i = 0; !stop; i++) {
				arr.push([i]);
				const ok = await acknowledged(c, 2000, stopped);
				if (!ok || stop) break;
				acked = i + 1;
			}
		})();
		await sleep(150 + Math.random() * 500);
		const ackedAtKill = acked;
		await killed(server.child);
		stop = true;
		markStopped();
		await editing;
		c.destroy();

		server = await startHarness(writeAhead);
		const check = connect(server.url, docName, cookie);
		await waitFor(() => check.provider.isSynced, 10_000, 'sync after restart');
		const present = new Set(check.doc.getArray<number>(list).toArray());
		let lost = 0;
		for (let i = 0; i < ackedAtKill; i++) if (!present.has(i)) lost++;
		check.destroy();
		results.push({ acked: ackedAtKill, lost });
	}
	await killed(server.child);
	return results;
}

describe('crash safety (SIGKILL during continuous editing)', () => {
	it(
		`loses no acknowledged edit in ${TRIALS} trials with write-ahead storage`,
		{ timeout: 300_000 },
		async () => {
			const results = await runTrials(true, TRIALS);
			const acked = results.reduce((sum, r) => sum + r.acked, 0);
			console.log(
				`write-ahead: ${acked} acknowledged edits over ${TRIALS} kills, lost ${results.reduce((s, r) => s + r.lost, 0)}`
			);
			expect(acked).toBeGreaterThan(TRIALS * 10);
			expect(results.map((r) => r.lost)).toEqual(results.map(() => 0));
		}
	);

	it(
		'does lose acknowledged edits with plain debounced storage (the harness can see loss)',
		{ timeout: 300_000 },
		async () => {
			const results = await runTrials(false, 5);
			const lost = results.reduce((sum, r) => sum + r.lost, 0);
			console.log(
				`debounced: lost ${lost} of ${results.reduce((s, r) => s + r.acked, 0)} acknowledged edits in 5 kills`
			);
			expect(lost).toBeGreaterThan(0);
		}
	);
});
