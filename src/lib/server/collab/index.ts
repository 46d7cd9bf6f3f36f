/**
 * The collaboration server: Hocuspocus in the same process and on the same port as SvelteKit,
 * at `/collab` (DESIGN.md §4). `server.js` (production) and the Vite plugin (dev, preview) hand
 * upgrade requests to `handleUpgrade`; everything else about a connection is decided here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Db } from '../db';
import { getDb } from '../db';
import * as actors from '../actors';
import * as audit from '../audit';
import * as sessions from '../auth/sessions';
import { origin as configuredOrigin } from '../config';
import { AccessControl, CLOSE, type CollabContext } from './access';
import { GroupCommit } from '../db/group-commit';
import { DurableStore } from './store';
import { ActionsExtension } from './actions-extension';
import { MeetingExtension } from './meeting-extension';
import type { DocumentWriter } from '../actions/changes';
import type * as Y from 'yjs';

export interface CollabOptions {
	db: Db;
	/** The only Origin allowed to open a socket (cross-site WebSocket hijacking). */
	origin: string;
	/** Largest single message in bytes; larger ones close the socket (1009). */
	maxPayload?: number;
	/** Messages and bytes one socket may send per window before it is closed. */
	rate?: { windowMs: number; messages: number; bytes: number };
	writeAhead?: boolean;
	extensions?: Extension[];
	/** Debounce of compaction (ms); defaults as Hocuspocus (2 s, at most 10 s). */
	debounce?: number;
	maxDebounce?: number;
}

/** The collaboration server; its `change` is a `DocumentWriter` (actions/changes.ts). */
export interface CollabServer extends DocumentWriter {
	hocuspocus: Hocuspocus;
	access: AccessControl;
	store: DurableStore;
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/**
	 * Changes the document on the server, on behalf of a user (attributed to them in the
	 * timeline): everyone with the document open sees the change at once. This is the production
	 * `DocumentWriter` (see `writer.ts`); routes never call it directly, domain functions do.
	 */
	change(documentName: string, userId: number, work: (doc: Y.Doc) => void): Promise<void>;
	shutdown(): Promise<void>;
}

function toWebRequest(req: IncomingMessage): Request {
	const headers = new Headers();
	for (const [key, value] of Object.entries(req.headers)) {
		if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
		else if (value !== undefined) headers.set(key, value);
	}
	return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), { headers });
}

function cookieValue(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [k, ...rest] = part.trim().split('=');
		if (k === name) return decodeURIComponent(rest.join('='));
	}
	return null;
}

function refuse(socket: Duplex, status: number, text: string) {
	if (socket.destroyed) return;
	socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}

function asBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return data;
}

/** Creates a collaboration server over a database. */
export function createCollabServer(options: CollabOptions): CollabServer {
	const { db } = options;
	// One fsync for the writes of everyone connecting or typing at the same moment.
	const commits = new GroupCommit(db);
	const access = new AccessControl(db, commits);
	const store = new DurableStore({ db, writeAhead: options.writeAhead, commits });
	const hocuspocus = new Hocuspocus({
		name: 'ketentafel',
		quiet: true,
		debounce: options.debounce ?? 2000,
		maxDebounce: options.maxDebounce ?? 10_000,
		extensions: [
			access,
			store,
			new ActionsExtension(db),
			new MeetingExtension(db),
			...(options.extensions ?? [])
		]
	});
	access.attach(hocuspocus);
	const maxPayload = options.maxPayload ?? 2 * 1024 * 1024;
	const rate = options.rate ?? { windowMs: 10_000, messages: 2000, bytes: 16 * 1024 * 1024 };
	const wss = new WebSocketServer({ noServer: true, maxPayload });

	function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const now = new Date();
		const clientAddress = req.socket.remoteAddress ?? null;
		const deny = (status: number, text: string, detail: string, userId: number | null = null) => {
			audit.record(
				db,
				{ userId, action: 'denied', objectType: 'collab', objectId: 'socket', clientAddress, detail },
				now
			);
			refuse(socket, status, text);
		};
		if ((req.url ?? '').split('?')[0] !== '/collab') return refuse(socket, 404, 'Not Found');
		if (req.headers.origin !== options.origin)
			return deny(403, 'Forbidden', `origin ${String(req.headers.origin ?? 'ontbreekt').slice(0, 100)}`);
		const token = cookieValue(req.headers.cookie, sessions.COOKIE_NAME);
		// Only a check: the session slides (a write) when the connection authenticates, in the group
		// commit with its access-log entry.
		const valid = token && token.length <= 64 ? sessions.validate(db, token, now, { write: false }) : null;
		const actor = valid ? actors.load(db, valid.user.id) : null;
		if (!valid || !actor) return deny(401, 'Unauthorized', 'geen geldige sessie');
		const context: CollabContext = {
			userId: actor.id,
			sessionId: valid.session.id,
			name: actor.name,
			organisationName: actor.organisationName,
			clientAddress,
			sessionExpiresAt: valid.session.expiresAt.getTime(),
			lastTouchAt: Date.now()
		};
		wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
			// An 'error' without a listener would crash the process (e.g. a frame over maxPayload).
			ws.on('error', () => ws.terminate());
			const client = hocuspocus.handleConnection(ws, toWebRequest(req), context);
			let windowStart = Date.now();
			let messages = 0;
			let bytes = 0;
			ws.on('message', (data: RawData) => {
				const chunk = asBytes(data);
				const t = Date.now();
				if (t - windowStart > rate.windowMs) {
					windowStart = t;
					messages = 0;
					bytes = 0;
				}
				messages += 1;
				bytes += chunk.byteLength;
				if (messages > rate.messages || bytes > rate.bytes) {
					ws.close(CLOSE.tooMuch, 'too many messages');
					return;
				}
				try {
					client.handleMessage(chunk);
				} catch {
					ws.close(1002, 'malformed message');
				}
			});
			ws.on('close', (code: number, reason: Buffer) =>
				client.handleClose({ code, reason: reason.toString() })
			);
		});
	}

	async function change(documentName: string, userId: number, work: (doc: Y.Doc) => void): Promise<void> {
		const direct = await hocuspocus.openDirectConnection(documentName, { userId });
		try {
			await direct.transact(work);
		} finally {
			await direct.disconnect();
		}
	}

	async function shutdown(): Promise<void> {
		access.detach();
		commits.flush();
		for (const ws of wss.clients) ws.close(1001, 'server stopping');
		hocuspocus.flushPendingStores();
		// Closing sockets unloads documents, which compacts them; let that finish (bounded).
		const deadline = Date.now() + 3000;
		while (hocuspocus.documents.size > 0 && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		for (const ws of wss.clients) ws.terminate();
		wss.close();
	}

	return { hocuspocus, access, store, handleUpgrade, change, shutdown };
}

const holder = globalThis as typeof globalThis & { __ketentafelCollab?: CollabServer };

/** The app's collaboration server, created once per process and registered for server.js. */
export function startAppCollab(): CollabServer {
	holder.__ketentafelCollab ??= createCollabServer({ db: getDb(), origin: configuredOrigin() });
	return holder.__ketentafelCollab;
}

/** For the Vite dev/preview plugin. */
export function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
	startAppCollab().handleUpgrade(req, socket, head);
}
