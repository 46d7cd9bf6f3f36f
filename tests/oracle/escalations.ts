/**
 * Escalations: their route, who sees and steps them, the decisions a step cites — DESIGN.md §2,
 * §3.1, §3.3 and issues 9 and 13, as the oracle reads them. Written from the text.
 */
import { ROUTE_KINDS, type TableKind } from './design';
import type { Decision, Membership, Person, Route, Table } from './facts';
import { activeMemberships, isGuardian, sitsAt } from './people';

/**
 * §2 "Visible to the tables on its route"; issue 9: "an RIEC route is seen only through the AVO and
 * Stuurtafel; a ZVH route through the ZVH table and the table that escalated".
 */
export function routeTables(route: Route, tables: readonly Table[]): Set<number> {
	const out = new Set(tables.filter((t) => ROUTE_KINDS[route.target].includes(t.kind)).map((t) => t.id));
	if (route.target === 'zvh' && route.fromTableId !== null) out.add(route.fromTableId);
	return out;
}

/** The person's active memberships of these kinds of table (a fact). */
export function tablesOfKind(p: Person, kinds: readonly TableKind[]): number[] {
	return activeMemberships(p)
		.filter((m) => kinds.includes(m.table.kind))
		.map((m) => m.table.id);
}

/**
 * §2 "Visible to the tables on its route"; §3.3 "an RIEC route not to care partners" (not through
 * the Zorgtafel); §3.1 a case one does not reach does not exist, nor its escalations; §3.4 never
 * the guardians.
 */
export function seesEscalation(p: Person, routeTableIds: ReadonlySet<number>, reachesCase: boolean): boolean {
	if (isGuardian(p) || !reachesCase) return false;
	return [...routeTableIds].some((t) => sitsAt(p, t) !== undefined);
}

/**
 * Who steers at a table: chairs and secretaries, and coordinators who sit there. Issue 9 says only
 * "only allowed transitions are possible, by users of the tables on the route" and "a decision of
 * kind 'escalate to RIEC' … recorded at the right table moves the escalation" (decisions are the
 * chair's or secretary's, issue 7); that plain members take no step and coordinators do is not
 * stated in the design; follows src/lib/server/policy/escalations.ts `mayStepEscalation`.
 */
function steers(p: Person, m: Membership): boolean {
	return m.role !== 'member' || p.roles.includes('coordinator');
}

/**
 * Which tables take a step to `to` (§2's route, read by the names of its states): RIEC —
 * `on_avo_agenda`, `avo_advice` by the AVO; the "stuurtafel_decision (accepted … | declined)" by the
 * Stuurtafel. ZVH — `triage`, `case_meeting`, `process_direction` and the outcomes are the ZVH's
 * ("ZVH case meeting"). Not stated: who records `riec_in_progress`, `completed` and `returned` (the
 * RIEC is no table here) and who `submitted` (the escalating table, or the ZVH); follows
 * src/lib/server/policy/escalations.ts `mayStepEscalation` (the Stuurtafel; the escalating table or
 * the ZVH).
 */
function stepTables(p: Person, route: Route, to: string): Membership[] {
	const ofKind = (kind: TableKind) => activeMemberships(p).filter((m) => m.table.kind === kind);
	if (route.target === 'riec')
		return to === 'on_avo_agenda' || to === 'avo_advice' ? ofKind('avo') : ofKind('stuurtafel');
	if (to === 'submitted')
		return [...activeMemberships(p).filter((m) => m.table.id === route.fromTableId), ...ofKind('zvh')];
	return ofKind('zvh');
}

export function stepsEscalation(p: Person, route: Route, to: string): boolean {
	if (isGuardian(p)) return false;
	return stepTables(p, route, to).some((m) => steers(p, m));
}

/**
 * §3.3 a decision is seen only through its own table; issue 13 finding 2: a ZVH decision cited by
 * an escalation step must not be shown to Zorgtafel members who are not on the ZVH. Someone on the
 * route but not at that table sees the step, not the decision.
 */
export function seesCitedDecision(p: Person, decisionTableId: number): boolean {
	return sitsAt(p, decisionTableId) !== undefined;
}

/** Issue 9 "Bad input: … a decision from another table"; §3.3 nobody cites (and so shows) a decision they cannot see: the route's tables they sit at. */
export function citableTables(p: Person, routeTableIds: readonly number[]): number[] {
	return routeTableIds.filter((t) => sitsAt(p, t) !== undefined);
}

/**
 * Issue 9: "Each step records who, when, a note and the decision it came from" — a decision about
 * this case ("Bad input: … a decision from another table"), at a route table the stepping person
 * sits at (§3.3). A general decision (no case) is not one a case's escalation came from.
 */
export function citesDecision(
	p: Person,
	d: Decision | undefined,
	escalationCaseId: number,
	routeTableIds: readonly number[]
): boolean {
	return !!d && d.caseId === escalationCaseId && citableTables(p, routeTableIds).includes(d.tableId);
}

/**
 * Proposing an RIEC route. §2 it is "Visible to the tables on its route" (the AVO and Stuurtafel);
 * that only someone who will see it — who sits at an AVO or Stuurtafel — may propose it is not
 * stated in the design; follows src/lib/server/policy/escalations.ts `mayProposeRiec`.
 */
export function proposesRiec(p: Person): boolean {
	return !isGuardian(p) && tablesOfKind(p, ['avo', 'stuurtafel']).length > 0;
}

/**
 * The table a ZVH route is escalated from when none is named: not stated in the design; follows
 * src/lib/server/policy/escalations.ts `defaultEscalatingTable` (the first non-ZVH table the person
 * reaches the case through; §2: the ZVH is where it goes, not where it comes from).
 */
export function defaultEscalatingTable(via: readonly Table[]): number | null {
	return via.find((t) => t.kind !== 'zvh')?.id ?? null;
}

/** §2 the ZVH route runs through "the table that escalated": one the case is on and the person sits at (never a guardian, §3.4). */
export function escalatesFrom(
	p: Person,
	caseTableIds: readonly number[],
	fromTableId: number | null
): boolean {
	return fromTableId !== null && caseTableIds.includes(fromTableId) && sitsAt(p, fromTableId) !== undefined;
}
