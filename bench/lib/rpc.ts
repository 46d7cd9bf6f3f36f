/**
 * A tiny request/response channel over Node's IPC, so the orchestrator can drive server and
 * client child processes: `call(child, 'cmd', args)` in the parent, `serve({ cmd: fn })` in the child.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Request {
	rpc: number;
	cmd: string;
	args: unknown;
}
interface Response {
	rpc: number;
	result?: unknown;
	error?: string;
}

export interface Worker {
	child: ChildProcess;
	call<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
	/** The first message the child sends on its own (e.g. `{ ready: port }`). */
	ready: Promise<Record<string, unknown>>;
	stop(): Promise<void>;
}

/** Forks a bundled child script with IPC and returns a handle to call it. */
export function spawnWorker(
	script: string,
	options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; name: string }
): Worker {
	const child = fork(script, [], {
		env: { ...process.env, ...options.env },
		execArgv: options.execArgv ?? [],
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	let next = 1;
	const pending = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
	>();
	let readyResolve!: (v: Record<string, unknown>) => void;
	let readyReject!: (e: Error) => void;
	const ready = new Promise<Record<string, unknown>>((res, rej) => {
		readyResolve = res;
		readyReject = rej;
	});
	const readyTimer = setTimeout(
		() => readyReject(new Error(`${options.name} did not start within 30 s`)),
		30_000
	);
	child.on('message', (raw) => {
		const msg = raw as Response & { ready?: unknown };
		if ('ready' in msg) {
			clearTimeout(readyTimer);
			readyResolve(msg as unknown as Record<string, unknown>);
			return;
		}
		const p = pending.get(msg.rpc);
		if (!p) return;
		pending.delete(msg.rpc);
		clearTimeout(p.timer);
		if (msg.error) p.reject(new Error(`${options.name}: ${msg.error}`));
		else p.resolve(msg.result);
	});
	let exited = false;
	const exit = new Promise<void>((resolve) =>
		child.once('exit', (code, signal) => {
			exited = true;
			clearTimeout(readyTimer);
			const err = new Error(`${options.name} exited (code ${code}, signal ${signal})`);
			readyReject(err);
			for (const p of pending.values()) {
				clearTimeout(p.timer);
				p.reject(err);
			}
			pending.clear();
			resolve();
		})
	);
	return {
		child,
		ready,
		call<T>(cmd: string, args: unknown = {}, timeoutMs = 120_000): Promise<T> {
			if (exited) return Promise.reject(new Error(`${options.name} is not running`));
			const rpc = next++;
			return new Promise<T>((resolve, reject) => {
				const timer = setTimeout(() => {
					pending.delete(rpc);
					reject(new Error(`${options.name}: ${cmd} timed out after ${timeoutMs} ms`));
				}, timeoutMs);
				pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject, timer });
				child.send({ rpc, cmd, args } satisfies Request);
			});
		},
		async stop() {
			if (exited) return;
			child.send({ rpc: 0, cmd: '__exit', args: {} } satisfies Request);
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exit;
			clearTimeout(timer);
		}
	};
}

type Handler = (args: never) => unknown;

/** In a child: answers calls from the parent; `__exit` ends the process. */
export function serve(handlers: Record<string, Handler>, onExit?: () => Promise<void> | void): void {
	const handle = async (raw: unknown) => {
		const { rpc, cmd, args } = raw as Request;
		if (cmd === '__exit') {
			try {
				await onExit?.();
			} finally {
				process.exit(0);
			}
		}
		const handler = handlers[cmd];
		try {
			if (!handler) throw new Error(`unknown command ${cmd}`);
			const result = await handler(args as never);
			process.send!({ rpc, result } satisfies Response);
		} catch (e) {
			process.send!({
				rpc,
				error: e instanceof Error ? (e.stack ?? e.message) : String(e)
			} satisfies Response);
		}
	};
	process.on('message', (raw) => void handle(raw));
	// The parent going away ends the child too (no orphans on a crash of the orchestrator).
	process.on('disconnect', () => process.exit(0));
}

/** Announces readiness to the parent with extra fields (e.g. the port). */
export function announce(fields: Record<string, unknown>): void {
	process.send!({ ready: true, ...fields });
}
