/**
 * Tables (overlegtafels) and their memberships. A membership an admin adds stays pending until
 * the table's chair confirms it (DESIGN.md §3.4); ending one revokes live access at once.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { Db, DbOrTx } from './db';
import {
	DOMAINS,
	MEMBERSHIP_ROLES,
	TABLE_KINDS,
	deliberationTable,
	membership,
	organisation,
	user,
	type CompartmentPolicy,
	type DeliberationTable,
	type Membership,
	type MembershipRole
} from './db/schema';
import * as audit from './audit';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import { defaultCompartmentPolicy, mayConfirmMembers, rolesAreCompatible, type Actor } from './policy';
import { id, oneOf, parse, text } from './validation';

const contentCompartments = ['zorg', 'veiligheid'] as const;

export function tableInput() {
	return z.object({
		kind: oneOf(TABLE_KINDS, m.field_table_kind()),
		name: text(m.field_name(), 2, 120),
		legalBasis: text(m.field_legal_basis(), 2, 500)
	});
}

export function policyInput() {
	const list = z.array(oneOf(contentCompartments, m.field_compartments())).default([]);
	return z.object(Object.fromEntries(DOMAINS.map((d) => [d, list])) as Record<'zorg' | 'veiligheid', typeof list>);
}

export function membershipInput() {
	return z.object({
		userId: id(m.field_person().toLowerCase()),
		role: oneOf(MEMBERSHIP_ROLES, m.field_membership_role())
	});
}

/** All tables by kind and name. */
export function list(db: DbOrTx): DeliberationTable[] {
	return db.select().from(deliberationTable).orderBy(asc(deliberationTable.kind), asc(deliberationTable.name)).all();
}

/** One table. */
export function get(db: DbOrTx, tableId: number): DeliberationTable {
	const row = db.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

/** The tables the actor is an active member of. */
export function listForActor(db: DbOrTx, actor: Actor): DeliberationTable[] {
	const ids = actor.memberships.map((x) => x.tableId);
	if (ids.length === 0) return [];
	return db.select().from(deliberationTable).where(inArray(deliberationTable.id, ids)).orderBy(asc(deliberationTable.name)).all();
}

function assertUniqueName(db: DbOrTx, name: string, exceptId?: number) {
	const clash = db.select({ id: deliberationTable.id }).from(deliberationTable).where(eq(deliberationTable.name, name)).get();
	if (clash && clash.id !== exceptId) throw new ValidationError(m.err_table_exists(), { name: m.err_table_exists() });
}

/** Creates a table with the default compartment policy of its kind (admin). */
export function create(db: DbOrTx, actorId: number, raw: unknown, now: Date): DeliberationTable {
	const input = parse(tableInput(), raw);
	assertUniqueName(db, input.name);
	const row = db
		.insert(deliberationTable)
		.values({ ...input, compartmentPolicy: defaultCompartmentPolicy(input.kind) })
		.returning()
		.get();
	audit.record(db, { userId: actorId, action: 'create', objectType: 'table', objectId: row.id }, now);
	return row;
}

/** Changes name, kind and legal basis (admin). The policy changes separately. */
export function update(db: DbOrTx, actorId: number, tableId: number, raw: unknown, now: Date): DeliberationTable {
	get(db, tableId);
	const input = parse(tableInput(), raw);
	assertUniqueName(db, input.name, tableId);
	const row = db.update(deliberationTable).set(input).where(eq(deliberationTable.id, tableId)).returning().get();
	audit.record(db, { userId: actorId, action: 'update', objectType: 'table', objectId: tableId }, now);
	return row;
}

/** Sets which compartments each domain sees at this table (admin). Live connections are re-checked. */
export function setPolicy(db: DbOrTx, actorId: number, tableId: number, raw: unknown, now: Date): CompartmentPolicy {
	get(db, tableId);
	const input = parse(policyInput(), raw);
	const policy: CompartmentPolicy = { zorg: [...new Set(input.zorg)], veiligheid: [...new Set(input.veiligheid)] };
	db.update(deliberationTable).set({ compartmentPolicy: policy }).where(eq(deliberationTable.id, tableId)).run();
	audit.record(db, { userId: actorId, action: 'update', objectType: 'table_policy', objectId: tableId, detail: JSON.stringify(policy) }, now);
	collabEvents.emit('access-changed', { tableId });
	return policy;
}

export type MemberRow = Membership & { userName: string; userEmail: string; domain: 'zorg' | 'veiligheid'; organisationName: string };

/** The live (pending and active) memberships of a table, with the people. */
export function members(db: DbOrTx, tableId: number): MemberRow[] {
	return db
		.select({
			id: membership.id,
			tableId: membership.tableId,
			userId: membership.userId,
			role: membership.role,
			status: membership.status,
			addedBy: membership.addedBy,
			confirmedBy: membership.confirmedBy,
			confirmedAt: membership.confirmedAt,
			endedAt: membership.endedAt,
			createdAt: membership.createdAt,
			userName: user.name,
			userEmail: user.email,
			domain: user.domain,
			organisationName: organisation.name
		})
		.from(membership)
		.innerJoin(user, eq(user.id, membership.userId))
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(and(eq(membership.tableId, tableId), ne(membership.status, 'ended')))
		.orderBy(asc(membership.status), asc(user.name))
		.all();
}

/** Adds a person to a table (admin); pending until the chair confirms. */
export function addMember(db: Db, actorId: number, tableId: number, raw: unknown, now: Date): Membership {
	const input = parse(membershipInput(), raw);
	const table = db.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	if (!table) throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
	const person = db.select().from(user).where(eq(user.id, input.userId)).get();
	if (!person) throw new ValidationError(m.err_choose({ label: m.field_person().toLowerCase() }), { userId: m.err_choose({ label: m.field_person().toLowerCase() }) });
	if (!person.active) throw new ValidationError(m.err_person_inactive(), { userId: m.err_person_inactive() });
	if (!rolesAreCompatible(person.roles) || person.roles.some((r) => r === 'admin' || r === 'auditor')) {
		throw new ValidationError(m.err_guardian_no_membership(), { userId: m.err_guardian_no_membership() });
	}
	return db.transaction((tx) => {
		const live = tx
			.select({ id: membership.id })
			.from(membership)
			.where(and(eq(membership.tableId, tableId), eq(membership.userId, input.userId), ne(membership.status, 'ended')))
			.get();
		if (live) throw new ValidationError(m.err_already_member(), { userId: m.err_already_member() });
		const row = tx
			.insert(membership)
			.values({ tableId, userId: input.userId, role: input.role, status: 'pending', addedBy: actorId })
			.returning()
			.get();
		audit.record(tx, { userId: actorId, action: 'create', objectType: 'membership', objectId: row.id, detail: `tafel ${tableId}, ${input.role}` }, now);
		return row;
	});
}

function getMembership(db: DbOrTx, tableId: number, membershipId: number): Membership {
	const row = db
		.select()
		.from(membership)
		.where(and(eq(membership.id, membershipId), eq(membership.tableId, tableId)))
		.get();
	if (!row || row.status === 'ended') throw new NotFoundError(m.err_not_found());
	return row;
}

/** The chair confirms a pending membership; only then does it give access. */
export function confirmMember(db: DbOrTx, actor: Actor, tableId: number, membershipId: number, now: Date): Membership {
	if (!mayConfirmMembers(actor, tableId)) throw new NotFoundError(m.err_not_found());
	const row = getMembership(db, tableId, membershipId);
	if (row.status !== 'pending') throw new ConflictError(m.err_membership_not_pending());
	const updated = db
		.update(membership)
		.set({ status: 'active', confirmedBy: actor.id, confirmedAt: now })
		.where(eq(membership.id, membershipId))
		.returning()
		.get();
	audit.record(db, { userId: actor.id, action: 'update', objectType: 'membership', objectId: membershipId, detail: 'bevestigd' }, now);
	return updated;
}

/** Ends a membership (admin, or the chair for their own table); live access ends with it. */
export function endMember(db: DbOrTx, actor: Actor, tableId: number, membershipId: number, now: Date): void {
	const isAdmin = actor.roles.includes('admin');
	if (!isAdmin && !mayConfirmMembers(actor, tableId)) throw new NotFoundError(m.err_not_found());
	const row = getMembership(db, tableId, membershipId);
	if (!isAdmin && row.userId === actor.id) throw new ConflictError(m.err_cannot_end_own_chair());
	db.update(membership).set({ status: 'ended', endedAt: now }).where(eq(membership.id, membershipId)).run();
	audit.record(db, { userId: actor.id, action: 'update', objectType: 'membership', objectId: membershipId, detail: 'beëindigd' }, now);
	collabEvents.emit('access-changed', { userId: row.userId, tableId });
}

/** Memberships a chair still has to confirm, per table the actor chairs. */
export function pendingForChair(db: DbOrTx, actor: Actor): Array<{ tableId: number; tableName: string; count: number }> {
	const chaired = actor.memberships.filter((x) => x.role === 'chair').map((x) => x.tableId);
	if (chaired.length === 0) return [];
	const rows = db
		.select({ tableId: membership.tableId, tableName: deliberationTable.name })
		.from(membership)
		.innerJoin(deliberationTable, eq(deliberationTable.id, membership.tableId))
		.where(and(inArray(membership.tableId, chaired), eq(membership.status, 'pending')))
		.all();
	const counts = new Map<number, { tableId: number; tableName: string; count: number }>();
	for (const r of rows) {
		const entry = counts.get(r.tableId) ?? { ...r, count: 0 };
		entry.count += 1;
		counts.set(r.tableId, entry);
	}
	return [...counts.values()];
}

export type { MembershipRole };
