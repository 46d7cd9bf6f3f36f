/**
 * The access log: every view, search, change, export, sign-in and denial (DESIGN.md §2, §3.6).
 * Append-only; the database refuses updates and deletes with triggers.
 */
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { ACCESS_ACTIONS, accessLog, user, type AccessAction, type AccessLogEntry } from './db/schema';
import { purposeText, type Ctx, type ViewNote } from './context';

/** The kinds of access the log knows, for the auditor's filter. */
export { ACCESS_ACTIONS, type AccessAction };

export interface AuditEntry {
	userId: number | null;
	action: AccessAction;
	objectType: string;
	objectId?: string | number | null;
	compartment?: string | null;
	result?: 'ok' | 'denied' | 'failed';
	clientAddress?: string | null;
	detail?: string | null;
	purpose?: string | null;
}

/**
 * Control and bidirectional characters in a log detail (a search term from a URL, a header) are
 * shown as `[U+202E]`: visible to the auditor, and unable to reorder or hide what the log view shows.
 */
const UNSAFE_IN_LOG =
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
function safeDetail(detail: string | null | undefined): string | null {
	if (detail == null) return null;
	return detail.replace(
		UNSAFE_IN_LOG,
		(ch) => `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`
	);
}

/** Appends one entry. */
export function record(db: DbOrTx, entry: AuditEntry, now: Date): void {
	db.insert(accessLog)
		.values({
			at: now,
			userId: entry.userId,
			action: entry.action,
			objectType: entry.objectType,
			objectId: entry.objectId == null ? null : String(entry.objectId),
			compartment: entry.compartment ?? null,
			result: entry.result ?? (entry.action === 'denied' ? 'denied' : 'ok'),
			clientAddress: entry.clientAddress ?? null,
			detail: safeDetail(entry.detail),
			purpose: entry.purpose ?? null
		})
		.run();
}

/**
 * Notes a view of content in the request's ledger (see `context.ts`); the access-log handle
 * writes it before the response leaves. Every domain read that returns case content calls this.
 */
export function viewed(ctx: Ctx, note: ViewNote): void {
	ctx.views.note(note);
}

/** Writes the ledger's views, one row per object with the compartments it showed. */
export function flushViews(db: DbOrTx, ctx: Ctx): number {
	const notes = ctx.views.drain();
	if (notes.length === 0) return 0;
	const write = (tx: DbOrTx) => {
		for (const n of notes) {
			record(
				tx,
				{
					userId: ctx.actor.id,
					action: n.action,
					objectType: n.objectType,
					objectId: n.objectId ?? null,
					compartment: n.compartments.length ? n.compartments.join(',') : null,
					clientAddress: ctx.clientAddress,
					detail: n.detail ?? null,
					purpose: purposeText(ctx.purpose)
				},
				ctx.now
			);
		}
	};
	db.transaction(write);
	return notes.length;
}

/**
 * Logs a change (or an export, or a denial) at once, on the handle of the change's own
 * transaction, so the change and its log row commit together or not at all.
 */
export function changed(
	tx: DbOrTx,
	ctx: Ctx,
	entry: {
		action: Exclude<AccessAction, 'view' | 'search' | 'sign_in'>;
		objectType: string;
		objectId?: string | number | null;
		compartment?: string | null;
		detail?: string | null;
		result?: AuditEntry['result'];
	}
): void {
	record(
		tx,
		{ ...entry, userId: ctx.actor.id, clientAddress: ctx.clientAddress, purpose: purposeText(ctx.purpose) },
		ctx.now
	);
}

export interface AuditFilter {
	userId?: number;
	action?: AccessAction;
	from?: Date;
	until?: Date;
	limit?: number;
	offset?: number;
}

export type AuditRow = AccessLogEntry & { userName: string | null; userEmail: string | null };

/** Entries matching the filter, newest first. */
export function list(db: DbOrTx, filter: AuditFilter = {}): AuditRow[] {
	const conditions: SQL[] = [];
	if (filter.userId !== undefined) conditions.push(eq(accessLog.userId, filter.userId));
	if (filter.action) conditions.push(eq(accessLog.action, filter.action));
	if (filter.from) conditions.push(gte(accessLog.at, filter.from));
	if (filter.until) conditions.push(lt(accessLog.at, filter.until));
	return db
		.select({
			id: accessLog.id,
			at: accessLog.at,
			userId: accessLog.userId,
			action: accessLog.action,
			objectType: accessLog.objectType,
			objectId: accessLog.objectId,
			compartment: accessLog.compartment,
			result: accessLog.result,
			clientAddress: accessLog.clientAddress,
			detail: accessLog.detail,
			purpose: accessLog.purpose,
			userName: user.name,
			userEmail: user.email
		})
		.from(accessLog)
		.leftJoin(user, eq(user.id, accessLog.userId))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(accessLog.at), desc(accessLog.id))
		.limit(filter.limit ?? 200)
		.offset(filter.offset ?? 0)
		.all();
}
