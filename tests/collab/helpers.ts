/**
 * A real collaboration server on a free port, over a fresh SQLite file, and stock
 * `@hocuspocus/provider` clients that connect with a real session cookie. Each test file builds
 * the people, tables, cases and meetings it needs with the test-data builder (`s.b`), not the demo
 * seed; `cookieFor` signs a built person in with a real session row.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { open, runMigrations, type Db } from '../../src/lib/server/db';
import * as sessions from '../../src/lib/server/auth/sessions';
import { createCollabServer, type CollabOptions, type CollabServer } from '../../src/lib/server/collab';
import { builder, type Builder } from '../support/build';

export { Y };

export const ORIGIN = 'http://localhost:5999';

export interface TestServer {
	db: Db;
	/** The builder for this server's database. */
	b: Builder;
	collab: CollabServer;
	url: string;
	port: number;
	file: string;
	dir: string;
	/** A fresh session cookie for a person the test built (a session row, as signing in makes). */
	cookieFor(person: { id: number }): { cookie: string; token: string };
	stop(): Promise<void>;
}

export async function startServer(options: Partial<CollabOptions> = {}): Promise<TestServer> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kt-collab-'));
	const file = path.join(dir, 'test.db');
	const db = open(file);
	runMigrations(db);
	const b = builder(db);
	const collab = createCollabServer({ db, origin: ORIGIN, debounce: 200, maxDebounce: 1000, ...options });
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		db,
		b,
		collab,
		port,
		url: `ws://127.0.0.1:${port}/collab`,
		file,
		dir,
		cookieFor(person: { id: number }) {
			const token = sessions.generateToken();
			sessions.create(db, token, person.id, new Date());
			return { cookie: `${sessions.COOKIE_NAME}=${token}`, token };
		},
		async stop() {
			await collab.shutdown();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections?.();
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A WebSocket class that sends the given cookie and Origin, as a browser would. */
export function socketClass(cookie: string | null, origin = ORIGIN) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			const headers: Record<string, string> = { origin };
			if (cookie) headers.cookie = cookie;
			super(url, protocols, { headers });
		}
	};
}

export interface Client {
	provider: HocuspocusProvider;
	doc: Y.Doc;
	events: Array<[string, unknown]>;
	destroy(): void;
}

export function connect(
	url: string,
	name: string,
	cookie: string | null,
	extra: { origin?: string } = {}
): Client {
	const doc = new Y.Doc();
	const events: Array<[string, unknown]> = [];
	// `WebSocketPolyfill` is honoured at run time but missing from the provider's types; a variable
	// (not a literal) avoids the excess-property check.
	const config = {
		url,
		name,
		document: doc,
		WebSocketPolyfill: socketClass(cookie, extra.origin) as unknown as typeof globalThis.WebSocket,
		onAuthenticated: (e: { scope: string }) => events.push(['authenticated', e.scope]),
		onAuthenticationFailed: (e: { reason: string }) => events.push(['authFailed', e.reason]),
		onClose: (e: { event: unknown }) => events.push(['close', (e.event as { code?: number })?.code])
	};
	const provider = new HocuspocusProvider(config);
	return {
		provider,
		doc,
		events,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<number> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await sleep(10);
	}
	return Date.now() - start;
}

/** The id of a case by its subject label and kind (the crash test's seeded database file). */
export function caseIdOf(db: Db, label: string, kind: 'victim' | 'perpetrator'): number {
	const row = db.$client
		.prepare(
			'select c.id from case_file c join subject s on s.id = c.subject_id where s.label = ? and c.kind = ?'
		)
		.get(label, kind) as { id: number } | undefined;
	if (!row) throw new Error(`no case ${label}`);
	return row.id;
}
