/**
 * Changes to actions made from pages (my actions, the board, a meeting). The plan documents are
 * the source of truth, so these do not write SQL themselves: they check the request here, then
 * change the document through an injected `DocumentWriter` (production: the collaboration server's
 * direct connection, `collab/writer.ts`), whose ActionsExtension validates and projects the change
 * and writes it to the timeline like any edit. Everyone with the plan open sees it at once.
 * Routes call these through `performAsync`; unit tests pass an in-memory writer.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type * as Y from 'yjs';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseAction, type CaseAction, type Compartment } from '../db/schema';
import { isIsoDate, patchAction, pushAction, type ActionStatus, type ActionValue } from '../../collab/schema';
import { planDocName } from '../../collab/names';
import type { Ctx } from '../context';
import * as audit from '../audit';
import * as cases from '../cases';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { mayChangeAction, mayChangeOnBoard } from '../policy';
import { ownerCheck } from './owners';
import { earliestDueDate } from './projection';

/**
 * Writes into collaboration documents on behalf of a person (attributed to them in the timeline).
 * `change` resolves once the change is persisted and projected into SQL.
 */
export interface DocumentWriter {
	change(documentName: string, userId: number, work: (doc: Y.Doc) => void): Promise<void>;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The action, if the actor may change it (write access to its compartment); otherwise not found. */
export function forChange(db: DbOrTx, ctx: Ctx, actionId: string): CaseAction {
	const row = actionId
		? db
				.select()
				.from(caseAction)
				.where(and(eq(caseAction.id, actionId), isNull(caseAction.removedAt)))
				.get()
		: undefined;
	const facts = row ? cases.factsById(db, row.caseId) : null;
	if (!row || !facts || !mayChangeAction(ctx.actor, facts, row.compartment))
		throw new NotFoundError(m.err_not_found());
	return row;
}

/** Writes a patch into the action's plan document; a conflict when the action is no longer there. */
async function patch(
	writer: DocumentWriter,
	ctx: Ctx,
	row: CaseAction,
	fields: Partial<ActionValue>
): Promise<void> {
	let found = false;
	await writer.change(planDocName(row.caseId, row.compartment), ctx.actor.id, (doc) => {
		found = patchAction(doc, row.id, fields);
	});
	if (!found) throw new ConflictError(m.err_action_not_changed());
}

/** The change's access-log row, after the document (and its projection) committed. */
function logged(
	db: DbOrTx,
	ctx: Ctx,
	action: 'create' | 'update',
	id: string,
	compartment: Compartment,
	detail: string
): void {
	db.transaction((tx) =>
		audit.changed(tx, ctx, { action, objectType: 'action', objectId: id, compartment, detail })
	);
}

/** "Mijn acties": marks one of the actor's actions done, through its plan document. */
export async function markDone(
	db: DbOrTx,
	ctx: Ctx,
	writer: DocumentWriter,
	raw: { actionId?: unknown }
): Promise<{ done: string }> {
	const row = forChange(db, ctx, text(raw.actionId));
	await patch(writer, ctx, row, { status: 'done', reason: null });
	if (forChange(db, ctx, row.id).status !== 'done') throw new ConflictError(m.err_action_not_changed());
	logged(db, ctx, 'update', row.id, row.compartment, 'status done');
	return { done: row.title };
}

/** The board: reassigns an action or changes its due date, through its plan document. */
export async function change(
	db: DbOrTx,
	ctx: Ctx,
	writer: DocumentWriter,
	raw: { actionId?: unknown; ownerId?: unknown; dueDate?: unknown }
): Promise<{ done: string }> {
	const row = forChange(db, ctx, text(raw.actionId));
	const facts = cases.factsById(db, row.caseId);
	if (!facts || !mayChangeOnBoard(ctx.actor, facts, row.compartment))
		throw new NotFoundError(m.err_not_found());
	const ownerText = text(raw.ownerId);
	const ownerId = ownerText ? Number(ownerText) : null;
	if (ownerId !== null && !ownerCheck(db, row.caseId, row.compartment)(ownerId)) {
		throw new ValidationError(m.err_action_owner(), { ownerId: m.err_action_owner() });
	}
	const dueDate = text(raw.dueDate) || null;
	if (dueDate !== null && !isIsoDate(dueDate)) {
		const message = m.err_date_invalid({ label: m.field_action_due() });
		throw new ValidationError(message, { dueDate: message });
	}
	const earliest = earliestDueDate(db, row.caseId);
	if (dueDate !== null && earliest !== null && dueDate < earliest) {
		throw new ValidationError(m.err_action_due_before_case(), { dueDate: m.err_action_due_before_case() });
	}
	await patch(writer, ctx, row, { ownerId, dueDate });
	const after = forChange(db, ctx, row.id);
	if (after.ownerId !== ownerId || after.dueDate !== dueDate)
		throw new ConflictError(m.err_action_not_changed());
	logged(db, ctx, 'update', row.id, row.compartment, 'eigenaar, uiterlijk');
	return { done: row.title };
}

/** An action made at an agenda item, as `meetings.actionFromItem` checked it. */
export interface MeetingActionInput {
	caseId: number;
	compartment: Compartment;
	title: string;
	ownerId: number | null;
	dueDate: string | null;
}

/**
 * An action made in a meeting goes straight into the case's plan, with the meeting as origin.
 * The meeting side (running meeting, agenda item, the actor's compartment) is checked by
 * `meetings.actionFromItem` first; here the owner rule.
 */
export async function addFromMeeting(
	db: DbOrTx,
	ctx: Ctx,
	writer: DocumentWriter,
	meetingId: number,
	input: MeetingActionInput
): Promise<{ id: string }> {
	if (input.ownerId !== null && !ownerCheck(db, input.caseId, input.compartment)(input.ownerId)) {
		throw new ValidationError(m.err_action_owner(), { ownerId: m.err_action_owner() });
	}
	const value: ActionValue = {
		id: crypto.randomUUID(),
		title: input.title,
		ownerId: input.ownerId,
		dueDate: input.dueDate,
		status: 'open',
		reason: null,
		originKind: 'meeting',
		originId: meetingId,
		createdAt: ctx.now.getTime(),
		createdBy: ctx.actor.id
	};
	await writer.change(planDocName(input.caseId, input.compartment), ctx.actor.id, (doc) =>
		pushAction(doc, value)
	);
	logged(db, ctx, 'create', value.id, input.compartment, `overleg ${meetingId}`);
	return { id: value.id };
}

/** A review conclusion about an earlier action, as `meetings.concludeReview` returns it. */
export interface ReviewConclusion {
	actionId: string;
	caseId: number;
	compartment: string;
	status: Extract<ActionStatus, 'done' | 'not_possible' | 'not_undertaken'>;
	reason: string | null;
}

/**
 * Writes a meeting's review conclusion into the action's plan document, for everyone to see. The
 * meeting side (who may review, the outcome and its reason) is checked by `meetings.concludeReview`.
 */
export async function concludeFromReview(
	_db: DbOrTx,
	ctx: Ctx,
	writer: DocumentWriter,
	conclusion: ReviewConclusion | null
): Promise<void> {
	if (!conclusion) return;
	const compartment = conclusion.compartment as Compartment;
	await writer.change(planDocName(conclusion.caseId, compartment), ctx.actor.id, (doc) => {
		patchAction(doc, conclusion.actionId, { status: conclusion.status, reason: conclusion.reason });
	});
}
