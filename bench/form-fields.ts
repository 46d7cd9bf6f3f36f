/**
 * `npm run bench:forms` — how long a form post with many fields blocks the server (issue 14).
 *
 * Starts the built app (`node server.js`, as tests/e2e/crash-harness.ts does) on a fresh demo
 * database, signs in as `melder`, measures a normal GET (`/signals/new`, a rendered page) on its
 * own, then posts a url-encoded form with BENCH_FIELDS (50,000) fields `p0=1&p1=1&…` to
 * `/signals/new` while the same GET is sent again and again in parallel. Reported: the post's
 * status and answer time, the slowest parallel GET, and the blocked time as a ratio to the
 * normal GET's median in the same run. Timing never fails the run (exit code 0 unless the
 * benchmark itself breaks). Results: stdout and bench/results/forms-latest.json.
 *
 * Needs a build (`npm run build`). Knobs: BENCH_FIELDS (50000), BENCH_BASELINE (30 GETs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, send, signIn, startApp, type KillableApp } from '../tests/e2e/crash-harness';
import { round, summarize } from './lib/stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const num = (name: string, fallback: number) => {
	const v = Number(process.env[name]);
	return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
const FIELDS = num('BENCH_FIELDS', 50_000);
const BASELINE = num('BENCH_BASELINE', 30);
const PAGE = '/signals/new';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function timedGet(app: KillableApp, cookie: string): Promise<number> {
	const t0 = performance.now();
	const res = await send(app, 'GET', PAGE, { cookie });
	if (res.status !== 200) throw new Error(`GET ${PAGE}: HTTP ${res.status}`);
	return performance.now() - t0;
}

async function main() {
	if (!fs.existsSync(path.join(ROOT, 'build', 'handler.js')))
		throw new Error('No build: run `npm run build` first.');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ketentafel-bench-forms-'));
	const app = await startApp(path.join(tmp, 'demo.db'), await freePort(), 'bench:forms');
	try {
		const cookie = await signIn(app, 'melder');
		for (let i = 0; i < 5; i++) await timedGet(app, cookie); // warm-up
		const baseline: number[] = [];
		for (let i = 0; i < BASELINE; i++) baseline.push(await timedGet(app, cookie));
		const normal = summarize(baseline);

		const form = Array.from({ length: FIELDS }, (_, i) => [`p${i}`, '1'] as [string, string]);
		const bodyBytes = Buffer.byteLength(new URLSearchParams(form).toString());
		log(`posting ${FIELDS.toLocaleString('en')} fields (${round(bodyBytes / 1024, 1)} KiB) to ${PAGE}`);
		const parallel: number[] = [];
		let done = false;
		const t0 = performance.now();
		const post = send(app, 'POST', PAGE, { cookie, form }).then((res) => {
			done = true;
			return { status: res.status, ms: performance.now() - t0, body: res.body ?? '' };
		});
		const probes = (async () => {
			while (!done) parallel.push(await timedGet(app, cookie));
		})();
		const answer = await post;
		await probes;

		const slowest = Math.max(...parallel);
		const refused = answer.body.includes('te veel velden');
		const results = {
			date: new Date().toISOString(),
			node: process.version,
			cpus: os.cpus().length,
			loadavg: os.loadavg().map((v) => round(v, 2)),
			fields: FIELDS,
			bodyBytes,
			normalGetMs: { p50: round(normal.p50, 2), p95: round(normal.p95, 2), max: round(normal.max, 2) },
			post: { status: answer.status, refusedWithDutchMessage: refused, ms: round(answer.ms, 2) },
			parallelGets: { count: parallel.length, slowestMs: round(slowest, 2) },
			blockedRatio: round(slowest / normal.p50, 2),
			postRatio: round(answer.ms / normal.p50, 2)
		};
		const out = path.join(ROOT, 'bench', 'results');
		fs.mkdirSync(out, { recursive: true });
		fs.writeFileSync(path.join(out, 'forms-latest.json'), JSON.stringify(results, null, 2) + '\n');

		console.log(
			`\nForm post with ${FIELDS.toLocaleString('en')} fields (${round(bodyBytes / 1024, 1)} KiB) to ${PAGE} as melder`
		);
		console.log(
			`  normal GET ${PAGE}          p50 ${results.normalGetMs.p50} ms, p95 ${results.normalGetMs.p95} ms (${BASELINE} alone)`
		);
		console.log(
			`  post answered             HTTP ${answer.status} in ${results.post.ms} ms${refused ? ' (refused: "te veel velden")' : ''}`
		);
		console.log(
			`  parallel GETs meanwhile   ${parallel.length}, slowest ${results.parallelGets.slowestMs} ms`
		);
		console.log(
			`  blocked ratio             ${results.blockedRatio}× a normal GET (slowest parallel GET ÷ normal p50)`
		);
		console.log(
			`  post ratio                ${results.postRatio}× a normal GET (post answer time ÷ normal p50)`
		);
		console.log(`  load average              ${results.loadavg.join(' ')} on ${results.cpus} CPUs`);
		if (os.loadavg()[0] > results.cpus) console.log('  NOTE: the machine was busy; times are inflated.');
	} finally {
		await app.stop();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
