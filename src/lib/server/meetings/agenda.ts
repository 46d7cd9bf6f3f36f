/**
 * The agenda of a meeting: case items and general topics, their order, presenters and planned
 * minutes. A case item names its case only to those who reach it (DESIGN.md §3.1); everything
 * else is the table's (§3.3). Each change is one transaction with its log entry; item edits carry
 * the item's version.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	agendaItem,
	caseFile,
	caseTable,
	decision,
	organisation,
	subject,
	membership,
	user,
	type AgendaItem
} from '../db/schema';
import { MAX_ITEM_MINUTES } from '../../domain/meetings';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { caseAccess, mayPutOnAgenda, showsItemCase, type Actor } from '../policy';
import { id, optionalId, optionalText, parse, text } from '../validation';
import { differingFields, expectVersion } from '../versions';
import {
	assertMember,
	caseFacts,
	forPlanning,
	itemFacts,
	itemOf,
	lastChange,
	tableEvent,
	visibleTo,
	type FactsCache
} from './load';

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
	/** The version the item's edit form carries. */
	version: number;
}

/** The agenda as this viewer may see it (no view noted: the caller notes the page it is part of). */
export function agendaFor(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	cache: FactsCache = new Map()
): AgendaEntry[] {
	const rows = db
		.select({ item: agendaItem, presenterName: user.name })
		.from(agendaItem)
		.leftJoin(user, eq(user.id, agendaItem.presenterId))
		.where(eq(agendaItem.meetingId, meetingId))
		.orderBy(asc(agendaItem.position), asc(agendaItem.id))
		.all();
	return rows.map(({ item, presenterName }) => {
		let seen: AgendaEntry['case'] = null;
		if (item.caseId !== null && showsItemCase(actor, itemFacts(db, item, cache))) {
			const c = db
				.select({ id: caseFile.id, reference: caseFile.reference, kind: caseFile.kind, label: subject.label })
				.from(caseFile)
				.innerJoin(subject, eq(subject.id, caseFile.subjectId))
				.where(eq(caseFile.id, item.caseId))
				.get();
			if (c) seen = { id: c.id, reference: c.reference, subjectLabel: c.label, kind: c.kind };
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
			plannedMinutes: item.plannedMinutes,
			version: item.version
		};
	});
}

function nextPosition(db: DbOrTx, meetingId: number): number {
	const row = db
		.select({ max: sql<number | null>`max(${agendaItem.position})` })
		.from(agendaItem)
		.where(eq(agendaItem.meetingId, meetingId))
		.get();
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

/** Puts a case on the agenda: only a case on this table that the planner reaches, once. */
export function addCaseItem(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		const row = forPlanning(tx, ctx.actor, meetingId);
		const input = parse(z.object({ caseId: id(m.field_case().toLowerCase()), ...itemCommon() }), raw);
		if (!mayPutOnAgenda(ctx.actor, row.tableId, caseFacts(tx, input.caseId))) {
			throw new ValidationError(m.err_case_not_on_this_table(), { caseId: m.err_case_not_on_this_table() });
		}
		const twice = tx
			.select({ id: agendaItem.id })
			.from(agendaItem)
			.where(and(eq(agendaItem.meetingId, meetingId), eq(agendaItem.caseId, input.caseId)))
			.get();
		if (twice)
			throw new ValidationError(m.err_case_already_on_agenda(), { caseId: m.err_case_already_on_agenda() });
		assertMember(tx, row.tableId, input.presenterId);
		const item = tx
			.insert(agendaItem)
			.values({
				meetingId,
				position: nextPosition(tx, meetingId),
				kind: 'case',
				caseId: input.caseId,
				presenterId: input.presenterId,
				plannedMinutes: input.plannedMinutes,
				createdAt: ctx.now
			})
			.returning({ id: agendaItem.id })
			.get();
		tableEvent(tx, ctx, { kind: 'agenda', tableKind: row.tableKind, caseId: input.caseId });
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `agendapunt ${item.id}: casus ${input.caseId}`
		});
	});
}

/** Adds a general topic to the agenda. */
export function addGeneralItem(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		const row = forPlanning(tx, ctx.actor, meetingId);
		const input = parse(z.object({ title: text(m.field_item_title(), 2, 200), ...itemCommon() }), raw);
		assertMember(tx, row.tableId, input.presenterId);
		const item = tx
			.insert(agendaItem)
			.values({
				meetingId,
				position: nextPosition(tx, meetingId),
				kind: 'general',
				title: input.title,
				presenterId: input.presenterId,
				plannedMinutes: input.plannedMinutes,
				createdAt: ctx.now
			})
			.returning({ id: agendaItem.id })
			.get();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `agendapunt ${item.id}: algemeen agendapunt`
		});
	});
}

/** Changes presenter and planned minutes (and the topic of a general item), from the version the form was loaded with. */
export function updateItem(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		const row = forPlanning(tx, ctx.actor, meetingId);
		const input = parse(
			z.object({ itemId: id('agendapunt'), title: optionalText(m.field_item_title(), 200), ...itemCommon() }),
			raw
		);
		const item = itemOf(tx, meetingId, input.itemId);
		assertMember(tx, row.tableId, input.presenterId);
		if (item.kind === 'general' && (!input.title || input.title.length < 2)) {
			throw new ValidationError(m.err_required({ label: m.field_item_title() }), {
				title: m.err_required({ label: m.field_item_title() })
			});
		}
		expectVersion(raw, item.version, () => ({
			...lastChange(tx, 'meeting', meetingId, `agendapunt ${item.id}`),
			fields: differingFields(
				{ title: item.title ?? '', presenterId: item.presenterId ?? '', plannedMinutes: item.plannedMinutes },
				raw as Record<string, unknown>,
				{
					title: m.field_item_title(),
					presenterId: m.field_presenter(),
					plannedMinutes: m.field_planned_minutes()
				}
			)
		}));
		tx.update(agendaItem)
			.set({
				presenterId: input.presenterId,
				plannedMinutes: input.plannedMinutes,
				title: item.kind === 'general' ? input.title : null,
				version: item.version + 1
			})
			.where(eq(agendaItem.id, item.id))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `agendapunt ${item.id}`
		});
	});
}

/**
 * Moves an item up or down (keyboard-friendly reordering), or to an exact place (drag and drop).
 * The order is the agenda's, not a field of the item's edit form, so it does not bump versions:
 * reordering never makes someone's open item form stale.
 */
export function moveItem(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		forPlanning(tx, ctx.actor, meetingId);
		const input = parse(
			z.object({ itemId: id('agendapunt'), to: z.coerce.number().int().min(0).max(500) }),
			raw
		);
		itemOf(tx, meetingId, input.itemId);
		const ordered = tx
			.select({ id: agendaItem.id })
			.from(agendaItem)
			.where(eq(agendaItem.meetingId, meetingId))
			.orderBy(asc(agendaItem.position), asc(agendaItem.id))
			.all()
			.map((r) => r.id);
		const from = ordered.indexOf(input.itemId);
		const to = Math.min(input.to, ordered.length - 1);
		ordered.splice(from, 1);
		ordered.splice(to, 0, input.itemId);
		ordered.forEach((itemId, position) =>
			tx.update(agendaItem).set({ position }).where(eq(agendaItem.id, itemId)).run()
		);
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `agendapunt ${input.itemId} naar ${to + 1}`
		});
	});
}

/** Removes an item that has no decisions yet. */
export function removeItem(db: DbOrTx, ctx: Ctx, meetingId: number, raw: unknown): void {
	db.transaction((tx) => {
		forPlanning(tx, ctx.actor, meetingId);
		const { itemId } = parse(z.object({ itemId: id('agendapunt') }), raw);
		itemOf(tx, meetingId, itemId);
		if (tx.select({ id: decision.id }).from(decision).where(eq(decision.agendaItemId, itemId)).get()) {
			throw new ConflictError(m.err_item_has_decisions());
		}
		tx.delete(agendaItem).where(eq(agendaItem.id, itemId)).run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `agendapunt ${itemId} verwijderd`
		});
	});
}

/**
 * Cases on the table that the planner can put on the agenda (open, reached, not yet on it),
 * newest first. They are part of the meeting page, so the view is noted as that meeting's.
 */
export function casesForAgenda(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number
): Array<{ id: number; reference: string; subjectLabel: string }> {
	const row = visibleTo(db, ctx.actor, meetingId);
	const already = new Set(
		db
			.select({ caseId: agendaItem.caseId })
			.from(agendaItem)
			.where(eq(agendaItem.meetingId, meetingId))
			.all()
			.map((r) => r.caseId)
	);
	const onTable = db
		.select({ caseId: caseTable.caseId })
		.from(caseTable)
		.where(eq(caseTable.tableId, row.tableId))
		.all()
		.map((r) => r.caseId);
	if (onTable.length === 0) return [];
	const out = db
		.select({
			id: caseFile.id,
			reference: caseFile.reference,
			status: caseFile.status,
			subjectLabel: subject.label
		})
		.from(caseFile)
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.where(inArray(caseFile.id, onTable))
		.orderBy(desc(caseFile.createdAt), desc(caseFile.id))
		.all()
		.filter((c) => c.status !== 'closed' && !already.has(c.id))
		.filter((c) => {
			const facts = caseFacts(db, c.id);
			return facts !== null && caseAccess(ctx.actor, facts) !== null;
		})
		.map(({ id, reference, subjectLabel }) => ({ id, reference, subjectLabel }));
	if (out.length)
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'meeting',
			objectId: meetingId,
			compartments: ['shared']
		});
	return out;
}

/** Active members of the table, for presenter and follow-up choices. */
export function tableMembers(
	db: DbOrTx,
	tableId: number
): Array<{ id: number; name: string; organisationName: string }> {
	return db
		.select({ id: user.id, name: user.name, organisationName: organisation.name })
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(and(eq(membership.tableId, tableId), eq(membership.status, 'active'), eq(user.active, true)))
		.orderBy(asc(user.name))
		.all();
}
