/**
 * The review of earlier meetings (DESIGN.md §2): the open actions and open decisions of the
 * table's earlier meetings come back, and the meeting records what it concluded about them.
 * Actions appear only in compartments the viewer sees of their case; a decision names its case
 * only to those who reach it.
 */
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseAction, caseEvent, caseFile, decision, meeting, reviewOutcome, user } from '../db/schema';
import { REVIEW_OUTCOMES } from '../../domain/meetings';
import { OPEN_STATUSES } from '../../domain/actions';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { caseAccess, mayConcludeReview, mayReadCompartment, type Actor } from '../policy';
import { oneOf, optionalText, parse, text } from '../validation';
import { caseFacts, visibleTo, type FactsCache } from './load';

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

/** The review entries as this viewer may see them (no view noted: the meeting page notes it). */
export function reviewFor(
	db: DbOrTx,
	actor: Actor,
	meetingId: number,
	cache: FactsCache = new Map()
): ReviewEntry[] {
	const row = visibleTo(db, actor, meetingId);
	const earlier = db
		.select({ id: meeting.id, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.tableId, row.tableId), lt(meeting.startsAt, row.startsAt)))
		.all();
	if (earlier.length === 0) return [];
	const startsAt = new Map(earlier.map((x) => [x.id, x.startsAt]));
	const outcomes = db.select().from(reviewOutcome).where(eq(reviewOutcome.meetingId, meetingId)).all();
	const outcomeOf = (type: 'action' | 'decision', key: string) =>
		outcomes.filter((o) => (type === 'action' ? o.actionId === key : String(o.decisionId) === key)).at(-1) ??
		null;
	const reaches = (caseId: number) => {
		const facts = caseFacts(db, caseId, cache);
		return facts !== null && caseAccess(actor, facts) !== null;
	};

	const openDecisions = db
		.select({ decision, ownerName: user.name, reference: caseFile.reference })
		.from(decision)
		.leftJoin(user, eq(user.id, decision.followUpOwnerId))
		.leftJoin(caseFile, eq(caseFile.id, decision.caseId))
		.where(and(inArray(decision.meetingId, [...startsAt.keys()]), eq(decision.status, 'open')))
		.all();
	const decisionIds = db
		.select({ id: decision.id })
		.from(decision)
		.where(inArray(decision.meetingId, [...startsAt.keys()]))
		.all()
		.map((d) => d.id);
	const decidedHere = db
		.select({ id: decision.id })
		.from(decision)
		.where(eq(decision.meetingId, meetingId))
		.all()
		.map((d) => d.id);
	const actionRows = db
		.select({ action: caseAction, ownerName: user.name, reference: caseFile.reference })
		.from(caseAction)
		.innerJoin(caseFile, eq(caseFile.id, caseAction.caseId))
		.leftJoin(user, eq(user.id, caseAction.ownerId))
		.where(and(isNull(caseAction.removedAt), inArray(caseAction.status, [...OPEN_STATUSES])))
		.all()
		.filter(
			(r) =>
				(r.action.originKind === 'meeting' &&
					r.action.originId !== null &&
					startsAt.has(r.action.originId)) ||
				(r.action.originKind === 'decision' &&
					r.action.originId !== null &&
					decisionIds.includes(r.action.originId) &&
					!decidedHere.includes(r.action.originId))
		);
	const entries: ReviewEntry[] = [];
	for (const d of openDecisions) {
		const o = outcomeOf('decision', String(d.decision.id));
		const ref = d.decision.caseId !== null && reaches(d.decision.caseId) ? d.reference : null;
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
	for (const a of actionRows) {
		const facts = caseFacts(db, a.action.caseId, cache);
		if (!facts || !mayReadCompartment(actor, facts, a.action.compartment)) continue;
		const o = outcomeOf('action', a.action.id);
		const origin =
			a.action.originKind === 'meeting'
				? a.action.originId!
				: (db
						.select({ m: decision.meetingId })
						.from(decision)
						.where(eq(decision.id, a.action.originId!))
						.get()?.m ?? meetingId);
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

/** The compartments a list of review entries showed (decisions are the table's shared content). */
export function reviewCompartments(entries: ReviewEntry[]): string[] {
	return entries.length
		? ['shared', ...entries.map((e) => e.compartment).filter((c): c is string => c !== null)]
		: [];
}

/** The review of earlier meetings for this meeting; the view is noted as the meeting's. */
export function review(db: DbOrTx, ctx: Ctx, meetingId: number): ReviewEntry[] {
	const entries = reviewFor(db, ctx.actor, meetingId);
	if (entries.length)
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'meeting',
			objectId: meetingId,
			compartments: reviewCompartments(entries)
		});
	return entries;
}

/**
 * Records what the meeting concluded about an earlier open action or decision. For a decision it
 * changes the decision; for an action it returns the status the plan document must get (the
 * caller applies it through the document, so everyone with the plan open sees it).
 */
export function concludeReview(
	db: DbOrTx,
	ctx: Ctx,
	meetingId: number,
	raw: unknown
): {
	actionId: string;
	caseId: number;
	compartment: string;
	status: 'done' | 'not_possible' | 'not_undertaken';
	reason: string | null;
} | null {
	return db.transaction((tx) => {
		const row = visibleTo(tx, ctx.actor, meetingId);
		if (!mayConcludeReview(ctx.actor, row)) throw new NotFoundError(m.err_not_found());
		if (row.status === 'closed' || row.status === 'minutes_approved' || row.status === 'draft')
			throw new ConflictError(m.err_review_meeting_state());
		const input = parse(
			z.object({
				type: oneOf(['action', 'decision'] as const, 'soort'),
				id: text('id', 1, 64),
				outcome: oneOf(REVIEW_OUTCOMES, m.field_outcome()),
				reason: optionalText(m.field_reason(), 1000)
			}),
			raw
		);
		const entry = reviewFor(tx, ctx.actor, meetingId).find((e) => e.type === input.type && e.id === input.id);
		if (!entry) throw new ValidationError(m.err_review_unknown(), { id: m.err_review_unknown() });
		if ((input.outcome === 'not_possible' || input.outcome === 'not_undertaken') && !input.reason) {
			throw new ValidationError(m.action_reason_required(), { reason: m.action_reason_required() });
		}
		tx.insert(reviewOutcome)
			.values({
				meetingId,
				actionId: input.type === 'action' ? input.id : null,
				decisionId: input.type === 'decision' ? Number(input.id) : null,
				outcome: input.outcome,
				reason: input.reason,
				byUserId: ctx.actor.id,
				at: ctx.now
			})
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'meeting',
			objectId: meetingId,
			detail: `terugblik ${input.type} ${input.id}: ${input.outcome}`
		});
		if (input.outcome === 'carried_over') return null;
		if (input.type === 'decision') {
			const d = tx
				.select({ version: decision.version })
				.from(decision)
				.where(eq(decision.id, Number(input.id)))
				.get()!;
			const status = input.outcome === 'done' ? 'implemented' : 'dropped';
			tx.update(decision)
				.set({ status, statusReason: input.reason, statusChangedAt: ctx.now, version: d.version + 1 })
				.where(eq(decision.id, Number(input.id)))
				.run();
			audit.changed(tx, ctx, {
				action: 'update',
				objectType: 'decision',
				objectId: Number(input.id),
				detail: `status ${status} (terugblik overleg ${meetingId})`
			});
			return null;
		}
		const action = tx.select().from(caseAction).where(eq(caseAction.id, input.id)).get()!;
		tx.insert(caseEvent)
			.values({
				caseId: action.caseId,
				at: ctx.now,
				userId: ctx.actor.id,
				kind: 'action_updated',
				compartment: action.compartment,
				detail: `${action.title}: terugblik ${input.outcome}`
			})
			.run();
		return {
			actionId: action.id,
			caseId: action.caseId,
			compartment: action.compartment,
			status: input.outcome,
			reason: input.reason
		};
	});
}
