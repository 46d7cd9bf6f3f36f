/** Cases: reach, compartments, managing, list scope (DESIGN.md §3.1–3.2). Part of the one access policy. */
import type { Compartment } from '../db/schema';
import { activeMembership, isGuardian, type Actor } from './actor';

// ---------------------------------------------------------------------------------------------
// Cases

export type CaseStatusKind = 'open' | 'closed';

/** What the policy needs to know about a case. */
export interface CaseFacts {
	tableIds: readonly number[];
	participantIds: readonly number[];
	ownerId: number | null;
	caseLeadId: number | null;
	processLeadId: number | null;
	closed: boolean;
}

export interface CaseAccess {
	/** Every compartment the actor may read, always including `shared`. */
	compartments: ReadonlySet<Compartment>;
	/** The tables through which the actor reaches the case (for table-scoped content). */
	viaTables: readonly number[];
	/** Owner, case lead or process lead. */
	personal: boolean;
	participant: boolean;
}

/**
 * How the actor reaches a case, or null when they do not (then it does not exist for them: 404).
 * Union over: each table the case is on where the actor is an active member (the table's policy
 * for their domain), invitation as participant, and owner/lead (shared + own domain).
 */
export function caseAccess(actor: Actor, c: CaseFacts): CaseAccess | null {
	if (isGuardian(actor)) return null;
	const compartments = new Set<Compartment>();
	const viaTables: number[] = [];
	for (const tableId of c.tableIds) {
		const ms = activeMembership(actor, tableId);
		if (!ms) continue;
		viaTables.push(tableId);
		compartments.add('shared');
		for (const comp of ms.policy[actor.domain]) compartments.add(comp);
	}
	const personal = [c.ownerId, c.caseLeadId, c.processLeadId].includes(actor.id);
	const participant = c.participantIds.includes(actor.id);
	if (personal || participant) {
		compartments.add('shared');
		compartments.add(actor.domain);
	}
	if (compartments.size === 0) return null;
	return { compartments, viaTables, personal, participant };
}

/** Reading one compartment of a case. */
export function mayReadCompartment(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return caseAccess(actor, c)?.compartments.has(compartment) ?? false;
}

/** Writing one compartment of a case: whoever reads it, while the case is open. */
export function mayWriteCompartment(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return !c.closed && mayReadCompartment(actor, c, compartment);
}

/**
 * Managing a case (status, leads, tables, participants, consent, deadlines): its owner and
 * leads, and coordinators or chairs who reach it through a table. Closed cases can be reopened
 * by the same people, so this does not depend on `closed`.
 */
export function mayManageCase(actor: Actor, c: CaseFacts): boolean {
	const access = caseAccess(actor, c);
	if (!access) return false;
	if (access.personal) return true;
	return access.viaTables.some(
		(t) => actor.roles.includes('coordinator') || activeMembership(actor, t)?.role === 'chair'
	);
}

/** Creating cases and converting signals: coordinators. */
export function mayCreateCase(actor: Actor): boolean {
	return !isGuardian(actor) && actor.roles.includes('coordinator');
}

/** The scope for case list queries: the same three ways of reaching a case as `caseAccess`. */
export interface CaseScope {
	tableIds: number[];
	userId: number;
	none: boolean;
}

export function caseScope(actor: Actor): CaseScope {
	return {
		tableIds: actor.memberships.map((ms) => ms.tableId),
		userId: actor.id,
		none: isGuardian(actor)
	};
}

/** Whether a table-scoped object (agenda item, decision, escalation step) is visible. */
export function maySeeTableContent(actor: Actor, tableId: number): boolean {
	return !isGuardian(actor) && activeMembership(actor, tableId) !== undefined;
}
