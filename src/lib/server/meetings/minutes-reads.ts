/**
 * What the minutes are made of besides the agenda and decisions: actions created in the meeting,
 * corrections to the notes after closing, and the approval of the previous meeting's minutes in
 * the next one (after which they are read-only).
 */
import { and, asc, desc, eq, gte, isNull, lt } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseAction, caseFile, meeting, minutesCorrection, user, type Compartment } from '../db/schema';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { collabEvents } from '../events';
import { mayApproveMinutes, mayReadCompartment, type Actor } from '../policy';
import { caseFacts, visibleTo, type FactsCache } from './load';
import { noteCompartments } from './live';

/**
 * Records that someone changed the notes after the meeting closed (a correction to the minutes).
 * Called by the collaboration server for each accepted change; who may make one is the policy's
 * `mayCorrectMinutes`, asked when the connection was opened (`itemDocAccess`).
 */
export function recordCorrection(
	db: DbOrTx,
	meetingId: number,
	itemId: number,
	compartment: Compartment,
	userId: number | null,
	now: Date
): void {
	db.transaction((tx) => {
		const row = tx.select({ status: meeting.status }).from(meeting).where(eq(meeting.id, meetingId)).get();
		if (row?.status !== 'closed') return;
		// One entry per person, item and compartment per minute is enough to trace who corrected what.
		const recent = tx
			.select({ id: minutesCorrection.id })
			.from(minutesCorrection)
			.where(
				and(
					eq(minutesCorrection.meetingId, meetingId),
					eq(minutesCorrection.agendaItemId, itemId),
					eq(minutesCorrection.compartment, compartment),
					userId === null ? isNull(minutesCorrection.userId) : eq(minutesCorrection.userId, userId),
					gte(minutesCorrection.at, new Date(now.getTime() - 60_000))
				)
			)
			.get();
		if (!recent)
			tx.insert(minutesCorrection)
				.values({ meetingId, agendaItemId: itemId, compartment, userId, at: now })
				.run();
	});
}

export interface CorrectionRow {
	itemId: number | null;
	compartment: string;
	userName: string | null;
	at: Date;
}

/** Corrections to this meeting's notes the actor may know of (only in compartments they see). */
export function correctionsFor(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	cache: FactsCache = new Map()
): CorrectionRow[] {
	const visibleNotes = noteCompartments(db, actor, meetingId, cache);
	return db
		.select({
			itemId: minutesCorrection.agendaItemId,
			compartment: minutesCorrection.compartment,
			userName: user.name,
			at: minutesCorrection.at
		})
		.from(minutesCorrection)
		.leftJoin(user, eq(user.id, minutesCorrection.userId))
		.where(eq(minutesCorrection.meetingId, meetingId))
		.orderBy(asc(minutesCorrection.at))
		.all()
		.filter((c) => c.itemId !== null && (visibleNotes.get(c.itemId) ?? []).includes(c.compartment));
}

/** Corrections to this meeting's notes the actor may know of (who corrected which compartment, not what). */
export function corrections(db: DbOrTx, ctx: Ctx, meetingId: number): CorrectionRow[] {
	visibleTo(db, ctx.actor, meetingId);
	return correctionsFor(db, ctx.actor, meetingId);
}

/** The closed meeting of this table whose minutes wait for approval in this (running) meeting. */
export function minutesToApprove(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number
): { id: number; startsAt: Date } | null {
	const row = visibleTo(db, ctx.actor, meetingId);
	if (row.status !== 'in_progress') return null;
	const previous = db
		.select({ id: meeting.id, startsAt: meeting.startsAt })
		.from(meeting)
		.where(
			and(eq(meeting.tableId, row.tableId), eq(meeting.status, 'closed'), lt(meeting.startsAt, row.startsAt))
		)
		.orderBy(desc(meeting.startsAt))
		.get();
	return previous ?? null;
}

/** Approves the minutes of the previous meeting in this one (chair or secretary): they become read-only. */
export function approveMinutes(db: DbOrTx, ctx: Ctx, meetingId: number): number {
	const previousId = db.transaction((tx) => {
		const row = visibleTo(tx, ctx.actor, meetingId);
		if (!mayApproveMinutes(ctx.actor, row)) throw new NotFoundError(m.err_not_found());
		const previous = minutesToApprove(tx, ctx, meetingId);
		if (!previous) throw new ConflictError(m.err_no_minutes_to_approve());
		const version = tx
			.select({ version: meeting.version })
			.from(meeting)
			.where(eq(meeting.id, previous.id))
			.get()!.version;
		tx.update(meeting)
			.set({
				status: 'minutes_approved',
				approvedAt: ctx.now,
				approvedInMeetingId: meetingId,
				version: version + 1
			})
			.where(eq(meeting.id, previous.id))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: previous.id,
			detail: `verslag vastgesteld in overleg ${meetingId}`
		});
		return previous.id;
	});
	collabEvents.emit('access-changed', { meetingId: previousId });
	return previousId;
}

export interface MeetingActionRow {
	id: string;
	title: string;
	caseId: number;
	caseReference: string;
	compartment: string;
	ownerName: string | null;
	dueDate: string | null;
	status: string;
}

/** Actions that were created in this meeting, in compartments the actor may see (no view noted: the minutes note theirs). */
export function actionsFromMeeting(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	cache: FactsCache = new Map()
): MeetingActionRow[] {
	const rows = db
		.select({ action: caseAction, reference: caseFile.reference, ownerName: user.name })
		.from(caseAction)
		.innerJoin(caseFile, eq(caseFile.id, caseAction.caseId))
		.leftJoin(user, eq(user.id, caseAction.ownerId))
		.where(
			and(
				eq(caseAction.originKind, 'meeting'),
				eq(caseAction.originId, meetingId),
				isNull(caseAction.removedAt)
			)
		)
		.all();
	return rows
		.filter((r) => {
			const facts = caseFacts(db, r.action.caseId, cache);
			return facts !== null && mayReadCompartment(actor, facts, r.action.compartment);
		})
		.map((r) => ({
			id: r.action.id,
			title: r.action.title,
			caseId: r.action.caseId,
			caseReference: r.reference,
			compartment: r.action.compartment,
			ownerName: r.ownerName,
			dueDate: r.action.dueDate,
			status: r.action.status
		}));
}
