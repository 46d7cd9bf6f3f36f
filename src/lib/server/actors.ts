/**
 * Builds the policy's Actor for a user: their active memberships with each table's kind and
 * compartment policy, and the municipality of their organisation.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { deliberationTable, membership, organisation, user } from './db/schema';
import type { Actor } from './policy';

/** The actor for a user id, or null when the user does not exist or is inactive. */
export function load(
	db: DbOrTx,
	userId: number
): (Actor & { name: string; email: string; organisationName: string }) | null {
	const u = db
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			roles: user.roles,
			domain: user.domain,
			active: user.active,
			municipality: organisation.municipality,
			organisationName: organisation.name
		})
		.from(user)
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(eq(user.id, userId))
		.get();
	if (!u || !u.active) return null;
	const memberships = db
		.select({
			tableId: membership.tableId,
			role: membership.role,
			tableKind: deliberationTable.kind,
			policy: deliberationTable.compartmentPolicy
		})
		.from(membership)
		.innerJoin(deliberationTable, eq(deliberationTable.id, membership.tableId))
		.where(and(eq(membership.userId, userId), eq(membership.status, 'active')))
		.all();
	const { active: _active, ...rest } = u;
	return { ...rest, memberships };
}
