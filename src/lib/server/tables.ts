/**
 * Tables (overlegtafels) and their memberships. A membership an admin adds stays pending until
 * the table's chair confirms it (DESIGN.md §3.4); ending one revokes live access at once.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
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
import type { Ctx } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import {
	defaultCompartmentPolicy,
	mayAdminister,
	mayConfirmMembers,
	mayEndMembership,
	mayEndThisMembership,
	mayHoldMembership,
	type Actor
} from './policy';
import { id, oneOf, parse, text } from './validation';

const contentCompartments = ['zorg', 'veiligheid'] as const;

export function tableInput() {
	return z.object({
		kind: oneOf(TABLE_KINDS, m.field_table_kind()),
		name: text(m.field_name(), 2, 120),
		legalBasis: text(m.field_legal_basis(), 2, 500, { multiline: true })
	});
}

export function policyInput() {
	const list = z.array(oneOf(contentCompartments, m.field_compartments())).default([]);
	return z.object(
		Object.fromEntries(DOMAINS.map((d) => [d, list])) as Record<'zorg' | 'veiligheid', typeof list>
	);
}

export function membershipInput() {
	return z.object({
		userId: id(m.field_person().toLowerCase()),
		role: oneOf(MEMBERSHIP_ROLES, m.field_membership_role())
	});
}

/** All tables by kind and name. */
export function list(db: DbOrTx): DeliberationTable[] {
	return db
		.select()
		.from(deliberationTable)
		.orderBy(asc(deliberationTable.kind), asc(deliberationTable.name))
		.all();
}

/** One table. */
export function get(db: DbOrTx, tableId: number): DeliberationTable {
	const row = db.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

/** The tables the actor is an active member of (takes the request context, or an actor). */
export function listForActor(db: DbOrTx, who: Ctx | Actor): DeliberationTable[] {
	const actor = 'views' in who ? who.actor : who;
	const ids = actor.memberships.map((x) => x.tableId);
	if (ids.length === 0) return [];
	return db
		.select()
		.from(deliberationTable)
		.where(inArray(deliberationTable.id, ids))
		.orderBy(asc(deliberationTable.name))
		.all();
}

function assertUniqueName(db: DbOrTx, name: string, exceptId?: number) {
	const clash = db
		.select({ id: deliberationTable.id })
		.from(deliberationTable)
		.where(eq(deliberationTable.name, name))
		.get();
	if (clash && clash.id !== exceptId)
		throw new ValidationError(m.err_table_exists(), { name: m.err_table_exists() });
}

/** Refuses whoever may not administer: the route guard is not the only check (a logged 404 at the edge). */
function requireAdmin(ctx: Ctx) {
	if (!mayAdminister(ctx.actor)) throw new NotFoundError(m.err_not_found());
}

/** Creates a table with the default compartment policy of its kind (admin only). */
export function create(db: DbOrTx, ctx: Ctx, raw: unknown): DeliberationTable {
	requireAdmin(ctx);
	const input = parse(tableInput(), raw);
	return db.transaction((tx) => {
		assertUniqueName(tx, input.name);
		const row = tx
			.insert(deliberationTable)
			.values({ ...input, compartmentPolicy: defaultCompartmentPolicy(input.kind) })
			.returning()
			.get();
		audit.changed(tx, ctx, { action: 'create', objectType: 'table', objectId: row.id });
		return row;
	});
}

/** Changes name, kind and legal basis (admin only). The policy changes separately. */
export function update(db: DbOrTx, ctx: Ctx, tableId: number, raw: unknown): DeliberationTable {
	requireAdmin(ctx);
	return db.transaction((tx) => {
		get(tx, tableId);
		const input = parse(tableInput(), raw);
		assertUniqueName(tx, input.name, tableId);
		const row = tx
			.update(deliberationTable)
			.set(input)
			.where(eq(deliberationTable.id, tableId))
			.returning()
			.get();
		audit.changed(tx, ctx, { action: 'update', objectType: 'table', objectId: tableId });
		return row;
	});
}

/** Sets which compartments each domain sees at this table (admin only). Live connections are re-checked. */
export function setPolicy(db: DbOrTx, ctx: Ctx, tableId: number, raw: unknown): CompartmentPolicy {
	requireAdmin(ctx);
	const policy = db.transaction((tx) => {
		get(tx, tableId);
		const input = parse(policyInput(), raw);
		const next: CompartmentPolicy = {
			zorg: [...new Set(input.zorg)],
			veiligheid: [...new Set(input.veiligheid)]
		};
		tx.update(deliberationTable)
			.set({ compartmentPolicy: next })
			.where(eq(deliberationTable.id, tableId))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'table_policy',
			objectId: tableId,
			detail: JSON.stringify(next)
		});
		return next;
	});
	collabEvents.emit('access-changed', { tableId });
	return policy;
}

export type MemberRow = Membership & {
	userName: string;
	userEmail: string;
	domain: 'zorg' | 'veiligheid';
	organisationName: string;
};

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

/** Adds a person to a table (admin only); pending until the chair confirms. */
export function addMember(db: DbOrTx, ctx: Ctx, tableId: number, raw: unknown): Membership {
	requireAdmin(ctx);
	const input = parse(membershipInput(), raw);
	const table = db.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	if (!table) throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
	const person = db.select().from(user).where(eq(user.id, input.userId)).get();
	if (!person)
		throw new ValidationError(m.err_choose({ label: m.field_person().toLowerCase() }), {
			userId: m.err_choose({ label: m.field_person().toLowerCase() })
		});
	if (!person.active) throw new ValidationError(m.err_person_inactive(), { userId: m.err_person_inactive() });
	if (!mayHoldMembership(person.roles)) {
		throw new ValidationError(m.err_guardian_no_membership(), { userId: m.err_guardian_no_membership() });
	}
	return db.transaction((tx) => {
		const live = tx
			.select({ id: membership.id })
			.from(membership)
			.where(
				and(
					eq(membership.tableId, tableId),
					eq(membership.userId, input.userId),
					ne(membership.status, 'ended')
				)
			)
			.get();
		if (live) throw new ValidationError(m.err_already_member(), { userId: m.err_already_member() });
		const row = tx
			.insert(membership)
			.values({ tableId, userId: input.userId, role: input.role, status: 'pending', addedBy: ctx.actor.id })
			.returning()
			.get();
		audit.changed(tx, ctx, {
			action: 'create',
			objectType: 'membership',
			objectId: row.id,
			detail: `tafel ${tableId}, ${input.role}`
		});
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
export function confirmMember(db: DbOrTx, ctx: Ctx, tableId: number, membershipId: number): Membership {
	if (!mayConfirmMembers(ctx.actor, tableId)) throw new NotFoundError(m.err_not_found());
	return db.transaction((tx) => {
		const row = getMembership(tx, tableId, membershipId);
		if (row.status !== 'pending') throw new ConflictError(m.err_membership_not_pending());
		const updated = tx
			.update(membership)
			.set({ status: 'active', confirmedBy: ctx.actor.id, confirmedAt: ctx.now })
			.where(eq(membership.id, membershipId))
			.returning()
			.get();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'membership',
			objectId: membershipId,
			detail: 'bevestigd'
		});
		return updated;
	});
}

/** Ends a membership (admin, or the chair for their own table); live access ends with it. */
export function endMember(db: DbOrTx, ctx: Ctx, tableId: number, membershipId: number): void {
	const { actor } = ctx;
	if (!mayEndMembership(actor, tableId)) throw new NotFoundError(m.err_not_found());
	const row = db.transaction((tx) => {
		const found = getMembership(tx, tableId, membershipId);
		if (!mayEndThisMembership(actor, found.userId)) throw new ConflictError(m.err_cannot_end_own_chair());
		tx.update(membership)
			.set({ status: 'ended', endedAt: ctx.now })
			.where(eq(membership.id, membershipId))
			.run();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'membership',
			objectId: membershipId,
			detail: 'beëindigd'
		});
		return found;
	});
	collabEvents.emit('access-changed', { userId: row.userId, tableId });
}

/** Memberships a chair still has to confirm, per table the actor chairs. */
export function pendingForChair(
	db: DbOrTx,
	who: Ctx | Actor
): Array<{ tableId: number; tableName: string; count: number }> {
	const actor = 'views' in who ? who.actor : who;
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
