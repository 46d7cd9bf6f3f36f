/**
 * The access log: every view, search, change, export, sign-in and denial (DESIGN.md §2, §3.6).
 * Append-only; the database refuses updates and deletes with triggers.
 */
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { accessLog, user, type AccessAction, type AccessLogEntry } from './db/schema';

export interface AuditEntry {
	userId: number | null;
	action: AccessAction;
	objectType: string;
	objectId?: string | number | null;
	compartment?: string | null;
	result?: 'ok' | 'denied' | 'failed';
	clientAddress?: string | null;
	detail?: string | null;
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
			detail: entry.detail ?? null
		})
		.run();
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
