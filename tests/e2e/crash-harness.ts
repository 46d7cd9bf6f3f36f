/**
 * A killable app server for crash tests in the browser tier (crash-forms.spec.ts): the built app
 * (`node server.js` from the run's copy of the build, see global-setup.ts) started directly as the
 * child process, so SIGKILL hits the server itself and not a wrapper; restartable on the same
 * database and port. Plus plain HTTP requests without a browser, which tell whether the server
 * answered (the status line arrived) even when the body is cut off by the kill.
 *
 * The server is started the way fixtures.ts starts it (same environment), but that pool keeps one
 * server per spec file and cannot kill or restart it, hence this small copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { DEMO_PASSWORD, ROOT, emailOf, freePort } from './fixtures';

export { freePort };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface KillableApp {
	/** http://localhost:<port>: the ORIGIN the app checks form posts against. */
	baseURL: string;
	port: number;
	/** Connections of this server's lifetime (a restarted server gets a new agent). */
	agent: http.Agent;
	/** How long the start took until /healthz answered 200. */
	startMs: number;
	output(): string;
	/** SIGKILL, and wait until the process is gone. */
	kill(): Promise<void>;
	/** SIGTERM (SIGKILL after 5 s), for the end of the test. */
	stop(): Promise<void>;
}

/** Starts `node server.js` on the database (seeded in demo mode when empty) and waits for /healthz. */
export async function startApp(databasePath: string, port: number, label = 'crash'): Promise<KillableApp> {
	const started = Date.now();
	const baseURL = `http://localhost:${port}`;
	const appDir = process.env.E2E_APP_DIR ?? ROOT;
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		cwd: appDir,
		env: {
			...process.env,
			MIGRATIONS_PATH: path.join(appDir, 'drizzle'),
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATABASE_PATH: databasePath,
			KETENTAFEL_DEMO: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (output.length > 100_000) output = output.slice(-50_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const gone = () => child.exitCode !== null || child.signalCode !== null;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

	const kill = async () => {
		if (!gone()) {
			child.kill('SIGKILL');
			await exited;
		}
		agent.destroy();
	};
	const stop = async () => {
		if (!gone()) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
		agent.destroy();
	};

	const deadline = Date.now() + 45_000;
	let last: string | undefined;
	for (;;) {
		if (gone()) {
			throw new Error(
				`The app server (${label}) stopped during start-up (${child.exitCode ?? child.signalCode}).\n${output.slice(-5_000)}`
			);
		}
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
			await res.arrayBuffer();
			if (res.status === 200) break;
			last = `HTTP ${res.status}`;
		} catch (e) {
			last = e instanceof Error ? e.message : String(e);
		}
		if (Date.now() > deadline) {
			await kill();
			throw new Error(
				`The app server (${label}) did not answer /healthz within 45 s (last: ${last}).\n${output.slice(-5_000)}`
			);
		}
		await sleep(50);
	}
	return { baseURL, port, agent, startMs: Date.now() - started, output: () => output, kill, stop };
}

export interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Null when the body was cut off (the server was killed after answering). */
	body: string | null;
	/** Date.now() when the status line arrived. */
	answeredAt: number;
}

/**
 * One request as a browser without JavaScript would send it: the session cookie, the app's own
 * Origin, urlencoded form fields, asking for HTML (so failed actions get real 4xx statuses), no
 * redirects followed. With `enhanced`, a form post as SvelteKit's `use:enhance` sends it: the
 * action's result comes back as JSON (`{"type":"success"|"failure"|"redirect",…}`, always HTTP
 * 200) and the page is not rendered. Resolves as soon as the status line is there, with the body
 * if it arrives whole; rejects when the server never answered.
 */
export function send(
	app: KillableApp,
	method: 'GET' | 'POST',
	pathAndQuery: string,
	options: { cookie?: string; form?: Array<[string, string]>; enhanced?: boolean } = {}
): Promise<Answer> {
	const payload = options.form ? new URLSearchParams(options.form).toString() : undefined;
	const headers: Record<string, string> = {
		Accept: 'text/html,application/xhtml+xml',
		Host: `localhost:${app.port}`
	};
	if (options.enhanced) {
		headers.Accept = 'application/json';
		headers['x-sveltekit-action'] = 'true';
	}
	if (options.cookie) headers.Cookie = options.cookie;
	if (payload !== undefined) {
		headers.Origin = app.baseURL;
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		headers['Content-Length'] = String(Buffer.byteLength(payload));
	}
	return new Promise<Answer>((resolve, reject) => {
		const req = http.request({
			host: '127.0.0.1',
			port: app.port,
			method,
			path: pathAndQuery,
			headers,
			agent: app.agent
		});
		req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.on('response', (res) => {
			const answer: Answer = {
				status: res.statusCode ?? 0,
				headers: res.headers,
				body: null,
				answeredAt: Date.now()
			};
			const chunks: Buffer[] = [];
			let settled = false;
			const done = (whole: boolean) => {
				if (settled) return;
				settled = true;
				if (whole) answer.body = Buffer.concat(chunks).toString('utf8');
				resolve(answer);
			};
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => done(true));
			res.on('error', () => done(false));
			res.on('aborted', () => done(false));
			res.on('close', () => done(res.complete));
		});
		req.end(payload);
	});
}

/** Signs in over HTTP with the demo password; returns the `name=value` of the session cookie. */
export async function signIn(app: KillableApp, who: string): Promise<string> {
	const res = await send(app, 'POST', '/login', {
		form: [
			['email', emailOf(who)],
			['password', DEMO_PASSWORD]
		]
	});
	const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
	const session = cookies.map((c) => c.split(';')[0]).find((c) => !c.endsWith('='));
	if (res.status !== 303 || !session) {
		throw new Error(
			`sign-in as ${who}: HTTP ${res.status}, cookies ${JSON.stringify(cookies)}\n${(res.body ?? '').slice(0, 500)}`
		);
	}
	return session;
}
