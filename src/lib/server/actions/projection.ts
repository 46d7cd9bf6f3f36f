/**
 * The projection of the plan documents into SQL (DESIGN.md §4): the documents are the source of
 * truth; every change there is validated against the last accepted state, repaired where invalid,
 * written to `case_action` and to the case timeline, attributed to its author. Runs synchronously
 * inside the document update (collab/actions-extension.ts), so lists and boards are plain queries.
 */
import { and, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DbOrTx } from '../db';
import { caseAction, caseEvent, caseFile, type CaseAction, type Compartment } from '../db/schema';
import {
	EDITABLE_FIELDS,
	SERVER_FIELDS,
	normalise,
	rawOf,
	type ActionMap,
	type ActionValue
} from '../../collab/schema';
import { dutchDate } from '../../dates';
import { ownerCheck } from './owners';

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
		.where(
			and(
				eq(caseAction.caseId, caseId),
				eq(caseAction.compartment, compartment),
				isNull(caseAction.removedAt)
			)
		)
		.all();
	return new Map(rows.map((r) => [r.id, toValue(r)]));
}

/** The earliest due date an action of a case may have: the day the case was created (null: no such case). */
export function earliestDueDate(db: DbOrTx, caseId: number): string | null {
	const row = db
		.select({ createdAt: caseFile.createdAt })
		.from(caseFile)
		.where(eq(caseFile.id, caseId))
		.get();
	return row ? dutchDate(row.createdAt) : null;
}

/** The plan document being projected. */
export interface PlanTarget {
	caseId: number;
	compartment: Compartment;
}

/** Who made the change and when; `server`: a change the server made (it may set the origin). */
export interface Authorship {
	userId: number | null;
	now: Date;
	server: boolean;
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
 * result into SQL and writes each change to the case timeline, attributed to the author — in one
 * transaction, so a crash leaves the projection as it was before the change or after it, never
 * half. Returns the repairs the caller must apply to the document.
 */
export function reconcile(
	db: DbOrTx,
	target: PlanTarget,
	actions: Y.Array<ActionMap>,
	by: Authorship
): Reconciled {
	return db.transaction((tx) => reconcileIn(tx, target, actions, by));
}

function reconcileIn(
	db: DbOrTx,
	{ caseId, compartment }: PlanTarget,
	actions: Y.Array<ActionMap>,
	{ userId, now, server }: Authorship
): Reconciled {
	const minDate = earliestDueDate(db, caseId);
	if (minDate === null) return { repairs: [], created: 0, updated: 0, removed: 0 };
	const before = projected(db, caseId, compartment);
	const mayOwn = ownerCheck(db, caseId, compartment);
	const seen = new Set<string>();
	const result: Reconciled = { repairs: [], created: 0, updated: 0, removed: 0 };
	const event = (
		kind: 'action_created' | 'action_updated' | 'action_removed' | 'action_repaired',
		detail: string
	) => db.insert(caseEvent).values({ caseId, at: now, userId, kind, compartment, detail }).run();

	actions.toArray().forEach((map, index) => {
		if (!(map instanceof Y.Map)) return;
		const raw = rawOf(map);
		const previous = typeof raw.id === 'string' && !seen.has(raw.id) ? (before.get(raw.id) ?? null) : null;
		const { value, repaired } = normalise(
			{ ...raw, id: typeof raw.id === 'string' && seen.has(raw.id) ? undefined : raw.id },
			{
				mayOwn,
				minDate,
				previous,
				userId,
				now: now.getTime(),
				newId: () => crypto.randomUUID(),
				serverChange: server
			}
		);
		seen.add(value.id);
		const missing = SERVER_FIELDS.filter(
			(f) => raw[f] !== (value[f] ?? null) && !(raw[f] === undefined && value[f] === null)
		);
		if (repaired.length || missing.length)
			result.repairs.push({ index, value, fields: [...repaired, ...missing] });
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
			db.insert(caseAction)
				.values({ id: value.id, ...values })
				.onConflictDoUpdate({ target: caseAction.id, set: values })
				.run();
			event('action_created', value.title);
			result.created++;
			return;
		}
		const changes = EDITABLE_FIELDS.filter((f) => previous[f] !== value[f]);
		const moved =
			db.select({ position: caseAction.position }).from(caseAction).where(eq(caseAction.id, value.id)).get()
				?.position !== index;
		if (changes.length === 0 && !moved) return;
		db.update(caseAction).set(values).where(eq(caseAction.id, value.id)).run();
		if (changes.length) {
			event(
				'action_updated',
				`${value.title}: ${changes.map((f) => (f === 'status' ? `status ${value.status}` : f)).join(', ')}`
			);
			result.updated++;
		}
	});

	for (const [id, prev] of before) {
		if (seen.has(id)) continue;
		db.update(caseAction)
			.set({ removedAt: now, updatedAt: now, updatedBy: userId })
			.where(eq(caseAction.id, id))
			.run();
		event('action_removed', prev.title);
		result.removed++;
	}
	return result;
}
