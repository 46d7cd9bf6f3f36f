/**
 * Who may own an action: the facts (the case, the people) are loaded here, the rule is the
 * policy's (`mayOwnAction`). Used by the projection on every change, so the facts are read once.
 */
import type { DbOrTx } from '../db';
import type { Compartment } from '../db/schema';
import * as actors from '../actors';
import * as cases from '../cases';
import { mayOwnAction } from '../policy';

/** A check whether a person may own an action in a compartment of a case (they may see it). */
export function ownerCheck(
	db: DbOrTx,
	caseId: number,
	compartment: Compartment
): (userId: number) => boolean {
	const facts = cases.factsById(db, caseId);
	const cache = new Map<number, boolean>();
	return (userId: number) => {
		if (!facts) return false;
		if (!cache.has(userId))
			cache.set(
				userId,
				mayOwnAction(Number.isSafeInteger(userId) ? actors.load(db, userId) : null, facts, compartment)
			);
		return cache.get(userId)!;
	};
}

/** Who may own actions in a compartment of a case (for the owner pickers), with organisation. */
export function possibleOwners(
	db: DbOrTx,
	caseId: number,
	compartment: Compartment
): Array<{ id: number; name: string; organisationName: string }> {
	const mayOwn = ownerCheck(db, caseId, compartment);
	return cases.eligiblePeople(db).filter((p) => mayOwn(p.id));
}
