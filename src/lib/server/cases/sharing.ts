/**
 * Who and where a case is shared with: the tables it is on, the professionals invited to it, and
 * the cases it is linked to. Each change is one transaction with its timeline event and log entry;
 * taking a case off a table or ending a participation closes live connections that lose access.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseFile, caseLink, caseParticipant, caseTable, deliberationTable } from '../db/schema';
import type { Ctx } from '../context';
import { ValidationError } from '../errors';
import { collabEvents } from '../events';
import { caseAccess, escalationSourceTables, mayPutCaseOnTable } from '../policy';
import { id, parse, text } from '../validation';
import { reachOrNull, requireManage, requireManageOpen } from './reach';
import { assertPerson, eligiblePeople, nameOf } from './people';
import { addEvent, logCaseUpdate } from './timeline';
import type { CaseView } from './view';

/** Puts the case on a table: the policy says which tables the actor may put it on. */
export function addTable(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { facts } = requireManageOpen(tx, ctx, caseId);
		const { tableId } = parse(z.object({ tableId: id(m.field_table().toLowerCase()) }), raw);
		const table = tx.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
		if (!table || !mayPutCaseOnTable(ctx.actor, tableId))
			throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
		if (facts.tableIds.includes(tableId))
			throw new ValidationError(m.err_case_already_on_table(), { tableId: m.err_case_already_on_table() });
		tx.insert(caseTable).values({ caseId, tableId, addedAt: ctx.now, addedBy: ctx.actor.id }).run();
		addEvent(tx, ctx, caseId, 'table_added', 'shared', table.name);
		logCaseUpdate(tx, ctx, caseId, 'shared', `tafel ${tableId} toegevoegd`);
	});
}

/** Takes the case off a table; its members lose access at once (live connections too). */
export function removeTable(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	const tableId = db.transaction((tx) => {
		const { facts } = requireManage(tx, ctx, caseId);
		const { tableId } = parse(z.object({ tableId: id(m.field_table().toLowerCase()) }), raw);
		if (!facts.tableIds.includes(tableId))
			throw new ValidationError(m.err_case_not_on_table(), { tableId: m.err_case_not_on_table() });
		if (!caseAccess(ctx.actor, { ...facts, tableIds: facts.tableIds.filter((t) => t !== tableId) })) {
			throw new ValidationError(m.err_case_unreachable(), { tableId: m.err_case_unreachable() });
		}
		const table = tx
			.select({ name: deliberationTable.name })
			.from(deliberationTable)
			.where(eq(deliberationTable.id, tableId))
			.get();
		tx.delete(caseTable)
			.where(and(eq(caseTable.caseId, caseId), eq(caseTable.tableId, tableId)))
			.run();
		addEvent(tx, ctx, caseId, 'table_removed', 'shared', table?.name ?? null);
		logCaseUpdate(tx, ctx, caseId, 'shared', `tafel ${tableId} verwijderd`);
		return tableId;
	});
	collabEvents.emit('access-changed', { caseId, tableId });
}

/** Invites a professional for this case only (a school, a GP, a shelter). */
export function addParticipant(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { facts } = requireManageOpen(tx, ctx, caseId);
		const { userId } = parse(z.object({ userId: id(m.field_person().toLowerCase()) }), raw);
		assertPerson(tx, userId, 'userId');
		if (facts.participantIds.includes(userId))
			throw new ValidationError(m.err_already_participant(), { userId: m.err_already_participant() });
		tx.insert(caseParticipant).values({ caseId, userId, invitedBy: ctx.actor.id, invitedAt: ctx.now }).run();
		addEvent(tx, ctx, caseId, 'participant_added', 'shared', nameOf(tx, userId));
		logCaseUpdate(tx, ctx, caseId, 'shared', `deelnemer ${userId} uitgenodigd`);
	});
}

/** Ends a participation; the person loses access at once. */
export function endParticipant(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	const userId = db.transaction((tx) => {
		requireManage(tx, ctx, caseId);
		const { participantId } = parse(z.object({ participantId: id(m.field_person().toLowerCase()) }), raw);
		const row = tx
			.select()
			.from(caseParticipant)
			.where(
				and(
					eq(caseParticipant.id, participantId),
					eq(caseParticipant.caseId, caseId),
					isNull(caseParticipant.endedAt)
				)
			)
			.get();
		if (!row) throw new ValidationError(m.err_not_found(), { participantId: m.err_not_found() });
		tx.update(caseParticipant).set({ endedAt: ctx.now }).where(eq(caseParticipant.id, participantId)).run();
		addEvent(tx, ctx, caseId, 'participant_ended', 'shared', nameOf(tx, row.userId));
		logCaseUpdate(tx, ctx, caseId, 'shared', `deelname ${row.userId} beëindigd`);
		return row.userId;
	});
	collabEvents.emit('access-changed', { caseId, userId });
}

/** Records a link between two cases (no event or log: the callers write those). */
export function linkRows(db: DbOrTx, ctx: Ctx, a: number, b: number): void {
	const [caseA, caseB] = a < b ? [a, b] : [b, a];
	db.insert(caseLink)
		.values({ caseA, caseB, createdAt: ctx.now, createdBy: ctx.actor.id })
		.onConflictDoNothing()
		.run();
}

/** Links two cases (e.g. victims and their perpetrator); the actor must manage this one and reach the other. */
export function link(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row } = requireManage(tx, ctx, caseId);
		const { reference } = parse(z.object({ reference: text(m.field_case_reference(), 3, 20) }), raw);
		const other = tx
			.select()
			.from(caseFile)
			.where(eq(caseFile.reference, reference.trim().toUpperCase()))
			.get();
		if (!other || !reachOrNull(tx, ctx, other.id))
			throw new ValidationError(m.err_case_unknown_reference(), {
				reference: m.err_case_unknown_reference()
			});
		if (other.id === caseId)
			throw new ValidationError(m.err_case_link_self(), { reference: m.err_case_link_self() });
		const [caseA, caseB] = caseId < other.id ? [caseId, other.id] : [other.id, caseId];
		const existing = tx
			.select()
			.from(caseLink)
			.where(and(eq(caseLink.caseA, caseA), eq(caseLink.caseB, caseB)))
			.get();
		if (existing)
			throw new ValidationError(m.err_case_already_linked(), { reference: m.err_case_already_linked() });
		linkRows(tx, ctx, caseId, other.id);
		addEvent(tx, ctx, caseId, 'linked', 'shared', other.reference);
		addEvent(tx, ctx, other.id, 'linked', 'shared', row.reference);
		logCaseUpdate(tx, ctx, caseId, 'shared', `gekoppeld aan ${other.id}`);
	});
}

/** The choices the management forms offer (empty for those who may not manage the case). */
export function manageChoices(
	db: DbOrTx,
	ctx: Ctx,
	view: CaseView
): {
	people: ReturnType<typeof eligiblePeople>;
	tableChoices: Array<{ id: number; name: string }>;
	escalateFrom: Array<{ id: number; name: string }>;
} {
	if (!view.may.manage) return { people: [], tableChoices: [], escalateFrom: [] };
	const { facts } = requireManage(db, ctx, view.case.id);
	const tableChoices = db
		.select({ id: deliberationTable.id, name: deliberationTable.name })
		.from(deliberationTable)
		.orderBy(asc(deliberationTable.kind), asc(deliberationTable.name))
		.all()
		.filter((t) => mayPutCaseOnTable(ctx.actor, t.id) && !facts.tableIds.includes(t.id));
	return {
		people: eligiblePeople(db),
		tableChoices,
		escalateFrom: escalationSourceTables(ctx.actor, facts, view.tables).map((t) => ({
			id: t.id,
			name: t.name
		}))
	};
}
