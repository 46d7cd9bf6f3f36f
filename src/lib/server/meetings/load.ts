/**
 * Loading a meeting, its items and the facts the policy needs about them (internal to the
 * meetings folder and the decisions module). The calls into other domain modules (case facts,
 * escalation steps) sit here too, so a change of their signatures is adapted in one place.
 */
import { and, desc, eq, or, like } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	accessLog,
	agendaItem,
	deliberationTable,
	meeting,
	membership,
	user,
	type AgendaItem,
	type Meeting
} from '../db/schema';
import * as cases from '../cases';
import * as escalations from '../escalations';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { maySeeMeeting, mayPlan, type Actor, type AgendaItemFacts, type CaseFacts } from '../policy';

export type LoadedMeeting = Meeting & { tableName: string; tableKind: string };

/** The meeting with its table's name and kind, or NotFound. */
export function load(db: DbOrTx, meetingId: number): LoadedMeeting {
	const row = db
		.select({ meeting, tableName: deliberationTable.name, tableKind: deliberationTable.kind })
		.from(meeting)
		.innerJoin(deliberationTable, eq(deliberationTable.id, meeting.tableId))
		.where(eq(meeting.id, meetingId))
		.get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return { ...row.meeting, tableName: row.tableName, tableKind: row.tableKind };
}

/** The meeting if the actor may see it (the policy's `maySeeMeeting`); otherwise NotFound. */
export function visibleTo(db: DbOrTx, actor: Actor, meetingId: number): LoadedMeeting {
	const row = load(db, meetingId);
	if (!maySeeMeeting(actor, row)) throw new NotFoundError(m.err_not_found());
	return row;
}

/** The meeting for planning work: a planner's, and not yet closed. */
export function forPlanning(db: DbOrTx, actor: Actor, meetingId: number): LoadedMeeting {
	const row = visibleTo(db, actor, meetingId);
	if (!mayPlan(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (row.status === 'closed' || row.status === 'minutes_approved')
		throw new ConflictError(m.err_meeting_closed());
	return row;
}

/** One item of this meeting, or a validation error naming the item field. */
export function itemOf(db: DbOrTx, meetingId: number, itemId: number): AgendaItem {
	const item = db
		.select()
		.from(agendaItem)
		.where(and(eq(agendaItem.id, itemId), eq(agendaItem.meetingId, meetingId)))
		.get();
	if (!item) throw new ValidationError(m.err_not_found(), { itemId: m.err_not_found() });
	return item;
}

/** A presenter or follow-up owner must be an active member of the table. */
export function assertMember(
	db: DbOrTx,
	tableId: number,
	userId: number | null,
	field = 'presenterId'
): void {
	if (userId === null) return;
	const member = db
		.select({ id: membership.id })
		.from(membership)
		.where(
			and(eq(membership.tableId, tableId), eq(membership.userId, userId), eq(membership.status, 'active'))
		)
		.get();
	if (!member) throw new ValidationError(m.err_presenter(), { [field]: m.err_presenter() });
}

// ---------------------------------------------------------------------------------------------
// Facts for the policy

/** A cache of case facts for one read, so an agenda with many items asks once per case. */
export type FactsCache = Map<number, CaseFacts | null>;

/** The facts of a case (null when it does not exist), through the cases module. */
export function caseFacts(db: DbOrTx, caseId: number, cache?: FactsCache): CaseFacts | null {
	if (cache?.has(caseId)) return cache.get(caseId)!;
	const facts = cases.factsById(db, caseId);
	cache?.set(caseId, facts);
	return facts;
}

/** The policy's facts about an agenda item. */
export function itemFacts(db: DbOrTx, item: Pick<AgendaItem, 'caseId'>, cache?: FactsCache): AgendaItemFacts {
	return { caseId: item.caseId, case: item.caseId === null ? null : caseFacts(db, item.caseId, cache) };
}

// ---------------------------------------------------------------------------------------------
// Neighbours

/** Lets the escalation module move an escalation on a table event (agenda item, decision). */
export function tableEvent(db: DbOrTx, ctx: Ctx, event: escalations.TableEvent): void {
	escalations.onTableEvent(db, ctx, event);
}

// ---------------------------------------------------------------------------------------------
// Versions

/** Who last changed an object and when, from the access log (for the stale-save message). */
export function lastChange(
	db: DbOrTx,
	objectType: string,
	objectId: number,
	detailPrefix?: string
): { by: string | null; at: Date | null } {
	const conditions = [
		eq(accessLog.objectType, objectType),
		eq(accessLog.objectId, String(objectId)),
		or(eq(accessLog.action, 'update'), eq(accessLog.action, 'create'))
	];
	if (detailPrefix)
		conditions.push(
			or(
				eq(accessLog.detail, detailPrefix),
				like(accessLog.detail, `${detailPrefix} %`),
				like(accessLog.detail, `${detailPrefix}:%`)
			)
		);
	const row = db
		.select({ at: accessLog.at, name: user.name })
		.from(accessLog)
		.leftJoin(user, eq(user.id, accessLog.userId))
		.where(and(...conditions))
		.orderBy(desc(accessLog.at), desc(accessLog.id))
		.get();
	return { by: row?.name ?? null, at: row?.at ?? null };
}
