/** The people who can hold a role in a case (owner, leads) or be invited to one, as the policy says. */
import { asc, eq } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { organisation, user } from '../db/schema';
import { ValidationError } from '../errors';
import { caseRoleEligibility } from '../policy';

/** Refuses a person the policy does not allow in a case role, with the message on `field`. */
export function assertPerson(db: DbOrTx, userId: number, field: string): void {
	const u = db.select({ active: user.active, roles: user.roles }).from(user).where(eq(user.id, userId)).get();
	if (!u)
		throw new ValidationError(m.err_choose({ label: m.field_person().toLowerCase() }), {
			[field]: m.err_choose({ label: m.field_person().toLowerCase() })
		});
	const verdict = caseRoleEligibility(u);
	if (verdict === 'inactive')
		throw new ValidationError(m.err_person_inactive(), { [field]: m.err_person_inactive() });
	if (verdict === 'guardian')
		throw new ValidationError(m.err_case_guardian(), { [field]: m.err_case_guardian() });
}

/** Active people who may hold a case role or be invited (no admins or auditors), by name. */
export function eligiblePeople(
	db: DbOrTx
): Array<{ id: number; name: string; organisationName: string; domain: 'zorg' | 'veiligheid' }> {
	return db
		.select({
			id: user.id,
			name: user.name,
			organisationName: organisation.name,
			domain: user.domain,
			roles: user.roles,
			active: user.active
		})
		.from(user)
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(eq(user.active, true))
		.orderBy(asc(user.name))
		.all()
		.filter((u) => caseRoleEligibility(u) === 'eligible')
		.map(({ roles: _roles, active: _active, ...rest }) => rest);
}

/** A user's name, or null. */
export function nameOf(db: DbOrTx, userId: number | null): string | null {
	return userId === null
		? null
		: (db.select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? null);
}
