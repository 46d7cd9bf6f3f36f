/**
 * Meetings (overleggen) of a table: scheduling, the agenda with case items and general items,
 * the review of earlier meetings' open actions and decisions, decisions, and calendar files.
 * Everything here belongs to one table and is seen only through it (DESIGN.md §3.3); a case
 * item shows the case only to those who reach it.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import {
	agendaItem,
	caseAction,
	caseEvent,
	caseFile,
	caseTable,
	decision,
	deliberationTable,
	attendance,
	meeting,
	membership,
	minutesCorrection,
	organisation,
	reviewOutcome,
	subject,
	user,
	type AgendaItem,
	type Decision,
	type Meeting
} from './db/schema';
import {
	DECISION_KINDS,
	DECISION_STATUSES,
	MAX_ITEM_MINUTES,
	ATTENDANCE,
	REVIEW_OUTCOMES,
	nextMeetingStatus,
	type Attendance,
	type MeetingStatus
} from '../domain/meetings';
import { OPEN_STATUSES } from '../domain/actions';
import * as audit from './audit';
import * as cases from './cases';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import * as escalations from './escalations';
import { isGuardian, maySeeTableContent, type Actor } from './policy';
import { id, oneOf, optionalDate, optionalId, optionalText, parse, text } from './validation';
import { amsterdamToUtc, dutchDate } from '../dates';

// ---------------------------------------------------------------------------------------------
// Who may do what at a table (the policy module holds the general rules; these are table roles)

function membershipAt(actor: Actor, tableId: number) {
	return isGuardian(actor) ? undefined : actor.memberships.find((x) => x.tableId === tableId);
}

/** Planning meetings and building agendas: the table's chair or secretary, or a coordinator who is a member. */
export function mayPlan(actor: Actor, tableId: number): boolean {
	const ms = membershipAt(actor, tableId);
	return !!ms && (ms.role !== 'member' || actor.roles.includes('coordinator'));
}

/** Recording decisions and their follow-up: the table's chair or secretary. */
export function mayDecide(actor: Actor, tableId: number): boolean {
	const ms = membershipAt(actor, tableId);
	return !!ms && (ms.role === 'chair' || ms.role === 'secretary');
}

// ---------------------------------------------------------------------------------------------
// Meetings

export function meetingInput() {
	return z.object({
		tableId: id(m.field_table().toLowerCase()),
		startsAt: z
			.string({ error: m.err_required({ label: m.field_starts_at() }) })
			.transform((v, ctx) => {
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
		videoLink: optionalText(m.field_video_link(), 500).refine((v) => v === null || /^https:\/\/[^\s]+$/.test(v), { error: m.err_video_link() })
	});
}

function load(db: DbOrTx, meetingId: number): Meeting & { tableName: string; tableKind: string } {
	const row = db
		.select({ meeting, tableName: deliberationTable.name, tableKind: deliberationTable.kind })
		.from(meeting)
		.innerJoin(deliberationTable, eq(deliberationTable.id, meeting.tableId))
		.where(eq(meeting.id, meetingId))
		.get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return { ...row.meeting, tableName: row.tableName, tableKind: row.tableKind };
}

/** The meeting if the actor may see it: members of its table; drafts only for planners. */
export function visible(db: DbOrTx, actor: Actor, meetingId: number) {
	const row = load(db, meetingId);
	if (!maySeeTableContent(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (row.status === 'draft' && !mayPlan(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	return row;
}

function forPlanning(db: DbOrTx, actor: Actor, meetingId: number) {
	const row = visible(db, actor, meetingId);
	if (!mayPlan(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (row.status === 'closed' || row.status === 'minutes_approved') throw new ConflictError(m.err_meeting_closed());
	return row;
}

function log(db: DbOrTx, actor: Actor, action: 'view' | 'create' | 'update' | 'search' | 'export', objectType: string, objectId: number | string | null, now: Date, clientAddress: string | null, detail: string | null = null) {
	audit.record(db, { userId: actor.id, action, objectType, objectId, clientAddress, detail }, now);
}

/** Schedules a meeting (a draft until published). */
export function create(db: DbOrTx, actor: Actor, raw: unknown, now: Date, clientAddress: string | null = null): Meeting {
	const input = parse(meetingInput(), raw);
	if (!mayPlan(actor, input.tableId)) throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
	const row = db
		.insert(meeting)
		.values({ ...input, status: 'draft', createdBy: actor.id, createdAt: now })
		.returning()
		.get();
	log(db, actor, 'create', 'meeting', row.id, now, clientAddress);
	return row;
}

/** Changes date, duration and place of a meeting that has not started. */
export function reschedule(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const row = forPlanning(db, actor, meetingId);
	if (row.status === 'in_progress') throw new ConflictError(m.err_meeting_started());
	const input = parse(meetingInput(), { ...(raw as object), tableId: String(row.tableId) });
	if (row.status === 'published' && input.startsAt.getTime() < now.getTime()) {
		throw new ValidationError(m.err_meeting_in_past(), { startsAt: m.err_meeting_in_past() });
	}
	const { tableId: _t, ...values } = input;
	db.update(meeting).set(values).where(eq(meeting.id, meetingId)).run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, 'tijd en plaats');
}

/** Moves the meeting to its next status: publish (only for a future start), start, close. */
export function advance(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): MeetingStatus {
	const row = visible(db, actor, meetingId);
	const { status } = parse(z.object({ status: oneOf(['published', 'in_progress', 'closed'] as const, m.field_status()) }), raw);
	const allowed = status === 'published' ? mayPlan(actor, row.tableId) : mayDecide(actor, row.tableId);
	if (!allowed) throw new NotFoundError(m.err_not_found());
	if (nextMeetingStatus(row.status) !== status) throw new ConflictError(m.err_meeting_transition());
	if (status === 'published' && row.startsAt.getTime() <= now.getTime()) throw new ConflictError(m.err_meeting_in_past());
	const stamp = status === 'published' ? { publishedAt: now } : status === 'in_progress' ? { startedAt: now } : { closedAt: now };
	db.update(meeting).set({ status, ...stamp }).where(eq(meeting.id, meetingId)).run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `status ${status}`);
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

/** The meetings of the actor's tables: upcoming first (soonest first), then past (latest first). */
export function listForActor(db: DbOrTx, actor: Actor, now: Date): MeetingListRow[] {
	const tableIds = isGuardian(actor) ? [] : actor.memberships.map((x) => x.tableId);
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
		.filter((r) => r.status !== 'draft' || mayPlan(actor, r.tableId))
		.map(({ durationMinutes, ...r }) => ({
			...r,
			upcoming: r.status !== 'closed' && r.status !== 'minutes_approved' && r.startsAt.getTime() + durationMinutes * 60_000 >= now.getTime()
		}));
	const upcoming = rows.filter((r) => r.upcoming).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	const past = rows.filter((r) => !r.upcoming).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
	return [...upcoming, ...past];
}

/** Recently published agendas of upcoming meetings, for the start page notice. */
export function newlyPublished(db: DbOrTx, actor: Actor, now: Date): MeetingListRow[] {
	const weekAgo = now.getTime() - 7 * 86_400_000;
	return listForActor(db, actor, now).filter((r) => r.upcoming && r.status === 'published').filter((r) => {
		const row = db.select({ publishedAt: meeting.publishedAt }).from(meeting).where(eq(meeting.id, r.id)).get();
		return (row?.publishedAt?.getTime() ?? 0) >= weekAgo;
	});
}

// ---------------------------------------------------------------------------------------------
// Agenda

export interface AgendaEntry {
	id: number;
	position: number;
	kind: AgendaItem['kind'];
	title: string | null;
	/** The case as the viewer may see it; null when they do not reach it (it stays anonymous). */
	case: { id: number; reference: string; subjectLabel: string; kind: string } | null;
	hiddenCase: boolean;
	presenterId: number | null;
	presenterName: string | null;
	plannedMinutes: number;
}

function agendaFor(db: DbOrTx, actor: Actor, meetingId: number): AgendaEntry[] {
	const rows = db
		.select({ item: agendaItem, presenterName: user.name })
		.from(agendaItem)
		.leftJoin(user, eq(user.id, agendaItem.presenterId))
		.where(eq(agendaItem.meetingId, meetingId))
		.orderBy(asc(agendaItem.position), asc(agendaItem.id))
		.all();
	return rows.map(({ item, presenterName }) => {
		let seen: AgendaEntry['case'] = null;
		const r = item.caseId !== null ? cases.reachOrNull(db, actor, item.caseId) : null;
		if (r) {
			const subj = db.select({ label: subject.label }).from(subject).where(eq(subject.id, r.row.subjectId)).get();
			seen = { id: r.row.id, reference: r.row.reference, subjectLabel: subj?.label ?? '', kind: r.row.kind };
		}
		return {
			id: item.id,
			position: item.position,
			kind: item.kind,
			title: item.title,
			case: seen,
			hiddenCase: item.caseId !== null && seen === null,
			presenterId: item.presenterId,
			presenterName,
			plannedMinutes: item.plannedMinutes
		};
	});
}

function nextPosition(db: DbOrTx, meetingId: number): number {
	const row = db.select({ max: sql<number | null>`max(${agendaItem.position})` }).from(agendaItem).where(eq(agendaItem.meetingId, meetingId)).get();
	return (row?.max ?? -1) + 1;
}

function itemCommon() {
	return {
		presenterId: optionalId(m.field_presenter().toLowerCase()),
		plannedMinutes: z.coerce
			.number({ error: m.err_minutes({ max: MAX_ITEM_MINUTES }) })
			.int({ error: m.err_minutes({ max: MAX_ITEM_MINUTES }) })
			.min(1, { error: m.err_minutes({ max: MAX_ITEM_MINUTES }) })
			.max(MAX_ITEM_MINUTES, { error: m.err_minutes({ max: MAX_ITEM_MINUTES }) })
	};
}

function assertPresenter(db: DbOrTx, tableId: number, presenterId: number | null) {
	if (presenterId === null) return;
	const member = db
		.select({ id: membership.id })
		.from(membership)
		.where(and(eq(membership.tableId, tableId), eq(membership.userId, presenterId), eq(membership.status, 'active')))
		.get();
	if (!member) throw new ValidationError(m.err_presenter(), { presenterId: m.err_presenter() });
}

/** Puts a case on the agenda: only a case on this table, once. */
export function addCaseItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const row = forPlanning(db, actor, meetingId);
	const input = parse(z.object({ caseId: id(m.field_case().toLowerCase()), ...itemCommon() }), raw);
	const onTable = db.select().from(caseTable).where(and(eq(caseTable.caseId, input.caseId), eq(caseTable.tableId, row.tableId))).get();
	if (!onTable || !cases.reachOrNull(db, actor, input.caseId)) throw new ValidationError(m.err_case_not_on_this_table(), { caseId: m.err_case_not_on_this_table() });
	const twice = db.select({ id: agendaItem.id }).from(agendaItem).where(and(eq(agendaItem.meetingId, meetingId), eq(agendaItem.caseId, input.caseId))).get();
	if (twice) throw new ValidationError(m.err_case_already_on_agenda(), { caseId: m.err_case_already_on_agenda() });
	assertPresenter(db, row.tableId, input.presenterId);
	const item = db
		.insert(agendaItem)
		.values({ meetingId, position: nextPosition(db, meetingId), kind: 'case', caseId: input.caseId, presenterId: input.presenterId, plannedMinutes: input.plannedMinutes, createdAt: now })
		.returning({ id: agendaItem.id })
		.get();
	escalations.onTableEvent(db, { kind: 'agenda', tableKind: row.tableKind, caseId: input.caseId }, actor.id, now);
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `agendapunt ${item.id}: casus ${input.caseId}`);
}

/** Adds a general topic to the agenda. */
export function addGeneralItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const row = forPlanning(db, actor, meetingId);
	const input = parse(z.object({ title: text(m.field_item_title(), 2, 200), ...itemCommon() }), raw);
	assertPresenter(db, row.tableId, input.presenterId);
	db.insert(agendaItem)
		.values({ meetingId, position: nextPosition(db, meetingId), kind: 'general', title: input.title, presenterId: input.presenterId, plannedMinutes: input.plannedMinutes, createdAt: now })
		.run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, 'algemeen agendapunt');
}

function itemOf(db: DbOrTx, meetingId: number, itemId: number): AgendaItem {
	const item = db.select().from(agendaItem).where(and(eq(agendaItem.id, itemId), eq(agendaItem.meetingId, meetingId))).get();
	if (!item) throw new ValidationError(m.err_not_found(), { itemId: m.err_not_found() });
	return item;
}

/** Changes presenter and planned minutes (and the topic of a general item). */
export function updateItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const row = forPlanning(db, actor, meetingId);
	const input = parse(z.object({ itemId: id('agendapunt'), title: optionalText(m.field_item_title(), 200), ...itemCommon() }), raw);
	const item = itemOf(db, meetingId, input.itemId);
	assertPresenter(db, row.tableId, input.presenterId);
	if (item.kind === 'general' && (!input.title || input.title.length < 2)) {
		throw new ValidationError(m.err_required({ label: m.field_item_title() }), { title: m.err_required({ label: m.field_item_title() }) });
	}
	db.update(agendaItem)
		.set({ presenterId: input.presenterId, plannedMinutes: input.plannedMinutes, title: item.kind === 'general' ? input.title : null })
		.where(eq(agendaItem.id, item.id))
		.run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `agendapunt ${item.id}`);
}

/** Moves an item up or down (keyboard-friendly reordering), or to an exact place (drag and drop). */
export function moveItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	forPlanning(db, actor, meetingId);
	const input = parse(z.object({ itemId: id('agendapunt'), to: z.coerce.number().int().min(0).max(500) }), raw);
	itemOf(db, meetingId, input.itemId);
	const ordered = db.select({ id: agendaItem.id }).from(agendaItem).where(eq(agendaItem.meetingId, meetingId)).orderBy(asc(agendaItem.position), asc(agendaItem.id)).all().map((r) => r.id);
	const from = ordered.indexOf(input.itemId);
	const to = Math.min(input.to, ordered.length - 1);
	ordered.splice(from, 1);
	ordered.splice(to, 0, input.itemId);
	ordered.forEach((itemId, position) => db.update(agendaItem).set({ position }).where(eq(agendaItem.id, itemId)).run());
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `agendapunt ${input.itemId} naar ${to + 1}`);
}

/** Removes an item that has no decisions yet. */
export function removeItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	forPlanning(db, actor, meetingId);
	const { itemId } = parse(z.object({ itemId: id('agendapunt') }), raw);
	itemOf(db, meetingId, itemId);
	if (db.select({ id: decision.id }).from(decision).where(eq(decision.agendaItemId, itemId)).get()) {
		throw new ConflictError(m.err_item_has_decisions());
	}
	db.delete(agendaItem).where(eq(agendaItem.id, itemId)).run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `agendapunt ${itemId} verwijderd`);
}

/** Cases on the table that the planner can put on the agenda (not yet on it). */
export function casesForAgenda(db: DbOrTx, actor: Actor, meetingId: number): Array<{ id: number; reference: string; subjectLabel: string }> {
	const row = visible(db, actor, meetingId);
	const already = new Set(db.select({ caseId: agendaItem.caseId }).from(agendaItem).where(eq(agendaItem.meetingId, meetingId)).all().map((r) => r.caseId));
	return cases
		.list(db, actor, { tableId: row.tableId, status: undefined }, new Date())
		.filter((c) => c.status !== 'closed' && !already.has(c.id))
		.map((c) => ({ id: c.id, reference: c.reference, subjectLabel: c.subjectLabel }));
}

/** Active members of the table, for presenter and follow-up choices. */
export function tableMembers(db: DbOrTx, tableId: number): Array<{ id: number; name: string; organisationName: string }> {
	return db
		.select({ id: user.id, name: user.name, organisationName: organisation.name })
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(and(eq(membership.tableId, tableId), eq(membership.status, 'active'), eq(user.active, true)))
		.orderBy(asc(user.name))
		.all();
}

// ---------------------------------------------------------------------------------------------
// Decisions

export function decisionInput() {
	return z.object({
		agendaItemId: optionalId('agendapunt'),
		kind: oneOf(DECISION_KINDS, m.field_decision_kind()),
		text: text(m.field_decision_text(), 3, 3000),
		followUpOwnerId: optionalId(m.field_follow_up_owner().toLowerCase()),
		followUpDate: optionalDate(m.field_follow_up_date())
	});
}

/** Records a decision at an agenda item (chair or secretary, while the meeting is published or running). */
export function recordDecision(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown, now: Date, clientAddress: string | null = null): Decision {
	const row = visible(db, actor, meetingId);
	if (!mayDecide(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (row.status !== 'published' && row.status !== 'in_progress') throw new ConflictError(m.err_decision_meeting_state());
	const input = parse(decisionInput(), raw);
	const item = input.agendaItemId !== null ? itemOf(db, meetingId, input.agendaItemId) : null;
	if (input.followUpOwnerId !== null) assertPresenter(db, row.tableId, input.followUpOwnerId);
	const meetingDay = dutchDate(row.startsAt);
	if (input.followUpDate !== null && input.followUpDate < meetingDay) {
		throw new ValidationError(m.err_follow_up_before_meeting(), { followUpDate: m.err_follow_up_before_meeting() });
	}
	if ((input.kind === 'close_case' || input.kind === 'escalate_riec' || input.kind === 'escalate_zvh' || input.kind === 'start_care') && !item?.caseId) {
		throw new ValidationError(m.err_decision_needs_case(), { agendaItemId: m.err_decision_needs_case() });
	}
	const created = db
		.insert(decision)
		.values({
			meetingId,
			agendaItemId: item?.id ?? null,
			tableId: row.tableId,
			caseId: item?.caseId ?? null,
			kind: input.kind,
			text: input.text,
			followUpOwnerId: input.followUpOwnerId,
			followUpDate: input.followUpDate,
			status: 'open',
			createdBy: actor.id,
			createdAt: now
		})
		.returning()
		.get();
	if (created.caseId !== null) {
		escalations.onTableEvent(
			db,
			{ kind: 'decision', tableKind: row.tableKind, tableId: row.tableId, caseId: created.caseId, decisionKind: created.kind, decisionId: created.id },
			actor.id,
			now
		);
	}
	log(db, actor, 'create', 'decision', created.id, now, clientAddress, `overleg ${meetingId}`);
	return created;
}

function decisionForChange(db: DbOrTx, actor: Actor, decisionId: number): Decision {
	const row = db.select().from(decision).where(eq(decision.id, decisionId)).get();
	if (!row || !maySeeTableContent(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (!mayDecide(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	return row;
}

/** Marks a decision implemented or dropped (dropped needs a reason), or reopens it. */
export function setDecisionStatus(db: DbOrTx, actor: Actor, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const input = parse(
		z.object({ decisionId: id('besluit'), status: oneOf(DECISION_STATUSES, m.field_status()), reason: optionalText(m.field_reason(), 1000) }),
		raw
	);
	const row = decisionForChange(db, actor, input.decisionId);
	if (row.status === input.status) throw new ConflictError(m.err_decision_same_status());
	if (input.status === 'dropped' && !input.reason) throw new ValidationError(m.err_decision_drop_reason(), { reason: m.err_decision_drop_reason() });
	db.update(decision)
		.set({ status: input.status, statusReason: input.status === 'open' ? null : input.reason, statusChangedAt: now })
		.where(eq(decision.id, row.id))
		.run();
	log(db, actor, 'update', 'decision', row.id, now, clientAddress, `status ${input.status}`);
}

export interface DecisionRow {
	id: number;
	meetingId: number;
	agendaItemId: number | null;
	meetingStartsAt: Date;
	tableId: number;
	tableName: string;
	kind: Decision['kind'];
	text: string;
	status: Decision['status'];
	statusReason: string | null;
	followUpOwnerName: string | null;
	followUpDate: string | null;
	overdue: boolean;
	case: { id: number; reference: string } | null;
	mayChange: boolean;
}

export interface DecisionFilter {
	tableId?: number;
	caseId?: number;
	kind?: string;
	status?: string;
	from?: string;
	until?: string;
}

/** Decisions of the actor's tables (only through the table), open and overdue first. */
export function decisions(db: DbOrTx, actor: Actor, filter: DecisionFilter, now: Date, clientAddress: string | null = null): DecisionRow[] {
	const tableIds = isGuardian(actor) ? [] : actor.memberships.map((x) => x.tableId).filter((t) => !filter.tableId || t === filter.tableId);
	if (tableIds.length === 0) return [];
	const conditions: SQL[] = [inArray(decision.tableId, tableIds)];
	if (filter.caseId) conditions.push(eq(decision.caseId, filter.caseId));
	if (filter.kind && (DECISION_KINDS as readonly string[]).includes(filter.kind)) conditions.push(eq(decision.kind, filter.kind as Decision['kind']));
	if (filter.status && (DECISION_STATUSES as readonly string[]).includes(filter.status)) conditions.push(eq(decision.status, filter.status as Decision['status']));
	const fromDate = filter.from ? amsterdamToUtc(`${filter.from}T00:00`) : null;
	const untilDate = filter.until ? amsterdamToUtc(`${filter.until}T00:00`) : null;
	if (fromDate) conditions.push(gte(meeting.startsAt, fromDate));
	if (untilDate) conditions.push(lt(meeting.startsAt, new Date(untilDate.getTime() + 86_400_000)));
	const today = dutchDate(now);
	const rows = db
		.select({ decision, startsAt: meeting.startsAt, tableName: deliberationTable.name, ownerName: user.name, reference: caseFile.reference })
		.from(decision)
		.innerJoin(meeting, eq(meeting.id, decision.meetingId))
		.innerJoin(deliberationTable, eq(deliberationTable.id, decision.tableId))
		.leftJoin(user, eq(user.id, decision.followUpOwnerId))
		.leftJoin(caseFile, eq(caseFile.id, decision.caseId))
		.where(and(...conditions))
		.orderBy(desc(meeting.startsAt), desc(decision.id))
		.all();
	log(db, actor, 'search', 'decision', null, now, clientAddress, Object.entries(filter).filter(([, v]) => v).map(([k, v]) => `${k}=${String(v)}`).join('&') || null);
	const out = rows.map((r) => {
		const overdue = r.decision.status === 'open' && r.decision.followUpDate !== null && r.decision.followUpDate < today;
		const seenCase: DecisionRow['case'] =
			r.decision.caseId !== null && cases.reachOrNull(db, actor, r.decision.caseId) ? { id: r.decision.caseId, reference: r.reference ?? '' } : null;
		return {
			id: r.decision.id,
			meetingId: r.decision.meetingId,
			agendaItemId: r.decision.agendaItemId,
			meetingStartsAt: r.startsAt,
			tableId: r.decision.tableId,
			tableName: r.tableName,
			kind: r.decision.kind,
			text: r.decision.text,
			status: r.decision.status,
			statusReason: r.decision.statusReason,
			followUpOwnerName: r.ownerName,
			followUpDate: r.decision.followUpDate,
			overdue,
			case: seenCase,
			mayChange: mayDecide(actor, r.decision.tableId)
		};
	});
	const rank = (d: DecisionRow) => (d.overdue ? 0 : d.status === 'open' ? 1 : 2);
	return out.sort((a, b) => rank(a) - rank(b) || (a.followUpDate ?? '9999').localeCompare(b.followUpDate ?? '9999'));
}

// ---------------------------------------------------------------------------------------------
// Review of earlier meetings

export interface ReviewEntry {
	type: 'action' | 'decision';
	id: string;
	title: string;
	meetingStartsAt: Date;
	ownerName: string | null;
	dueDate: string | null;
	caseId: number | null;
	caseReference: string | null;
	compartment: string | null;
	outcome: (typeof REVIEW_OUTCOMES)[number] | null;
	outcomeReason: string | null;
}

/**
 * The open actions and open decisions of the table's earlier meetings (DESIGN.md §2), with what
 * this meeting concluded about them. Actions appear only in compartments the viewer may see.
 */
export function review(db: DbOrTx, actor: Actor, meetingId: number): ReviewEntry[] {
	const row = visible(db, actor, meetingId);
	const earlier = db
		.select({ id: meeting.id, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.tableId, row.tableId), lt(meeting.startsAt, row.startsAt)))
		.all();
	if (earlier.length === 0) return [];
	const startsAt = new Map(earlier.map((x) => [x.id, x.startsAt]));
	const outcomes = db.select().from(reviewOutcome).where(eq(reviewOutcome.meetingId, meetingId)).all();
	const outcomeOf = (type: 'action' | 'decision', key: string) =>
		outcomes.filter((o) => (type === 'action' ? o.actionId === key : String(o.decisionId) === key)).at(-1) ?? null;

	const openDecisions = db
		.select({ decision, ownerName: user.name, reference: caseFile.reference })
		.from(decision)
		.leftJoin(user, eq(user.id, decision.followUpOwnerId))
		.leftJoin(caseFile, eq(caseFile.id, decision.caseId))
		.where(and(inArray(decision.meetingId, [...startsAt.keys()]), eq(decision.status, 'open')))
		.all();
	const decisionIds = db.select({ id: decision.id }).from(decision).where(inArray(decision.meetingId, [...startsAt.keys()])).all().map((d) => d.id);
	const decidedHere = db.select({ id: decision.id }).from(decision).where(eq(decision.meetingId, meetingId)).all().map((d) => d.id);
	const actionRows = db
		.select({ action: caseAction, ownerName: user.name, reference: caseFile.reference })
		.from(caseAction)
		.innerJoin(caseFile, eq(caseFile.id, caseAction.caseId))
		.leftJoin(user, eq(user.id, caseAction.ownerId))
		.where(and(isNull(caseAction.removedAt), inArray(caseAction.status, [...OPEN_STATUSES])))
		.all()
		.filter(
			(r) =>
				(r.action.originKind === 'meeting' && r.action.originId !== null && startsAt.has(r.action.originId)) ||
				(r.action.originKind === 'decision' && r.action.originId !== null && decisionIds.includes(r.action.originId) && !decidedHere.includes(r.action.originId))
		);
	const entries: ReviewEntry[] = [];
	for (const d of openDecisions) {
		const o = outcomeOf('decision', String(d.decision.id));
		const ref = d.decision.caseId !== null && cases.reachOrNull(db, actor, d.decision.caseId) ? d.reference : null;
		entries.push({
			type: 'decision',
			id: String(d.decision.id),
			title: d.decision.text,
			meetingStartsAt: startsAt.get(d.decision.meetingId)!,
			ownerName: d.ownerName,
			dueDate: d.decision.followUpDate,
			caseId: ref ? d.decision.caseId : null,
			caseReference: ref,
			compartment: null,
			outcome: o?.outcome ?? null,
			outcomeReason: o?.reason ?? null
		});
	}
	const visibleCompartments = new Map<number, Set<string>>();
	for (const a of actionRows) {
		if (!visibleCompartments.has(a.action.caseId)) {
			visibleCompartments.set(a.action.caseId, new Set(cases.reachOrNull(db, actor, a.action.caseId)?.access.compartments ?? []));
		}
		if (!visibleCompartments.get(a.action.caseId)!.has(a.action.compartment)) continue;
		const o = outcomeOf('action', a.action.id);
		const origin = a.action.originKind === 'meeting' ? a.action.originId! : (db.select({ m: decision.meetingId }).from(decision).where(eq(decision.id, a.action.originId!)).get()?.m ?? meetingId);
		entries.push({
			type: 'action',
			id: a.action.id,
			title: a.action.title,
			meetingStartsAt: startsAt.get(origin) ?? row.startsAt,
			ownerName: a.ownerName,
			dueDate: a.action.dueDate,
			caseId: a.action.caseId,
			caseReference: a.reference,
			compartment: a.action.compartment,
			outcome: o?.outcome ?? null,
			outcomeReason: o?.reason ?? null
		});
	}
	return entries.sort((a, b) => a.meetingStartsAt.getTime() - b.meetingStartsAt.getTime());
}

/**
 * Records what the meeting concluded about an earlier open action or decision. For a decision it
 * changes the decision; for an action it returns the status the plan document must get (the
 * caller applies it through the document, so everyone with the plan open sees it).
 */
export function concludeReview(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	raw: unknown,
	now: Date,
	clientAddress: string | null = null
): { actionId: string; caseId: number; compartment: string; status: 'done' | 'not_possible' | 'not_undertaken'; reason: string | null } | null {
	const row = visible(db, actor, meetingId);
	if (!mayPlan(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	if (row.status === 'closed' || row.status === 'minutes_approved' || row.status === 'draft') throw new ConflictError(m.err_review_meeting_state());
	const input = parse(
		z.object({
			type: oneOf(['action', 'decision'] as const, 'soort'),
			id: text('id', 1, 64),
			outcome: oneOf(REVIEW_OUTCOMES, m.field_outcome()),
			reason: optionalText(m.field_reason(), 1000)
		}),
		raw
	);
	const entry = review(db, actor, meetingId).find((e) => e.type === input.type && e.id === input.id);
	if (!entry) throw new ValidationError(m.err_review_unknown(), { id: m.err_review_unknown() });
	if ((input.outcome === 'not_possible' || input.outcome === 'not_undertaken') && !input.reason) {
		throw new ValidationError(m.action_reason_required(), { reason: m.action_reason_required() });
	}
	db.insert(reviewOutcome)
		.values({
			meetingId,
			actionId: input.type === 'action' ? input.id : null,
			decisionId: input.type === 'decision' ? Number(input.id) : null,
			outcome: input.outcome,
			reason: input.reason,
			byUserId: actor.id,
			at: now
		})
		.run();
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, `terugblik ${input.type} ${input.id}: ${input.outcome}`);
	if (input.outcome === 'carried_over') return null;
	if (input.type === 'decision') {
		db.update(decision)
			.set({ status: input.outcome === 'done' ? 'implemented' : 'dropped', statusReason: input.reason, statusChangedAt: now })
			.where(eq(decision.id, Number(input.id)))
			.run();
		return null;
	}
	const action = db.select().from(caseAction).where(eq(caseAction.id, input.id)).get()!;
	db.insert(caseEvent)
		.values({ caseId: action.caseId, at: now, userId: actor.id, kind: 'action_updated', compartment: action.compartment, detail: `${action.title}: terugblik ${input.outcome}` })
		.run();
	return { actionId: action.id, caseId: action.caseId, compartment: action.compartment, status: input.outcome, reason: input.reason };
}

// ---------------------------------------------------------------------------------------------
// The meeting page

export interface MeetingView {
	meeting: Meeting & { tableName: string; tableKind: string };
	agenda: AgendaEntry[];
	decisions: DecisionRow[];
	review: ReviewEntry[];
	may: { plan: boolean; decide: boolean };
}

/** The meeting as this member may see it; the view is logged. */
export function get(db: DbOrTx, actor: Actor, meetingId: number, now: Date, clientAddress: string | null = null): MeetingView {
	const row = visible(db, actor, meetingId);
	const view: MeetingView = {
		meeting: row,
		agenda: agendaFor(db, actor, meetingId),
		decisions: decisions(db, actor, { tableId: row.tableId }, now).filter((d) => d.meetingId === meetingId),
		review: review(db, actor, meetingId),
		may: { plan: mayPlan(actor, row.tableId), decide: mayDecide(actor, row.tableId) }
	};
	log(db, actor, 'view', 'meeting', meetingId, now, clientAddress);
	return view;
}

/** Organisation names of the table's active members (for attendance). */
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

// ---------------------------------------------------------------------------------------------
// Live meeting documents (DESIGN.md §4): `meeting:<id>` holds the live state (current item,
// timer) and shared content only; `meeting:<id>:item:<itemId>:<compartment>` holds the notes of
// one agenda item in one compartment, for those who see that compartment at this table.

export type DocVerdict = 'read' | 'write' | null;

/** Whether the actor sees a compartment at this meeting's table (and, for a case item, of that case). */
function seesAtItem(db: DbOrTx, actor: Actor, tableId: number, item: AgendaItem, compartment: 'shared' | 'zorg' | 'veiligheid'): boolean {
	const ms = membershipAt(actor, tableId);
	if (!ms) return false;
	if (compartment !== 'shared' && !ms.policy[actor.domain].includes(compartment)) return false;
	if (item.caseId === null) return true;
	return cases.reachOrNull(db, actor, item.caseId)?.access.compartments.has(compartment) ?? false;
}

/** The policy's answer for the live meeting document. Only the chair or secretary steers it. */
export function liveDocAccess(db: DbOrTx, actor: Actor, meetingId: number): DocVerdict {
	const row = db.select().from(meeting).where(eq(meeting.id, meetingId)).get();
	if (!row || !maySeeTableContent(actor, row.tableId)) return null;
	if (row.status === 'draft') return null;
	return row.status === 'in_progress' && mayDecide(actor, row.tableId) ? 'write' : 'read';
}

/**
 * The policy's answer for the notes of one agenda item in one compartment: written together while
 * the meeting runs and as corrections until the minutes are approved; read-only afterwards.
 */
export function itemDocAccess(db: DbOrTx, actor: Actor, meetingId: number, itemId: number, compartment: 'shared' | 'zorg' | 'veiligheid'): DocVerdict {
	const row = db.select().from(meeting).where(eq(meeting.id, meetingId)).get();
	const item = db.select().from(agendaItem).where(and(eq(agendaItem.id, itemId), eq(agendaItem.meetingId, meetingId))).get();
	if (!row || !item || row.status === 'draft' || row.status === 'published') return null;
	if (!seesAtItem(db, actor, row.tableId, item, compartment)) return null;
	return row.status === 'in_progress' || row.status === 'closed' ? 'write' : 'read';
}

/** The compartments whose notes the actor sees for each agenda item. */
export function noteCompartments(db: DbOrTx, actor: Actor, meetingId: number): Map<number, Array<'shared' | 'zorg' | 'veiligheid'>> {
	const row = load(db, meetingId);
	const out = new Map<number, Array<'shared' | 'zorg' | 'veiligheid'>>();
	for (const item of db.select().from(agendaItem).where(eq(agendaItem.meetingId, meetingId)).all()) {
		out.set(
			item.id,
			(['shared', 'zorg', 'veiligheid'] as const).filter((c) => seesAtItem(db, actor, row.tableId, item, c))
		);
	}
	return out;
}

/** Records that someone changed the notes after the meeting closed (a correction to the minutes). */
export function recordCorrection(db: DbOrTx, meetingId: number, itemId: number, compartment: 'shared' | 'zorg' | 'veiligheid', userId: number | null, now: Date): void {
	const row = db.select({ status: meeting.status }).from(meeting).where(eq(meeting.id, meetingId)).get();
	if (row?.status !== 'closed') return;
	// One entry per person, item and compartment per minute is enough to trace who corrected what.
	const recent = db
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
	if (!recent) db.insert(minutesCorrection).values({ meetingId, agendaItemId: itemId, compartment, userId, at: now }).run();
}

/** Corrections to this meeting's notes the actor may know of (only in compartments they see). */
export function corrections(db: DbOrTx, actor: Actor, meetingId: number): Array<{ itemId: number | null; compartment: string; userName: string | null; at: Date }> {
	const visibleNotes = noteCompartments(db, actor, meetingId);
	return db
		.select({ itemId: minutesCorrection.agendaItemId, compartment: minutesCorrection.compartment, userName: user.name, at: minutesCorrection.at })
		.from(minutesCorrection)
		.leftJoin(user, eq(user.id, minutesCorrection.userId))
		.where(eq(minutesCorrection.meetingId, meetingId))
		.orderBy(asc(minutesCorrection.at))
		.all()
		.filter((c) => c.itemId !== null && (visibleNotes.get(c.itemId) ?? []).includes(c.compartment));
}

/** The closed meeting of this table whose minutes wait for approval in this (running) meeting. */
export function minutesToApprove(db: DbOrTx, actor: Actor, meetingId: number): { id: number; startsAt: Date } | null {
	const row = visible(db, actor, meetingId);
	if (row.status !== 'in_progress') return null;
	const previous = db
		.select({ id: meeting.id, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.tableId, row.tableId), eq(meeting.status, 'closed'), lt(meeting.startsAt, row.startsAt)))
		.orderBy(desc(meeting.startsAt))
		.get();
	return previous ?? null;
}

/** Approves the minutes of the previous meeting in this one (chair or secretary): they become read-only. */
export function approveMinutes(db: DbOrTx, actor: Actor, meetingId: number, now: Date, clientAddress: string | null = null): number {
	const row = visible(db, actor, meetingId);
	if (!mayDecide(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	const previous = minutesToApprove(db, actor, meetingId);
	if (!previous) throw new ConflictError(m.err_no_minutes_to_approve());
	db.update(meeting).set({ status: 'minutes_approved', approvedAt: now, approvedInMeetingId: meetingId }).where(eq(meeting.id, previous.id)).run();
	collabEvents.emit('access-changed', { meetingId: previous.id });
	log(db, actor, 'update', 'meeting', previous.id, now, clientAddress, `verslag vastgesteld in overleg ${meetingId}`);
	return previous.id;
}

/** Attendance as recorded, with every active member (default: not yet recorded). */
export function attendanceOf(db: DbOrTx, meetingId: number, tableId: number): Array<{ userId: number; name: string; organisationName: string; status: Attendance | null }> {
	const recorded = new Map(db.select().from(attendance).where(eq(attendance.meetingId, meetingId)).all().map((a) => [a.userId, a]));
	const people = tableMembers(db, tableId).map((p) => ({ userId: p.id, name: p.name, organisationName: recorded.get(p.id)?.organisationName ?? p.organisationName, status: recorded.get(p.id)?.status ?? null }));
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
export function recordAttendance(db: DbOrTx, actor: Actor, meetingId: number, raw: Record<string, unknown>, now: Date, clientAddress: string | null = null): void {
	const row = visible(db, actor, meetingId);
	if (!mayDecide(actor, row.tableId)) throw new NotFoundError(m.err_not_found());
	// Attendance is part of the minutes: once they are approved, it is final too.
	if (row.status === 'minutes_approved') throw new ConflictError(m.minutes_approved_notice());
	if (row.status !== 'in_progress' && row.status !== 'closed') throw new ConflictError(m.err_attendance_state());
	const members = tableMembers(db, row.tableId);
	for (const p of members) {
		const value = raw[`a-${p.id}`];
		if (value === undefined || value === '') continue;
		if (typeof value !== 'string' || !(ATTENDANCE as readonly string[]).includes(value)) {
			throw new ValidationError(m.err_unknown_value({ label: m.field_attendance() }), { [`a-${p.id}`]: m.err_unknown_value({ label: m.field_attendance() }) });
		}
	}
	for (const p of members) {
		const value = raw[`a-${p.id}`];
		if (typeof value !== 'string' || value === '') continue;
		db.insert(attendance)
			.values({ meetingId, userId: p.id, status: value as Attendance, organisationName: p.organisationName, recordedBy: actor.id, recordedAt: now })
			.onConflictDoUpdate({
				target: [attendance.meetingId, attendance.userId],
				set: { status: value as Attendance, recordedBy: actor.id, recordedAt: now }
			})
			.run();
	}
	log(db, actor, 'update', 'meeting', meetingId, now, clientAddress, 'presentie');
}

/** Actions that were created in this meeting, in compartments the actor may see. */
export function actionsFromMeeting(db: DbOrTx, actor: Actor, meetingId: number): Array<{ id: string; title: string; caseId: number; caseReference: string; compartment: string; ownerName: string | null; dueDate: string | null; status: string }> {
	const rows = db
		.select({ action: caseAction, reference: caseFile.reference, ownerName: user.name })
		.from(caseAction)
		.innerJoin(caseFile, eq(caseFile.id, caseAction.caseId))
		.leftJoin(user, eq(user.id, caseAction.ownerId))
		.where(and(eq(caseAction.originKind, 'meeting'), eq(caseAction.originId, meetingId), isNull(caseAction.removedAt)))
		.all();
	return rows
		.filter((r) => cases.reachOrNull(db, actor, r.action.caseId)?.access.compartments.has(r.action.compartment))
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

/** Checks an action made from an agenda item: the item's case, a compartment the actor may write. */
export function actionFromItem(db: DbOrTx, actor: Actor, meetingId: number, raw: unknown): { caseId: number; compartment: 'shared' | 'zorg' | 'veiligheid'; title: string; ownerId: number | null; dueDate: string | null } {
	const row = visible(db, actor, meetingId);
	if (row.status !== 'in_progress') throw new ConflictError(m.err_meeting_not_running());
	const input = parse(
		z.object({
			itemId: id('agendapunt'),
			compartment: oneOf(['shared', 'zorg', 'veiligheid'] as const, m.csv_plan()),
			title: text(m.field_action_title(), 2, 200),
			ownerId: optionalId(m.field_action_owner().toLowerCase()),
			dueDate: optionalDate(m.field_action_due())
		}),
		raw
	);
	const item = itemOf(db, meetingId, input.itemId);
	if (item.caseId === null) throw new ValidationError(m.err_decision_needs_case(), { itemId: m.err_decision_needs_case() });
	const reached = cases.reachOrNull(db, actor, item.caseId);
	if (!reached || !reached.access.compartments.has(input.compartment) || reached.facts.closed) {
		throw new ValidationError(m.err_not_found(), { compartment: m.err_not_found() });
	}
	return { caseId: item.caseId, compartment: input.compartment, title: input.title, ownerId: input.ownerId, dueDate: input.dueDate };
}
