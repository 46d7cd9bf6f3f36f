/**
 * Who may open which collaboration document, with the same policy as the pages (DESIGN.md §4):
 * forbidden or unknown documents are refused in `onAuthenticate`, readers who may not edit get a
 * read-only connection, and open connections are closed or downgraded the moment a session,
 * membership, participation or case changes (§3.7).
 */
import type {
	Extension,
	Hocuspocus,
	beforeHandleAwarenessPayload,
	beforeHandleMessagePayload,
	beforeSyncPayload,
	onAuthenticatePayload
} from '@hocuspocus/server';
import type { Connection } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Db } from '../db';
import * as actors from '../actors';
import * as audit from '../audit';
import { GroupCommit } from '../db/group-commit';
import * as cases from '../cases';
import * as meetings from '../meetings';
import * as sessions from '../auth/sessions';
import { mayReadCompartment, mayWriteCompartment, type Actor } from '../policy';
import { parseDocName } from '../../collab/names';
import { collabEvents } from '../events';
import { purposeText } from '../context';

/** The purpose of every access-log row a connection causes: `collab:<docName>`. */
const purposeOf = (documentName: string) => purposeText({ kind: 'collab', id: documentName.slice(0, 80) });

/** What the upgrade handler learned about the person behind a socket. */
export interface CollabContext {
	userId: number;
	sessionId: string;
	name: string;
	organisationName: string;
	clientAddress: string | null;
	/** Set per document in onAuthenticate. */
	access?: 'read' | 'write';
	/** The session's idle expiry as last seen; the sweep re-checks after it passes. */
	sessionExpiresAt: number;
	/** When activity on this socket last slid the session. */
	lastTouchAt: number;
}

/** Close codes the browser module understands. */
export const CLOSE = {
	sessionEnded: 4401,
	forbidden: 4403,
	accessChanged: 4205,
	tooMuch: 4429
} as const;

export type Verdict = 'read' | 'write' | null;

/** The policy's answer for one user and document, from the database as it is now. */
export function verdict(db: Db, actor: Actor | null, documentName: string): Verdict {
	if (!actor) return null;
	const doc = parseDocName(documentName);
	if (!doc) return null;
	if (doc.kind === 'case') {
		const facts = cases.factsById(db, doc.caseId);
		if (!facts || !mayReadCompartment(actor, facts, doc.compartment)) return null;
		return mayWriteCompartment(actor, facts, doc.compartment) ? 'write' : 'read';
	}
	if (doc.kind === 'meeting') return meetings.liveDocAccess(db, actor, doc.meetingId);
	return meetings.itemDocAccess(db, actor, doc.meetingId, doc.itemId, doc.compartment);
}

/** Activity slides the session at most this often (the session module rounds to a minute too). */
const TOUCH_EVERY_MS = 30_000;

const COLOURS = ['#154273', '#006b5f', '#6b2c91', '#a4001c', '#8a5a00', '#1e6b1e', '#00557f', '#7a3b00'];

export class AccessControl implements Extension {
	/** Runs before the store, so a refused connection never loads a document. */
	priority = 1000;
	private instance: Hocuspocus | null = null;
	private sweep: NodeJS.Timeout | null = null;
	private readonly refusedWriters = new WeakSet<Connection>();
	private readonly onSessionEnded = ({ sessionId }: { sessionId: string }) =>
		this.closeWhere((c) => c.context.sessionId === sessionId, CLOSE.sessionEnded, 'session ended');
	private readonly onAccessChanged = (change: {
		userId?: number;
		caseId?: number;
		tableId?: number;
		meetingId?: number;
	}) => this.recheck(change);

	constructor(
		private readonly db: Db,
		private readonly commits: GroupCommit = new GroupCommit(db)
	) {}

	/** Starts listening for revocations and sweeping expired sessions. */
	attach(instance: Hocuspocus): void {
		if (this.instance) return;
		this.instance = instance;
		collabEvents.on('session-ended', this.onSessionEnded);
		collabEvents.on('access-changed', this.onAccessChanged);
		this.sweep = setInterval(() => this.sweepSessions(), 1000);
		this.sweep.unref();
	}

	/** Stops listening (shutdown, tests). */
	detach(): void {
		collabEvents.off('session-ended', this.onSessionEnded);
		collabEvents.off('access-changed', this.onAccessChanged);
		if (this.sweep) clearInterval(this.sweep);
		this.sweep = null;
		this.instance = null;
	}

	async onAuthenticate(data: onAuthenticatePayload<CollabContext>): Promise<Partial<CollabContext>> {
		// The access-log entry (and a session touch) commit with those of other connections opening
		// now; the document is loaded and sent only after that commit.
		return this.commits.run(() => this.authenticate(data));
	}

	private authenticate(data: onAuthenticatePayload<CollabContext>): Partial<CollabContext> {
		const { context, documentName, connectionConfig } = data;
		const now = new Date();
		const live = context?.sessionId ? sessions.validateById(this.db, context.sessionId, now) : null;
		const actor = live ? actors.load(this.db, live.userId) : null;
		const answer = verdict(this.db, actor, documentName);
		const doc = parseDocName(documentName);
		if (!live || !actor || !answer) {
			audit.record(
				this.db,
				{
					userId: context?.userId ?? null,
					action: 'denied',
					objectType: 'collab',
					objectId: documentName.slice(0, 80),
					clientAddress: context?.clientAddress ?? null,
					detail: !live ? 'sessie ongeldig' : doc ? 'geen toegang' : 'onbekend document',
					purpose: purposeOf(documentName)
				},
				now
			);
			throw Object.assign(new Error('forbidden'), { reason: !live ? 'session-ended' : 'forbidden' });
		}
		connectionConfig.readOnly = answer === 'read';
		audit.record(
			this.db,
			{
				userId: actor.id,
				action: 'view',
				objectType: doc?.kind === 'case' ? 'case' : 'meeting',
				objectId: doc?.kind === 'case' ? doc.caseId : doc ? doc.meetingId : null,
				compartment: doc && 'compartment' in doc ? doc.compartment : null,
				clientAddress: context.clientAddress,
				detail: `samenwerking ${documentName}${answer === 'read' ? ' (alleen lezen)' : ''}`,
				purpose: purposeOf(documentName)
			},
			now
		);
		return { access: answer, sessionExpiresAt: live.expiresAt.getTime(), lastTouchAt: Date.now() };
	}

	/**
	 * Hocuspocus drops changes sent over a read-only connection; the first one per connection is
	 * logged as a denial (a changed-scope client resending its unsent edits, or a crafted write).
	 */
	async beforeSync({ type, payload, document, documentName, connection }: beforeSyncPayload): Promise<void> {
		if (!connection.readOnly || (type !== 1 && type !== 2) || this.refusedWriters.has(connection)) return;
		// What the document already holds is no write (a read-only client's sync answer, say).
		try {
			if (Y.snapshotContainsUpdate(Y.snapshot(document), payload)) return;
		} catch {
			// A malformed update: Hocuspocus refuses it; it is a refused write all the same.
		}
		this.refusedWriters.add(connection);
		const context = connection.context as CollabContext;
		await this.commits.run(() =>
			audit.record(
				this.db,
				{
					userId: context.userId,
					action: 'denied',
					objectType: 'collab',
					objectId: documentName.slice(0, 80),
					clientAddress: context.clientAddress,
					detail: 'wijziging op een alleen-lezen verbinding genegeerd',
					purpose: purposeOf(documentName)
				},
				new Date()
			)
		);
	}

	/** Activity on a connection keeps the session alive; a dead session closes the connection. */
	async beforeHandleMessage({ connection }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
		const context = connection.context;
		if (Date.now() - context.lastTouchAt < TOUCH_EVERY_MS) return;
		context.lastTouchAt = Date.now();
		const live = await this.commits.run(() => sessions.validateById(this.db, context.sessionId, new Date()));
		if (!live) {
			connection.webSocket.close(CLOSE.sessionEnded, 'session ended');
			throw new Error('session ended');
		}
		context.sessionExpiresAt = live.expiresAt.getTime();
	}

	/** Presence shows the name the server authenticated, whatever the client claims. */
	async beforeHandleAwareness({
		states,
		context,
		document,
		connection
	}: beforeHandleAwarenessPayload<CollabContext> & {
		connection?: Connection<CollabContext>;
	}): Promise<void> {
		if (!context || !connection) return;
		const foreign = new Set<number>();
		for (const other of document.getConnections()) {
			if (other !== connection) for (const id of document.getClients(other)) foreign.add(id as number);
		}
		for (const [clientId, state] of states) {
			if (foreign.has(clientId)) {
				states.delete(clientId);
				continue;
			}
			if (!state || Object.keys(state).length === 0) continue;
			const cleaned: Record<string, unknown> = {};
			// Keep only cursor positions; everything else is replaced by the server's own view.
			if ('cursor' in state) cleaned.cursor = state.cursor;
			cleaned.user = {
				id: context.userId,
				name: context.name,
				organisation: context.organisationName,
				color: COLOURS[context.userId % COLOURS.length]
			};
			if (JSON.stringify(cleaned).length > 4096) {
				states.delete(clientId);
				continue;
			}
			states.set(clientId, cleaned);
		}
	}

	private connections(): Array<{ documentName: string; connection: Connection<CollabContext> }> {
		const out: Array<{ documentName: string; connection: Connection<CollabContext> }> = [];
		for (const [documentName, document] of this.instance?.documents ?? []) {
			for (const connection of document.getConnections())
				out.push({ documentName, connection: connection as Connection<CollabContext> });
		}
		return out;
	}

	private closeWhere(match: (c: Connection<CollabContext>) => boolean, code: number, reason: string): void {
		for (const { connection } of this.connections()) {
			if (match(connection)) connection.webSocket.close(code, reason);
		}
	}

	/**
	 * Re-asks the policy for every affected connection: no access closes it (the provider then
	 * learns it is refused), a changed access level closes it so the provider reconnects and gets
	 * its new scope (read-only or editable).
	 */
	recheck(change: { userId?: number; caseId?: number; tableId?: number; meetingId?: number }): void {
		const actorsById = new Map<number, Actor | null>();
		for (const { documentName, connection } of this.connections()) {
			const ctx = connection.context;
			const doc = parseDocName(documentName);
			const concerns =
				change.tableId !== undefined ||
				(change.userId !== undefined && ctx.userId === change.userId) ||
				(change.caseId !== undefined && doc?.kind === 'case' && doc.caseId === change.caseId) ||
				(change.meetingId !== undefined &&
					doc !== null &&
					doc.kind !== 'case' &&
					doc.meetingId === change.meetingId) ||
				// A case change can also change who sees a case item's meeting notes.
				(change.caseId !== undefined && doc !== null && doc.kind === 'meeting-item') ||
				(change.userId === undefined && change.caseId === undefined && change.meetingId === undefined);
			if (!concerns) continue;
			if (!actorsById.has(ctx.userId)) actorsById.set(ctx.userId, actors.load(this.db, ctx.userId));
			const now = verdict(this.db, actorsById.get(ctx.userId) ?? null, documentName);
			if (now === null) {
				connection.readOnly = true;
				connection.webSocket.close(CLOSE.forbidden, 'access revoked');
			} else if (now !== ctx.access) {
				connection.readOnly = now === 'read';
				connection.webSocket.close(CLOSE.accessChanged, 'access changed');
			}
		}
	}

	/** Closes connections whose session expired (idle or absolute) without any request. */
	sweepSessions(): void {
		const now = Date.now();
		for (const { connection } of this.connections()) {
			const ctx = connection.context;
			if (now < ctx.sessionExpiresAt) continue;
			const live = sessions.validateById(this.db, ctx.sessionId, new Date(now));
			if (live) ctx.sessionExpiresAt = live.expiresAt.getTime();
			else connection.webSocket.close(CLOSE.sessionEnded, 'session expired');
		}
	}
}
