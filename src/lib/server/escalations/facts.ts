/** What the escalation rules need, loaded for the policy (internal to the escalations folder). */
import { eq } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { deliberationTable, escalation, type Escalation } from '../db/schema';
import * as cases from '../cases';
import type { Ctx } from '../context';
import { NotFoundError } from '../errors';
import { DEFAULT_NORMS } from '../../domain/escalations';
import { maySeeEscalation, routeTables, type TableFact } from '../policy';

/** Feedback norms in days per state: defaults, overridden by ESCALATION_NORMS (JSON). */
export function norms(): Record<string, number> {
	const raw = process.env.ESCALATION_NORMS;
	if (!raw) return DEFAULT_NORMS;
	try {
		const parsed = JSON.parse(raw) as Record<string, unknown>;
		const out = { ...DEFAULT_NORMS };
		for (const [state, days] of Object.entries(parsed))
			if (typeof days === 'number' && days > 0) out[state] = days;
		return out;
	} catch {
		return DEFAULT_NORMS;
	}
}

/** Every table with its kind: the facts `routeTables` works over. */
export function tableFacts(db: DbOrTx): TableFact[] {
	return db.select({ id: deliberationTable.id, kind: deliberationTable.kind }).from(deliberationTable).all();
}

/** The escalation, or NotFound. */
export function load(db: DbOrTx, escalationId: number): Escalation {
	const row = db.select().from(escalation).where(eq(escalation.id, escalationId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

/** Whether the actor sees this escalation, asked of the policy with the facts loaded here. */
export function sees(
	db: DbOrTx,
	ctx: Ctx,
	e: Escalation,
	tables: readonly TableFact[] = tableFacts(db)
): boolean {
	const routeTableIds = routeTables(e, tables);
	// The route first: only who sits at a route table needs the case's reach worked out.
	if (!ctx.actor.memberships.some((ms) => routeTableIds.includes(ms.tableId))) return false;
	return maySeeEscalation(ctx.actor, {
		routeTableIds,
		reachesCase: cases.reachOrNull(db, ctx.actor, e.caseId) !== null
	});
}

/** Whether the actor sees this escalation (the board, the page and the case page agree with this). */
export function maySee(db: DbOrTx, ctx: Ctx, e: Escalation): boolean {
	return sees(db, ctx, e);
}
