/**
 * Actions and the board — DESIGN.md §2, §3.2, §4 and issue 6, as the oracle reads them. Written
 * from the text.
 */
import type { Compartment } from './design';
import type { CaseRef, Person } from './facts';
import { reads, writes } from './cases';
import { activeMemberships, isGuardian } from './people';

/**
 * Issue 6 "Coordinators get a board of all actions of their tables by owner and status, where they
 * reassign and change due dates". That chairs have it too is not stated in the design; follows
 * src/lib/server/policy/actions.ts `mayUseBoard` (README: "the coordinator's board"). Never the
 * guardians (§3.4).
 */
export function usesBoard(p: Person): boolean {
	return (
		!isGuardian(p) &&
		(p.roles.includes('coordinator') || activeMemberships(p).some((m) => m.role === 'chair'))
	);
}

/**
 * §2 Action: "owner (a person who may see the case) …, compartment"; §4 "owner may see the case";
 * issue 6 "owner (chosen from people who may see the case …)". An action is content of its
 * compartment (§2 "every piece of case content belongs to one compartment"), so its owner must read
 * that compartment — an owner who could not see their own action could not do it. Nobody owns
 * anything when the person is unknown or inactive (null).
 */
export function ownsAction(owner: Person | null, c: CaseRef, comp: Compartment): boolean {
	return owner !== null && reads(owner, c, comp);
}

/** §3.2: an action is seen where its compartment is. */
export function seesAction(p: Person, c: CaseRef, comp: Compartment): boolean {
	return reads(p, c, comp);
}

/** Issue 6: "marking one done from there goes through the document" — who writes the plan's compartment (cases.ts `writes`). */
export function changesAction(p: Person, c: CaseRef, comp: Compartment): boolean {
	return writes(p, c, comp);
}

/** Issue 6: on the board "they reassign and change due dates" — the board's users, for actions they may change. */
export function changesOnBoard(p: Person, c: CaseRef, comp: Compartment): boolean {
	return usesBoard(p) && changesAction(p, c, comp);
}
