/**
 * Attendance: the chair or secretary records who was present, absent or excused. It is part of
 * the minutes, so it is final once they are approved.
 */
import { eq } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { attendance, organisation, user } from '../db/schema';
import { ATTENDANCE, type Attendance } from '../../domain/meetings';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { mayRecordAttendance } from '../policy';
import { visibleTo } from './load';
import { tableMembers } from './agenda';

/** The organisation name of a person (kept with their attendance). */
export function organisationOf(db: DbOrTx, userId: number): string {
	return (
		db
			.select({ name: organisation.name })
			.from(user)
			.innerJoin(organisation, eq(organisation.id, user.organisationId))
			.where(eq(user.id, userId))
			.get()?.name ?? ''
	);
}

/** Attendance as recorded, with every active member (default: not yet recorded). */
export function attendanceOf(
	db: DbOrTx,
	meetingId: number,
	tableId: number
): Array<{ userId: number; name: string; organisationName: string; status: Attendance | null }> {
	const recorded = new Map(
		db
			.select()
			.from(attendance)
			.where(eq(attendance.meetingId, meetingId))
			.all()
			.map((a) => [a.userId, a])
	);
	const people = tableMembers(db, tableId).map((p) => ({
		userId: p.id,
		name: p.name,
		organisationName: recorded.get(p.id)?.organisationName ?? p.organisationName,
		status: recorded.get(p.id)?.status ?? null
	}));
	// People recorded earlier who have since left the table stay in the record.
	for (const [userId, a] of recorded) {
		if (!people.some((p) => p.userId === userId)) {
			const name = db.select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? '';
			people.push({ userId, name, organisationName: a.organisationName, status: a.status });
		}
	}
	return people;
}

/** The secretary (or chair) records attendance: present, absent or excused per member. */
export function recordAttendance(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number,
	raw: Record<string, unknown>
): void {
	db.transaction((tx) => {
		const row = visibleTo(tx, ctx.actor, meetingId);
		if (!mayRecordAttendance(ctx.actor, row)) throw new NotFoundError(m.err_not_found());
		// Attendance is part of the minutes: once they are approved, it is final too.
		if (row.status === 'minutes_approved') throw new ConflictError(m.minutes_approved_notice());
		if (row.status !== 'in_progress' && row.status !== 'closed')
			throw new ConflictError(m.err_attendance_state());
		const members = tableMembers(tx, row.tableId);
		for (const p of members) {
			const value = raw[`a-${p.id}`];
			if (value === undefined || value === '') continue;
			if (typeof value !== 'string' || !(ATTENDANCE as readonly string[]).includes(value)) {
				throw new ValidationError(m.err_unknown_value({ label: m.field_attendance() }), {
					[`a-${p.id}`]: m.err_unknown_value({ label: m.field_attendance() })
				});
			}
		}
		for (const p of members) {
			const value = raw[`a-${p.id}`];
			if (typeof value !== 'string' || value === '') continue;
			tx.insert(attendance)
				.values({
					meetingId,
					userId: p.id,
					status: value as Attendance,
					organisationName: p.organisationName,
					recordedBy: ctx.actor.id,
					recordedAt: ctx.now
				})
				.onConflictDoUpdate({
					target: [attendance.meetingId, attendance.userId],
					set: { status: value as Attendance, recordedBy: ctx.actor.id, recordedAt: ctx.now }
				})
				.run();
		}
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: 'presentie'
		});
	});
}
