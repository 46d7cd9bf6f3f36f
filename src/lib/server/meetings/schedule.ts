/**
 * Scheduling meetings: create, reschedule, the status steps (publish, start, close) and the
 * lists of a person's meetings. Each change is one transaction with its log entry; the edit forms
 * carry the meeting's version (a stale save is refused, DESIGN.md §6 "no silent overwrite").
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { agendaItem, deliberationTable, meeting, type Meeting } from '../db/schema';
import { MEETING_STATUSES, nextMeetingStatus, type MeetingStatus } from '../../domain/meetings';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { collabEvents } from '../events';
import { mayAdvanceMeeting, mayPlan, maySeeMeeting, meetingScope } from '../policy';
import { id, oneOf, optionalText, parse } from '../validation';
import { differingFields, expectVersion } from '../versions';
import { amsterdamToUtc, utcToAmsterdamInput } from '../../dates';
import { forPlanning, lastChange, visibleTo } from './load';

export function meetingInput() {
	return z.object({
		tableId: id(m.field_table().toLowerCase()),
		startsAt: z.string({ error: m.err_required({ label: m.field_starts_at() }) }).transform((v, ctx) => {
			const d = amsterdamToUtc(v.trim());
			if (!d) {
				ctx.addIssue({ code: 'custom', message: m.err_datetime({ label: m.field_starts_at() }) });
				return z.NEVER;
			}
			return d;
		}),
		durationMinutes: z.coerce
			.number({ error: m.err_minutes({ max: 480 }) })
			.int({ error: m.err_minutes({ max: 480 }) })
			.min(15, { error: m.err_minutes({ max: 480 }) })
			.max(480, { error: m.err_minutes({ max: 480 }) }),
		place: optionalText(m.field_place(), 200),
		videoLink: optionalText(m.field_video_link(), 500).refine(
			(v) => v === null || /^https:\/\/[^\s]+$/.test(v),
			{ error: m.err_video_link() }
		)
	});
}

/** The meeting if the actor may see it: members of its table; drafts only for planners. */
export function visible(db: DbOrTx, ctx: Ctx, meetingId: number) {
	return visibleTo(db, ctx.actor, meetingId);
}

/** Schedules a meeting (a draft until published). */
export function create(db: DbOrTx, ctx: Ctx, raw: unknown): Meeting {
	const input = parse(meetingInput(), raw);
	if (!mayPlan(ctx.actor, input.tableId))
		throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
	return db.transaction((tx) => {
		const row = tx
			.insert(meeting)
			.values({ ...input, status: 'draft', createdBy: ctx.actor.id, createdAt: ctx.now })
			.returning()
			.get();
		audit.changed(tx, ctx, { action: 'create', objectType: 'meeting', objectId: row.id });
		return row;
	});
}

const SCHEDULE_LABELS = () => ({
	startsAt: m.field_starts_at(),
	durationMinutes: m.field_duration(),
	place: m.field_place(),
	videoLink: m.field_video_link()
});

/** Changes date, duration and place of a meeting that has not started (from the version it was loaded with). */
export function reschedule(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		const row = forPlanning(tx, ctx.actor, meetingId);
		if (row.status === 'in_progress') throw new ConflictError(m.err_meeting_started());
		const input = parse(meetingInput(), { ...(raw as object), tableId: String(row.tableId) });
		if (row.status === 'published' && input.startsAt.getTime() < ctx.now.getTime()) {
			throw new ValidationError(m.err_meeting_in_past(), { startsAt: m.err_meeting_in_past() });
		}
		expectVersion(raw, row.version, () => ({
			...lastChange(tx, 'meeting', meetingId),
			fields: differingFields(
				{
					startsAt: utcToAmsterdamInput(row.startsAt),
					durationMinutes: row.durationMinutes,
					place: row.place ?? '',
					videoLink: row.videoLink ?? ''
				},
				raw as Record<string, unknown>,
				SCHEDULE_LABELS()
			)
		}));
		const { tableId: _t, ...values } = input;
		tx.update(meeting)
			.set({ ...values, version: row.version + 1 })
			.where(eq(meeting.id, meetingId))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: 'tijd en plaats'
		});
	});
}

/** The status a step to `to` starts from (the status the form was showing). */
function statusBefore(to: MeetingStatus): MeetingStatus | undefined {
	return MEETING_STATUSES.find((s) => nextMeetingStatus(s) === to);
}

/** Moves the meeting to its next status: publish (only for a future start), start, close. */
export function advance(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): MeetingStatus {
	const status = db.transaction((tx) => {
		const row = visibleTo(tx, ctx.actor, meetingId);
		const { status } = parse(
			z.object({ status: oneOf(['published', 'in_progress', 'closed'] as const, m.field_status()) }),
			raw
		);
		if (!mayAdvanceMeeting(ctx.actor, row, status)) throw new NotFoundError(m.err_not_found());
		const meanwhile = () => ({
			...lastChange(tx, 'meeting', meetingId),
			fields: differingFields(
				{ status: row.status },
				{ status: statusBefore(status) },
				{ status: m.field_status() }
			)
		});
		if (nextMeetingStatus(row.status) !== status) {
			// Another tab (or person) took this step already: say so, rather than "not now". A
			// crafted request without a version gets the plain answer.
			if ((raw as Record<string, unknown> | null)?.version !== undefined)
				expectVersion(raw, row.version, meanwhile);
			throw new ConflictError(m.err_meeting_transition());
		}
		if (status === 'published' && row.startsAt.getTime() <= ctx.now.getTime())
			throw new ConflictError(m.err_meeting_in_past());
		expectVersion(raw, row.version, meanwhile);
		const stamp =
			status === 'published'
				? { publishedAt: ctx.now }
				: status === 'in_progress'
					? { startedAt: ctx.now }
					: { closedAt: ctx.now };
		tx.update(meeting)
			.set({ status, ...stamp, version: row.version + 1 })
			.where(eq(meeting.id, meetingId))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `status ${status}`
		});
		return status;
	});
	// Live documents change access with the status (editable while running, corrections after).
	collabEvents.emit('access-changed', { meetingId });
	return status;
}

export interface MeetingListRow {
	id: number;
	tableId: number;
	tableName: string;
	startsAt: Date;
	status: MeetingStatus;
	place: string | null;
	items: number;
	upcoming: boolean;
}

/**
 * The meetings of the actor's tables: upcoming first (soonest first), then past (latest first).
 * The list shows table, time, place and the number of items: no table-scoped content, so it
 * notes no view.
 */
export function listForActor(db: DbOrTx, ctx: Ctx): MeetingListRow[] {
	const actor = ctx.actor;
	const tableIds = meetingScope(actor);
	if (tableIds.length === 0) return [];
	const rows = db
		.select({
			id: meeting.id,
			tableId: meeting.tableId,
			tableName: deliberationTable.name,
			startsAt: meeting.startsAt,
			durationMinutes: meeting.durationMinutes,
			status: meeting.status,
			place: meeting.place,
			items: sql<number>`(select count(*) from ${agendaItem} where ${agendaItem.meetingId} = ${meeting.id})`
		})
		.from(meeting)
		.innerJoin(deliberationTable, eq(deliberationTable.id, meeting.tableId))
		.where(inArray(meeting.tableId, tableIds))
		.all()
		.filter((r) => maySeeMeeting(actor, r))
		.map(({ durationMinutes, ...r }) => ({
			...r,
			upcoming:
				r.status !== 'closed' &&
				r.status !== 'minutes_approved' &&
				r.startsAt.getTime() + durationMinutes * 60_000 >= ctx.now.getTime()
		}));
	const upcoming = rows.filter((r) => r.upcoming).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	const past = rows.filter((r) => !r.upcoming).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
	return [...upcoming, ...past];
}

/** Recently published agendas of upcoming meetings, for the start page notice. */
export function newlyPublished(db: DbOrTx, ctx: Ctx): MeetingListRow[] {
	const weekAgo = ctx.now.getTime() - 7 * 86_400_000;
	return listForActor(db, ctx)
		.filter((r) => r.upcoming && r.status === 'published')
		.filter((r) => {
			const row = db
				.select({ publishedAt: meeting.publishedAt })
				.from(meeting)
				.where(eq(meeting.id, r.id))
				.get();
			return (row?.publishedAt?.getTime() ?? 0) >= weekAgo;
		});
}
