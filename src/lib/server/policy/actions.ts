/**
 * Actions: the coordinator board and who may own or change an action (DESIGN.md §3, §4). Part of
 * the one access policy: pure functions over facts the domain loads (`CaseFacts`, the actors).
 */
import type { Compartment } from '../db/schema';
import { isGuardian, type Actor } from './actor';
import { caseAccess, mayReadCompartment, mayWriteCompartment, type CaseFacts } from './cases';

/** Whether the actor has the coordinator's board: coordinators and chairs (never the guardians). */
export function mayUseBoard(actor: Actor): boolean {
	return (
		!isGuardian(actor) &&
		(actor.roles.includes('coordinator') || actor.memberships.some((x) => x.role === 'chair'))
	);
}

/**
 * Whether a person may own an action in a compartment of a case: they must see that compartment
 * themselves (DESIGN.md §4 "owner may see the case"). `owner` is null for an unknown or inactive
 * person, who may own nothing.
 */
export function mayOwnAction(owner: Actor | null, c: CaseFacts, compartment: Compartment): boolean {
	return owner !== null && (caseAccess(owner, c)?.compartments.has(compartment) ?? false);
}

/** Whether the actor sees an action: it is as visible as the compartment of the case it is in. */
export function seesAction(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return mayReadCompartment(actor, c, compartment);
}

/** Changing an action (done, owner, due date) from a page: whoever may write its compartment. */
export function mayChangeAction(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return mayWriteCompartment(actor, c, compartment);
}

/**
 * Reassigning an action or moving its due date on the board: the board's users (coordinators and
 * chairs), for actions they may change.
 */
export function mayChangeOnBoard(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return mayUseBoard(actor) && mayChangeAction(actor, c, compartment);
}
