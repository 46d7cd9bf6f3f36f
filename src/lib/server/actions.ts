/**
 * Actions (acties). The plan documents are the source of truth; every change there is validated
 * and projected into `case_action` synchronously (see collab/actions-extension.ts), so "my
 * actions", the coordinator's board, reminders and exports are plain queries here.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { caseAction, caseEvent, caseFile, deliberationTable, caseTable, organisation, subject, user, type CaseAction, type Compartment } from './db/schema';
import { OPEN_STATUSES, isOverdue, normalise, type ActionValue } from '../domain/actions';
import * as actors from './actors';
import * as audit from './audit';
import * as cases from './cases';
import { caseAccess, isGuardian, mayWriteCompartment, type Actor } from './policy';
import { NotFoundError } from './errors';
import { dutchDate } from '../dates';

/** The Y.Map fields of an action, read without trusting their types. */
export function rawOf(map: Y.Map<unknown>): Record<string, unknown> {
	return Object.fromEntries(map.entries());
}

/** Whether a person may own an action in a compartment of a case (they may see it). */
export function ownerCheck(db: DbOrTx, caseId: number, compartment: Compartment): (userId: number) => boolean {
	const facts = cases.factsById(db, caseId);
	const cache = new Map<number, boolean>();
	return (userId: number) => {
		if (!facts) return false;
		if (!cache.has(userId)) {
			const actor = actors.load(db, userId);
			cache.set(userId, !!actor && !!caseAccess(actor, facts)?.compartments.has(compartment));
		}
		return cache.get(userId)!;
	};
}

function toValue(row: CaseAction): ActionValue {
	return {
		id: row.id,
		title: row.title,
		ownerId: row.ownerId,
		dueDate: row.dueDate,
		status: row.status,
		reason: row.reason,
		originKind: row.originKind,
		originId: row.originId,
		createdAt: row.createdAt.getTime(),
		createdBy: row.createdBy
	};
}

/** The accepted (projected) actions of one plan document, by id. */
export function projected(db: DbOrTx, caseId: number, compartment: Compartment): Map<string, ActionValue> {
	const rows = db
		.select()
		.from(caseAction)
		.where(and(eq(caseAction.caseId, caseId), eq(caseAction.compartment, compartment), isNull(caseAction.removedAt)))
		.all();
	return new Map(rows.map((r) => [r.id, toValue(r)]));
}

export interface Reconciled {
	/** Field repairs to write back into the document, per array index. */
	repairs: Array<{ index: number; value: ActionValue; fields: string[] }>;
	created: number;
	updated: number;
	removed: number;
}

/**
 * Validates the actions array of a plan document against the last accepted state, projects the
 * result into SQL and writes each change to the case timeline, attributed to `userId`. Returns
 * the repairs the caller must apply to the document.
 */
export function reconcile(
	db: DbOrTx,
	caseId: number,
	compartment: Compartment,
	actions: Y.Array<Y.Map<unknown>>,
	userId: number | null,
	now: Date,
	serverChange = false
): Reconciled {
	const minDate = earliestDueDate(db, caseId);
	if (minDate === null) return { repairs: [], created: 0, updated: 0, removed: 0 };
	const before = projected(db, caseId, compartment);
	const mayOwn = ownerCheck(db, caseId, compartment);
	const seen = new Set<string>();
	const result: Reconciled = { repairs: [], created: 0, updated: 0, removed: 0 };
	const event = (kind: 'action_created' | 'action_updated' | 'action_removed' | 'action_repaired', detail: string) =>
		db.insert(caseEvent).values({ caseId, at: now, userId, kind, compartment, detail }).run();

	actions.toArray().forEach((map, index) => {
		if (!(map instanceof Y.Map)) return;
		const raw = rawOf(map);
		const previous = typeof raw.id === 'string' && !seen.has(raw.id) ? (before.get(raw.id) ?? null) : null;
		const { value, repaired } = normalise(
			{ ...raw, id: typeof raw.id === 'string' && seen.has(raw.id) ? undefined : raw.id },
			{ mayOwn, minDate, previous, userId, now: now.getTime(), newId: () => crypto.randomUUID(), serverChange }
		);
		seen.add(value.id);
		const serverFields = ['createdAt', 'createdBy', 'originKind', 'originId'] as const;
		const missing = serverFields.filter((f) => raw[f] !== (value[f] ?? null) && !(raw[f] === undefined && value[f] === null));
		if (repaired.length || missing.length) result.repairs.push({ index, value, fields: [...repaired, ...missing] });
		if (repaired.length) event('action_repaired', `${value.title}: ${repaired.join(', ')}`);

		const values = {
			caseId,
			compartment,
			position: index,
			title: value.title,
			ownerId: value.ownerId,
			dueDate: value.dueDate,
			status: value.status,
			reason: value.reason,
			originKind: value.originKind,
			originId: value.originId,
			createdAt: new Date(value.createdAt),
			createdBy: value.createdBy,
			updatedAt: now,
			updatedBy: userId,
			removedAt: null
		};
		if (!previous) {
			db.insert(caseAction).values({ id: value.id, ...values }).onConflictDoUpdate({ target: caseAction.id, set: values }).run();
			event('action_created', value.title);
			result.created++;
			return;
		}
		const changes = (['title', 'ownerId', 'dueDate', 'status', 'reason'] as const).filter((f) => previous[f] !== value[f]);
		const moved = db.select({ position: caseAction.position }).from(caseAction).where(eq(caseAction.id, value.id)).get()?.position !== index;
		if (changes.length === 0 && !moved) return;
		db.update(caseAction).set(values).where(eq(caseAction.id, value.id)).run();
		if (changes.length) {
			event('action_updated', `${value.title}: ${changes.map((f) => (f === 'status' ? `status ${value.status}` : f)).join(', ')}`);
			result.updated++;
		}
	});

	for (const [id, prev] of before) {
		if (seen.has(id)) continue;
		db.update(caseAction).set({ removedAt: now, updatedAt: now, updatedBy: userId }).where(eq(caseAction.id, id)).run();
		event('action_removed', prev.title);
		result.removed++;
	}
	return result;
}

/** Writes an action's accepted value into its Y.Map (only the fields that differ). */
export function writeValue(map: Y.Map<unknown>, value: ActionValue): void {
	for (const [key, v] of Object.entries(value)) {
		if (map.get(key) !== v) map.set(key, v);
	}
}

/** A new action as a Y.Map, for server-side creation (meetings, seed). */
export function newActionMap(value: ActionValue): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, v] of Object.entries(value)) map.set(key, v);
	return map;
}

// ---------------------------------------------------------------------------------------------
// Queries

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

function rowsFor(db: DbOrTx, where: ReturnType<typeof and>, today: string): ActionRow[] {
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
	const verdicts = new Map<number, Set<Compartment>>();
	return rows.filter((r) => {
		if (!verdicts.has(r.caseId)) {
			const facts = cases.factsById(db, r.caseId);
			verdicts.set(r.caseId, new Set(facts ? (caseAccess(actor, facts)?.compartments ?? []) : []));
		}
		return verdicts.get(r.caseId)!.has(r.compartment);
	});
}

const byUrgency = (a: ActionRow, b: ActionRow) =>
	Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.caseReference.localeCompare(b.caseReference);

/** "Mijn acties": open actions owned by the actor in cases they reach, overdue first. */
export function mine(db: DbOrTx, actor: Actor, now: Date, clientAddress: string | null = null): ActionRow[] {
	if (isGuardian(actor)) return [];
	const rows = rowsFor(db, and(eq(caseAction.ownerId, actor.id), inArray(caseAction.status, [...OPEN_STATUSES]), isNull(caseAction.removedAt)), dutchDate(now));
	audit.record(db, { userId: actor.id, action: 'search', objectType: 'action', clientAddress, detail: 'mijn acties' }, now);
	return visibleTo(db, actor, rows).sort(byUrgency);
}

/** The actions of one case the actor may see (for the export). */
export function forCase(db: DbOrTx, actor: Actor, caseId: number, now: Date): ActionRow[] {
	cases.reach(db, actor, caseId);
	const rows = rowsFor(db, and(eq(caseAction.caseId, caseId), isNull(caseAction.removedAt)), dutchDate(now));
	return visibleTo(db, actor, rows);
}

/** Whether the actor has the coordinator's board: coordinators and chairs. */
export function mayUseBoard(actor: Actor): boolean {
	return !isGuardian(actor) && (actor.roles.includes('coordinator') || actor.memberships.some((x) => x.role === 'chair'));
}

/**
 * The board: all actions in the cases on the actor's tables (compartments as the policy allows),
 * for coordinators and chairs.
 */
export function board(db: DbOrTx, actor: Actor, filter: { tableId?: number; ownerId?: number; status?: string }, now: Date): ActionRow[] {
	if (!mayUseBoard(actor)) return [];
	const tableIds = actor.memberships.map((x) => x.tableId).filter((t) => !filter.tableId || t === filter.tableId);
	if (tableIds.length === 0) return [];
	const caseIds = db.select({ id: caseTable.caseId }).from(caseTable).where(inArray(caseTable.tableId, tableIds)).all().map((r) => r.id);
	if (caseIds.length === 0) return [];
	const rows = visibleTo(db, actor, rowsFor(db, and(inArray(caseAction.caseId, caseIds), isNull(caseAction.removedAt)), dutchDate(now)));
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
		.filter((r) => (filter.ownerId === undefined ? true : filter.ownerId === 0 ? r.ownerId === null : r.ownerId === filter.ownerId))
		.filter((r) => !filter.status || r.status === filter.status)
		.map((r) => ({ ...r, tables: tableNames.get(r.caseId) ?? [] }))
		.sort(byUrgency);
}

/** The earliest due date an action of a case may have: the day the case was created (null: no such case). */
export function earliestDueDate(db: DbOrTx, caseId: number): string | null {
	const row = db.select({ createdAt: caseFile.createdAt }).from(caseFile).where(eq(caseFile.id, caseId)).get();
	return row ? dutchDate(row.createdAt) : null;
}

/** The board's filters from a query string (the page and its CSV export share them). */
export function boardFilter(q: URLSearchParams): { tableId?: number; ownerId?: number; status?: string } {
	const owner = q.get('eigenaar');
	return {
		tableId: Number(q.get('tafel')) || undefined,
		ownerId: owner === 'geen' ? 0 : Number(owner) || undefined,
		status: q.get('status') || undefined
	};
}

/** Who may own actions in a compartment of a case (for the owner pickers), with organisation. */
export function possibleOwners(db: DbOrTx, caseId: number, compartment: Compartment): Array<{ id: number; name: string; organisationName: string }> {
	const mayOwn = ownerCheck(db, caseId, compartment);
	return cases.eligiblePeople(db).filter((p) => mayOwn(p.id));
}

/** The action with its case, if the actor may change it (write access to its compartment). */
export function forChange(db: DbOrTx, actor: Actor, actionId: string): CaseAction {
	const row = db.select().from(caseAction).where(and(eq(caseAction.id, actionId), isNull(caseAction.removedAt))).get();
	const facts = row ? cases.factsById(db, row.caseId) : null;
	if (!row || !facts || !mayWriteCompartment(actor, facts, row.compartment)) throw new NotFoundError(m.err_not_found());
	return row;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(value: string | number | boolean | null | undefined): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header, separated by semicolons (what Dutch spreadsheets expect). */
export function toCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
