/**
 * Action lists: "my actions", the actions of a case, the coordinator's board and their exports.
 * Each reads the projection (plain queries), keeps what the policy lets the reader see, and notes
 * what it returned in the request's view ledger (`audit.viewed`): lists as one search with the
 * compartments and case ids shown, a case's actions as a view of that case, exports as exports.
 */
import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	caseAction,
	caseFile,
	caseTable,
	deliberationTable,
	organisation,
	subject,
	user,
	type CaseAction,
	type Compartment
} from '../db/schema';
import { OPEN_STATUSES, isOverdue } from '../../collab/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import * as cases from '../cases';
import { NotFoundError } from '../errors';
import { caseAccess, isGuardian, mayUseBoard, seesAction, type Actor } from '../policy';
import { dutchDate } from '../../dates';

export interface ActionRow {
	id: string;
	caseId: number;
	caseReference: string;
	subjectLabel: string;
	compartment: Compartment;
	title: string;
	ownerId: number | null;
	ownerName: string | null;
	ownerOrganisation: string | null;
	dueDate: string | null;
	status: CaseAction['status'];
	reason: string | null;
	overdue: boolean;
	originKind: CaseAction['originKind'];
	tables: string[];
}

export interface BoardFilter {
	tableId?: number;
	/** 0: actions without an owner. */
	ownerId?: number;
	status?: string;
}

function rowsFor(db: DbOrTx, where: SQL | undefined, today: string): ActionRow[] {
	const rows = db
		.select({
			action: caseAction,
			reference: caseFile.reference,
			subjectLabel: subject.label,
			ownerName: user.name,
			ownerOrganisation: organisation.name
		})
		.from(caseAction)
		.innerJoin(caseFile, eq(caseFile.id, caseAction.caseId))
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.leftJoin(user, eq(user.id, caseAction.ownerId))
		.leftJoin(organisation, eq(organisation.id, user.organisationId))
		.where(where)
		.orderBy(asc(caseAction.caseId), asc(caseAction.compartment), asc(caseAction.position))
		.all();
	return rows.map((r) => ({
		id: r.action.id,
		caseId: r.action.caseId,
		caseReference: r.reference,
		subjectLabel: r.subjectLabel,
		compartment: r.action.compartment,
		title: r.action.title,
		ownerId: r.action.ownerId,
		ownerName: r.ownerName,
		ownerOrganisation: r.ownerOrganisation,
		dueDate: r.action.dueDate,
		status: r.action.status,
		reason: r.action.reason,
		overdue: isOverdue(r.action, today),
		originKind: r.action.originKind,
		tables: []
	}));
}

/** Keeps only the rows whose case and compartment the actor may see (the policy decides, per case). */
function visibleTo(db: DbOrTx, actor: Actor, rows: ActionRow[]): ActionRow[] {
	const facts = new Map<number, ReturnType<typeof cases.factsById>>();
	return rows.filter((r) => {
		if (!facts.has(r.caseId)) facts.set(r.caseId, cases.factsById(db, r.caseId));
		const f = facts.get(r.caseId);
		return !!f && seesAction(actor, f, r.compartment);
	});
}

const byUrgency = (a: ActionRow, b: ActionRow) =>
	Number(b.overdue) - Number(a.overdue) ||
	(a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
	a.caseReference.localeCompare(b.caseReference);

const compartmentsOf = (rows: ActionRow[]) => [...new Set(rows.map((r) => r.compartment))];

/** "casussen 3,5,7" (or "geen casussen"): the cases a list showed, for its log row. */
function shown(rows: ActionRow[]): string {
	const ids = [...new Set(rows.map((r) => r.caseId))].sort((a, b) => a - b);
	return ids.length ? `casussen ${ids.join(',')}` : 'geen casussen';
}

/** "Mijn acties": open actions owned by the actor in cases they reach, overdue first. */
export function mine(db: DbOrTx, ctx: Ctx): ActionRow[] {
	const { actor } = ctx;
	if (isGuardian(actor)) return [];
	const rows = rowsFor(
		db,
		and(
			eq(caseAction.ownerId, actor.id),
			inArray(caseAction.status, [...OPEN_STATUSES]),
			isNull(caseAction.removedAt)
		),
		dutchDate(ctx.now)
	);
	const visible = visibleTo(db, actor, rows).sort(byUrgency);
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'action',
		objectId: null,
		compartments: compartmentsOf(visible),
		detail: `mijn acties: ${shown(visible)}`
	});
	return visible;
}

function caseRows(db: DbOrTx, ctx: Ctx, caseId: number): ActionRow[] {
	const facts = cases.factsById(db, caseId);
	if (!facts || !caseAccess(ctx.actor, facts)) throw new NotFoundError(m.err_not_found());
	return visibleTo(
		db,
		ctx.actor,
		rowsFor(db, and(eq(caseAction.caseId, caseId), isNull(caseAction.removedAt)), dutchDate(ctx.now))
	);
}

/**
 * The actions of one case the actor may see, for the case page: noted as a view of the case with
 * the compartments whose actions it showed (merged with the case's own view row when that notes
 * the same object).
 */
export function forCase(db: DbOrTx, ctx: Ctx, caseId: number): ActionRow[] {
	const rows = caseRows(db, ctx, caseId);
	if (rows.length)
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'case',
			objectId: caseId,
			compartments: compartmentsOf(rows)
		});
	return rows;
}

/** The same actions for the CSV export of a case: noted as an export. */
export function exportForCase(db: DbOrTx, ctx: Ctx, caseId: number): ActionRow[] {
	const rows = caseRows(db, ctx, caseId);
	audit.viewed(ctx, {
		action: 'export',
		objectType: 'case',
		objectId: caseId,
		compartments: compartmentsOf(rows),
		detail: `acties (${rows.length})`
	});
	return rows;
}

function boardRows(db: DbOrTx, ctx: Ctx, filter: BoardFilter): ActionRow[] {
	const { actor } = ctx;
	if (!mayUseBoard(actor)) return [];
	const tableIds = actor.memberships
		.map((x) => x.tableId)
		.filter((t) => !filter.tableId || t === filter.tableId);
	if (tableIds.length === 0) return [];
	const caseIds = db
		.select({ id: caseTable.caseId })
		.from(caseTable)
		.where(inArray(caseTable.tableId, tableIds))
		.all()
		.map((r) => r.id);
	if (caseIds.length === 0) return [];
	const rows = visibleTo(
		db,
		actor,
		rowsFor(db, and(inArray(caseAction.caseId, caseIds), isNull(caseAction.removedAt)), dutchDate(ctx.now))
	);
	const tableNames = new Map<number, string[]>();
	for (const r of db
		.select({ caseId: caseTable.caseId, name: deliberationTable.name })
		.from(caseTable)
		.innerJoin(deliberationTable, eq(deliberationTable.id, caseTable.tableId))
		.where(inArray(caseTable.caseId, caseIds))
		.all()) {
		tableNames.set(r.caseId, [...(tableNames.get(r.caseId) ?? []), r.name]);
	}
	return rows
		.filter((r) =>
			filter.ownerId === undefined
				? true
				: filter.ownerId === 0
					? r.ownerId === null
					: r.ownerId === filter.ownerId
		)
		.filter((r) => !filter.status || r.status === filter.status)
		.map((r) => ({ ...r, tables: tableNames.get(r.caseId) ?? [] }))
		.sort(byUrgency);
}

/**
 * The board: all actions in the cases on the actor's tables (compartments as the policy allows),
 * for coordinators and chairs. Noted as one search with the compartments and cases it showed.
 */
export function board(db: DbOrTx, ctx: Ctx, filter: BoardFilter): ActionRow[] {
	const rows = boardRows(db, ctx, filter);
	if (mayUseBoard(ctx.actor))
		audit.viewed(ctx, {
			action: 'search',
			objectType: 'action',
			objectId: null,
			compartments: compartmentsOf(rows),
			detail: `actiebord: ${shown(rows)}`
		});
	return rows;
}

/** The board's rows for its CSV export: noted as an export. */
export function exportBoard(db: DbOrTx, ctx: Ctx, filter: BoardFilter): ActionRow[] {
	const rows = boardRows(db, ctx, filter);
	audit.viewed(ctx, {
		action: 'export',
		objectType: 'action',
		objectId: null,
		compartments: compartmentsOf(rows),
		detail: `actiebord (${rows.length}): ${shown(rows)}`
	});
	return rows;
}

/** The board's filters from a query string (the page and its CSV export share them). */
export function boardFilter(q: URLSearchParams): BoardFilter {
	const owner = q.get('eigenaar');
	return {
		tableId: Number(q.get('tafel')) || undefined,
		ownerId: owner === 'geen' ? 0 : Number(owner) || undefined,
		status: q.get('status') || undefined
	};
}
