/**
 * Live meeting documents (DESIGN.md §4): `meeting:<id>` holds the live state (current item,
 * timer) and shared content only; `meeting:<id>:item:<itemId>:<compartment>` holds the notes of
 * one agenda item in one compartment, for those who see that compartment at this table. These
 * load the facts; the verdicts are the policy's (`liveDocAccess`, `itemDocAccess`). The
 * collaboration server asks them per connection, with an actor and no request, so they take the
 * actor rather than a request context.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { agendaItem, meeting, type Compartment } from '../db/schema';
import type { Ctx } from '../context';
import { ConflictError, ValidationError } from '../errors';
import * as policy from '../policy';
import type { Actor, DocAccess } from '../policy';
import { id, oneOf, optionalDate, optionalId, parse, text } from '../validation';
import { itemFacts, itemOf, load, visibleTo, type FactsCache } from './load';

/** The policy's answer for the live meeting document. */
export function liveDocAccess(db: DbOrTx, actor: Actor, meetingId: number): DocAccess {
	const row = db
		.select({ tableId: meeting.tableId, status: meeting.status })
		.from(meeting)
		.where(eq(meeting.id, meetingId))
		.get();
	return row ? policy.liveDocAccess(actor, row) : null;
}

/** The policy's answer for the notes of one agenda item in one compartment. */
export function itemDocAccess(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	itemId: number,
	compartment: Compartment
): DocAccess {
	const row = db
		.select({ tableId: meeting.tableId, status: meeting.status })
		.from(meeting)
		.where(eq(meeting.id, meetingId))
		.get();
	const item = db
		.select()
		.from(agendaItem)
		.where(and(eq(agendaItem.id, itemId), eq(agendaItem.meetingId, meetingId)))
		.get();
	if (!row || !item) return null;
	return policy.itemDocAccess(actor, row, itemFacts(db, item), compartment);
}

/** The compartments whose notes the actor sees for each agenda item. */
export function noteCompartments(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	cache: FactsCache = new Map()
): Map<number, Compartment[]> {
	const row = load(db, meetingId);
	const out = new Map<number, Compartment[]>();
	for (const item of db.select().from(agendaItem).where(eq(agendaItem.meetingId, meetingId)).all()) {
		out.set(item.id, policy.itemCompartments(actor, row.tableId, itemFacts(db, item, cache)));
	}
	return out;
}

/** The plans (compartments) of a case item's case in which the actor may make an action. */
export function writablePlans(db: DbOrTx, actor: Actor, caseId: number): Compartment[] {
	const facts = itemFacts(db, { caseId });
	return (['shared', 'zorg', 'veiligheid'] as const).filter((c) =>
		policy.mayAddActionAtItem(actor, facts, c)
	);
}

/** Checks an action made from an agenda item: the item's case, a compartment the actor may write. */
export function actionFromItem(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number,
	raw: unknown
): {
	caseId: number;
	compartment: Compartment;
	title: string;
	ownerId: number | null;
	dueDate: string | null;
} {
	const row = visibleTo(db, ctx.actor, meetingId);
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
	if (item.caseId === null)
		throw new ValidationError(m.err_decision_needs_case(), { itemId: m.err_decision_needs_case() });
	if (!policy.mayAddActionAtItem(ctx.actor, itemFacts(db, item), input.compartment)) {
		throw new ValidationError(m.err_not_found(), { compartment: m.err_not_found() });
	}
	return {
		caseId: item.caseId,
		compartment: input.compartment,
		title: input.title,
		ownerId: input.ownerId,
		dueDate: input.dueDate
	};
}
