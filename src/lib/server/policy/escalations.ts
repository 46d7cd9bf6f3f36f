/**
 * Escalations: route tables, seeing and stepping an escalation, the decisions a step cites
 * (DESIGN.md §2, §3.3). Part of the one access policy: pure functions over facts the escalations
 * module loads (the route's tables, whether the actor reaches the case, a decision's table).
 */
import type { TableKind } from '../db/schema';
import { isGuardian, type Actor } from './actor';
import { maySeeTableContent } from './cases';

export type EscalationTarget = 'riec' | 'zvh';

/** What the policy needs to know about an escalation's route. */
export interface RouteFacts {
	target: EscalationTarget;
	/** The table that escalated (ZVH routes). */
	fromTableId: number | null;
}

/** A table as the route rules see it. */
export interface TableFact {
	id: number;
	kind: TableKind;
}

/**
 * The tables through which an escalation is seen (§2): an RIEC route through the AVO and the
 * Stuurtafel, a ZVH route through the ZVH table and the table that escalated.
 */
export function routeTables(e: RouteFacts, tables: readonly TableFact[]): number[] {
	const ofKind = (kinds: readonly TableKind[]) =>
		tables.filter((t) => kinds.includes(t.kind)).map((t) => t.id);
	if (e.target === 'riec') return ofKind(['avo', 'stuurtafel']);
	const zvh = ofKind(['zvh']);
	return e.fromTableId !== null && !zvh.includes(e.fromTableId) ? [...zvh, e.fromTableId] : zvh;
}

/** The tables of these kinds the actor is an active member of. */
export function tableIdsOfKind(actor: Actor, kinds: readonly TableKind[]): number[] {
	return actor.memberships.filter((ms) => kinds.includes(ms.tableKind)).map((ms) => ms.tableId);
}

/**
 * Whether the actor sees an escalation: an active member of a table on its route who also
 * reaches the case (§3.1: a case they do not reach does not exist for them, nor its escalations).
 */
export function maySeeEscalation(
	actor: Actor,
	facts: { routeTableIds: readonly number[]; reachesCase: boolean }
): boolean {
	if (isGuardian(actor) || !facts.reachesCase) return false;
	return actor.memberships.some((ms) => facts.routeTableIds.includes(ms.tableId));
}

/** Chairs and secretaries steer a table's steps; coordinators who are members do too. */
function steers(actor: Actor, ms: Actor['memberships'][number]): boolean {
	return ms.role !== 'member' || actor.roles.includes('coordinator');
}

/**
 * Who may take a step to `to`: on the RIEC route the AVO steps by the AVO, the Stuurtafel's
 * decision and what follows by the Stuurtafel; on the ZVH route submitting by the escalating
 * table (or the ZVH), the rest by the ZVH. Plain members do not steer.
 */
export function mayStepEscalation(actor: Actor, e: RouteFacts, to: string): boolean {
	if (isGuardian(actor)) return false;
	const steering = (kind: TableKind) =>
		actor.memberships.some((ms) => ms.tableKind === kind && steers(actor, ms));
	if (e.target === 'riec') {
		if (to === 'on_avo_agenda' || to === 'avo_advice') return steering('avo');
		return steering('stuurtafel');
	}
	if (to === 'submitted')
		return (
			actor.memberships.some((ms) => ms.tableId === e.fromTableId && steers(actor, ms)) || steering('zvh')
		);
	return steering('zvh');
}

/**
 * Whether the actor sees the decision cited by a step (§3.3: a decision is seen only through its
 * own table). Someone on the route who is not at that table sees the step, not the decision.
 */
export function maySeeCitedDecision(actor: Actor, decisionTableId: number): boolean {
	return maySeeTableContent(actor, decisionTableId);
}

/** The route's tables whose decisions the actor may cite in a step: those they sit at. */
export function citableDecisionTables(actor: Actor, routeTableIds: readonly number[]): number[] {
	return routeTableIds.filter((t) => maySeeTableContent(actor, t));
}

/**
 * Whether a decision may be cited by a step of this escalation: one of this case, at a route
 * table the stepping actor sits at (so nobody cites a decision they cannot see).
 */
export function mayCiteDecision(
	actor: Actor,
	d: { caseId: number | null; tableId: number } | undefined,
	e: { caseId: number },
	routeTableIds: readonly number[]
): boolean {
	return !!d && d.caseId === e.caseId && citableDecisionTables(actor, routeTableIds).includes(d.tableId);
}

/** Proposing an RIEC route: only who will see it, a member of the AVO or the Stuurtafel. */
export function mayProposeRiec(actor: Actor): boolean {
	return !isGuardian(actor) && tableIdsOfKind(actor, ['avo', 'stuurtafel']).length > 0;
}

/** The table a ZVH route is escalated from when none is named: the first non-ZVH table the actor reaches the case through. */
export function defaultEscalatingTable(actor: Actor, viaTables: readonly number[]): number | null {
	const zvh = tableIdsOfKind(actor, ['zvh']);
	return viaTables.find((t) => !zvh.includes(t)) ?? null;
}

/** A ZVH route is escalated from a table the case is on and the actor sits at. */
export function mayEscalateFrom(
	actor: Actor,
	caseTableIds: readonly number[],
	fromTableId: number | null
): boolean {
	return (
		!isGuardian(actor) &&
		fromTableId !== null &&
		caseTableIds.includes(fromTableId) &&
		actor.memberships.some((ms) => ms.tableId === fromTableId)
	);
}
