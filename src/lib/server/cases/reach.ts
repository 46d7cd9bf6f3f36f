/**
 * Reaching a case: the facts the policy needs, loaded from the database, and the policy's verdict.
 * A case the actor does not reach does not exist for them (NotFoundError, for missing and
 * unreachable alike); list queries take their scope from the policy and check each case again.
 */
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseFile, caseParticipant, caseTable, type CaseFile, type Compartment } from '../db/schema';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import {
	caseAccess,
	caseScope,
	mayManageCase,
	mayWriteCompartment,
	type Actor,
	type CaseAccess,
	type CaseFacts
} from '../policy';

/**
 * Who asks: the request context, or (for the pure reach checks other modules make while they
 * hold only an actor) the actor itself. Reach checks return no content, so they log nothing.
 */
export type Asker = Ctx | Actor;

/** The actor behind a context or an actor. */
export function actorOf(who: Asker): Actor {
	return 'views' in who ? who.actor : who;
}

/** What the policy needs about a case, read from the database. */
export function factsOf(
	db: DbOrTx,
	row: Pick<CaseFile, 'id' | 'ownerId' | 'caseLeadId' | 'processLeadId' | 'status'>
): CaseFacts {
	const tableIds = db
		.select({ t: caseTable.tableId })
		.from(caseTable)
		.where(eq(caseTable.caseId, row.id))
		.all()
		.map((r) => r.t);
	const participantIds = db
		.select({ u: caseParticipant.userId })
		.from(caseParticipant)
		.where(and(eq(caseParticipant.caseId, row.id), isNull(caseParticipant.endedAt)))
		.all()
		.map((r) => r.u);
	return {
		tableIds,
		participantIds,
		ownerId: row.ownerId,
		caseLeadId: row.caseLeadId,
		processLeadId: row.processLeadId,
		closed: row.status === 'closed'
	};
}

export interface Reached {
	row: CaseFile;
	facts: CaseFacts;
	access: CaseAccess;
}

/** The case as the actor reaches it, or NotFound (for missing and unreachable alike). */
export function reach(db: DbOrTx, who: Asker, caseId: number): Reached {
	const row = db.select().from(caseFile).where(eq(caseFile.id, caseId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	const facts = factsOf(db, row);
	const access = caseAccess(actorOf(who), facts);
	if (!access) throw new NotFoundError(m.err_not_found());
	return { row, facts, access };
}

/** The case as the actor reaches it, or null (for lists that silently leave out what is not theirs). */
export function reachOrNull(db: DbOrTx, who: Asker, caseId: number): Reached | null {
	try {
		return reach(db, who, caseId);
	} catch (e) {
		if (e instanceof NotFoundError) return null;
		throw e;
	}
}

/** Facts for the collaboration server and other modules: null when the case does not exist. */
export function factsById(db: DbOrTx, caseId: number): CaseFacts | null {
	const row = db.select().from(caseFile).where(eq(caseFile.id, caseId)).get();
	return row ? factsOf(db, row) : null;
}

/** The case, provided the actor may manage it (otherwise it does not exist for them). */
export function requireManage(db: DbOrTx, ctx: Ctx, caseId: number): Reached {
	const r = reach(db, ctx, caseId);
	if (!mayManageCase(ctx.actor, r.facts)) throw new NotFoundError(m.err_not_found());
	return r;
}

/** As `requireManage`, for changes a closed case does not take. */
export function requireManageOpen(db: DbOrTx, ctx: Ctx, caseId: number): Reached {
	const r = requireManage(db, ctx, caseId);
	if (r.facts.closed) throw new ConflictError(m.err_case_closed());
	return r;
}

/** The case, provided the actor may write this compartment: unseen is missing, closed is a conflict. */
export function requireWrite(db: DbOrTx, ctx: Ctx, caseId: number, compartment: Compartment): Reached {
	const r = reach(db, ctx, caseId);
	if (!r.access.compartments.has(compartment)) throw new NotFoundError(m.err_not_found());
	if (!mayWriteCompartment(ctx.actor, r.facts, compartment)) throw new ConflictError(m.err_case_closed());
	return r;
}

/** Candidate rows for the actor's scope: the same three ways of reaching as the policy. */
function scopeCondition(actor: Actor): SQL | undefined {
	const scope = caseScope(actor);
	if (scope.none) return sql`0`;
	const viaTable =
		scope.tableIds.length > 0
			? inArray(
					caseFile.id,
					sql`(select ${caseTable.caseId} from ${caseTable} where ${inArray(caseTable.tableId, scope.tableIds)})`
				)
			: undefined;
	const viaParticipation = inArray(
		caseFile.id,
		sql`(select ${caseParticipant.caseId} from ${caseParticipant} where ${caseParticipant.userId} = ${scope.userId} and ${caseParticipant.endedAt} is null)`
	);
	return or(
		viaTable,
		viaParticipation,
		eq(caseFile.ownerId, scope.userId),
		eq(caseFile.caseLeadId, scope.userId),
		eq(caseFile.processLeadId, scope.userId)
	);
}

/** Every case the actor reaches, with the policy's verdict (the list scope, checked per case). */
export function reachableCases(db: DbOrTx, who: Asker, extra?: SQL): Reached[] {
	const actor = actorOf(who);
	const rows = db
		.select()
		.from(caseFile)
		.where(and(scopeCondition(actor), extra))
		.orderBy(desc(caseFile.createdAt))
		.all();
	const out: Reached[] = [];
	for (const row of rows) {
		const facts = factsOf(db, row);
		const access = caseAccess(actor, facts);
		if (access) out.push({ row, facts, access });
	}
	return out;
}

/** The ids the actor reaches, for the test that proves list scope and object checks agree. */
export function reachableIds(db: DbOrTx, who: Asker): number[] {
	return reachableCases(db, who).map((r) => r.row.id);
}
