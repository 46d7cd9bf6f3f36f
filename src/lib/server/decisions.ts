/**
 * Decisions (besluiten) of a table's meetings: recording one at an agenda item, changing its
 * status (implemented, dropped with a reason, reopened) and the decision list with its CSV
 * export. A decision belongs to a meeting of one table and is seen only through that table
 * (DESIGN.md §2, §3.3); it names its case only to those who reach it (§3.1).
 */
import { and, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { caseFile, decision, deliberationTable, meeting, user, type Decision } from './db/schema';
import { DECISION_KINDS, DECISION_STATUSES } from '../domain/meetings';
import * as audit from './audit';
import type { Ctx } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { caseAccess, decisionScope, mayChangeDecision, mayDecide, type Actor } from './policy';
import { id, oneOf, optionalDate, optionalId, optionalText, parse, text } from './validation';
import { expectVersion } from './versions';
import { amsterdamToUtc, dutchDate } from '../dates';
import {
	assertMember,
	caseFacts,
	itemOf,
	lastChange,
	tableEvent,
	visibleTo,
	type FactsCache
} from './meetings/load';

export function decisionInput() {
	return z.object({
		agendaItemId: optionalId('agendapunt'),
		kind: oneOf(DECISION_KINDS, m.field_decision_kind()),
		text: text(m.field_decision_text(), 3, 3000, { multiline: true }),
		followUpOwnerId: optionalId(m.field_follow_up_owner().toLowerCase()),
		followUpDate: optionalDate(m.field_follow_up_date())
	});
}

/** Records a decision at an agenda item (chair or secretary, while the meeting is published or running). */
export function recordDecision(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): Decision {
	return db.transaction((tx) => {
		const row = visibleTo(tx, ctx.actor, meetingId);
		if (!mayDecide(ctx.actor, row.tableId)) throw new NotFoundError(m.err_not_found());
		if (row.status !== 'published' && row.status !== 'in_progress')
			throw new ConflictError(m.err_decision_meeting_state());
		const input = parse(decisionInput(), raw);
		const item = input.agendaItemId !== null ? itemOf(tx, meetingId, input.agendaItemId) : null;
		if (input.followUpOwnerId !== null)
			assertMember(tx, row.tableId, input.followUpOwnerId, 'followUpOwnerId');
		const meetingDay = dutchDate(row.startsAt);
		if (input.followUpDate !== null && input.followUpDate < meetingDay) {
			throw new ValidationError(m.err_follow_up_before_meeting(), {
				followUpDate: m.err_follow_up_before_meeting()
			});
		}
		if (
			(input.kind === 'close_case' ||
				input.kind === 'escalate_riec' ||
				input.kind === 'escalate_zvh' ||
				input.kind === 'start_care') &&
			!item?.caseId
		) {
			throw new ValidationError(m.err_decision_needs_case(), { agendaItemId: m.err_decision_needs_case() });
		}
		const created = tx
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
				createdBy: ctx.actor.id,
				createdAt: ctx.now
			})
			.returning()
			.get();
		if (created.caseId !== null) {
			tableEvent(tx, ctx, {
				kind: 'decision',
				tableKind: row.tableKind,
				tableId: row.tableId,
				caseId: created.caseId,
				decisionKind: created.kind,
				decisionId: created.id
			});
		}
		audit.changed(tx, ctx, {
			action: 'create',
			objectType: 'decision',
			objectId: created.id,
			detail: `overleg ${meetingId}`
		});
		return created;
	});
}

/** Marks a decision implemented or dropped (dropped needs a reason), or reopens it; from the version the form was loaded with. */
export function setDecisionStatus(db: DbOrTx, ctx: Ctx, raw: unknown): void {
	db.transaction((tx) => {
		const input = parse(
			z.object({
				decisionId: id('besluit'),
				status: oneOf(DECISION_STATUSES, m.field_status()),
				reason: optionalText(m.field_reason(), 1000)
			}),
			raw
		);
		const row = tx.select().from(decision).where(eq(decision.id, input.decisionId)).get();
		if (!row || !mayChangeDecision(ctx.actor, row)) throw new NotFoundError(m.err_not_found());
		// A stale form first: its "same status" may be someone else's change it has not seen.
		expectVersion(raw, row.version, () => ({
			...lastChange(tx, 'decision', row.id),
			// The form shows the status and reason; both are what a change meanwhile touched.
			fields: [m.field_status()]
		}));
		if (row.status === input.status) throw new ConflictError(m.err_decision_same_status());
		if (input.status === 'dropped' && !input.reason)
			throw new ValidationError(m.err_decision_drop_reason(), { reason: m.err_decision_drop_reason() });
		tx.update(decision)
			.set({
				status: input.status,
				statusReason: input.status === 'open' ? null : input.reason,
				statusChangedAt: ctx.now,
				version: row.version + 1
			})
			.where(eq(decision.id, row.id))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'decision',
			objectId: row.id,
			detail: `status ${input.status}`
		});
	});
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
	/** The version the status form carries. */
	version: number;
}

export interface DecisionFilter {
	tableId?: number;
	caseId?: number;
	kind?: string;
	status?: string;
	from?: string;
	until?: string;
}

/**
 * The decisions of the actor's tables (only through the table), open and overdue first. Notes no
 * view: `list`, `exportList` and the meeting page note what they show.
 */
export function rowsFor(
	db: DbOrTx,
	actor: Actor,
	filter: DecisionFilter,
	now: Date,
	cache: FactsCache = new Map()
): DecisionRow[] {
	const tableIds = decisionScope(actor, filter.tableId);
	if (tableIds.length === 0) return [];
	const conditions: SQL[] = [inArray(decision.tableId, tableIds)];
	if (filter.caseId) conditions.push(eq(decision.caseId, filter.caseId));
	if (filter.kind && (DECISION_KINDS as readonly string[]).includes(filter.kind))
		conditions.push(eq(decision.kind, filter.kind as Decision['kind']));
	if (filter.status && (DECISION_STATUSES as readonly string[]).includes(filter.status))
		conditions.push(eq(decision.status, filter.status as Decision['status']));
	const fromDate = filter.from ? amsterdamToUtc(`${filter.from}T00:00`) : null;
	const untilDate = filter.until ? amsterdamToUtc(`${filter.until}T00:00`) : null;
	if (fromDate) conditions.push(gte(meeting.startsAt, fromDate));
	if (untilDate) conditions.push(lt(meeting.startsAt, new Date(untilDate.getTime() + 86_400_000)));
	const today = dutchDate(now);
	const rows = db
		.select({
			decision,
			startsAt: meeting.startsAt,
			tableName: deliberationTable.name,
			ownerName: user.name,
			reference: caseFile.reference
		})
		.from(decision)
		.innerJoin(meeting, eq(meeting.id, decision.meetingId))
		.innerJoin(deliberationTable, eq(deliberationTable.id, decision.tableId))
		.leftJoin(user, eq(user.id, decision.followUpOwnerId))
		.leftJoin(caseFile, eq(caseFile.id, decision.caseId))
		.where(and(...conditions))
		.orderBy(desc(meeting.startsAt), desc(decision.id))
		.all();
	const out = rows.map((r) => {
		const overdue =
			r.decision.status === 'open' && r.decision.followUpDate !== null && r.decision.followUpDate < today;
		const facts = r.decision.caseId !== null ? caseFacts(db, r.decision.caseId, cache) : null;
		const seenCase: DecisionRow['case'] =
			r.decision.caseId !== null && facts && caseAccess(actor, facts)
				? { id: r.decision.caseId, reference: r.reference ?? '' }
				: null;
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
			mayChange: mayChangeDecision(actor, r.decision),
			version: r.decision.version
		};
	});
	const rank = (d: DecisionRow) => (d.overdue ? 0 : d.status === 'open' ? 1 : 2);
	return out.sort(
		(a, b) => rank(a) - rank(b) || (a.followUpDate ?? '9999').localeCompare(b.followUpDate ?? '9999')
	);
}

function describe(filter: DecisionFilter, rows: DecisionRow[]): string {
	const described = Object.entries(filter)
		.filter(([, v]) => v)
		.map(([k, v]) => `${k}=${String(v)}`)
		.join('&');
	return `besluitenlijst${described ? ` (${described})` : ''}: besluiten ${rows.map((d) => d.id).join(',') || '-'}`;
}

/** The decision list (the decisions page); the search is noted with the decisions it showed. */
export function list(db: DbOrTx, ctx: Ctx, filter: DecisionFilter): DecisionRow[] {
	const rows = rowsFor(db, ctx.actor, filter, ctx.now);
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'decision',
		objectId: null,
		compartments: ['shared'],
		detail: describe(filter, rows)
	});
	return rows;
}

/** The decision list for the CSV export; the export is noted with the decisions it holds. */
export function exportList(db: DbOrTx, ctx: Ctx, filter: DecisionFilter): DecisionRow[] {
	const rows = rowsFor(db, ctx.actor, filter, ctx.now);
	audit.viewed(ctx, {
		action: 'export',
		objectType: 'decision',
		objectId: null,
		compartments: ['shared'],
		detail: describe(filter, rows)
	});
	return rows;
}
