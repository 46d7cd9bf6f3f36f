/**
 * People: accounts, roles, sign-in and password changes.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { Db, DbOrTx } from './db';
import { DOMAINS, ROLES, membership, organisation, user, type User } from './db/schema';
import * as audit from './audit';
import * as sessions from './auth/sessions';
import * as throttle from './auth/throttle';
import { hashPassword, verifyAgainstDummy, verifyPassword, weakness, MAX_LENGTH } from './auth/passwords';
import { demoMode } from './config';
import type { Ctx } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import { mayAdminister, mayHoldMembership, rolesAreCompatible } from './policy';
import { email, id, oneOf, parse, text } from './validation';

export type PublicUser = Omit<User, 'passwordHash'>;
export type UserWithOrganisation = PublicUser & { organisationName: string; municipality: string };

const publicColumns = {
	id: user.id,
	email: user.email,
	name: user.name,
	organisationId: user.organisationId,
	domain: user.domain,
	roles: user.roles,
	active: user.active,
	isDemo: user.isDemo,
	passwordChangedAt: user.passwordChangedAt,
	createdAt: user.createdAt
};

export function userInput() {
	return z
		.object({
			email: email(),
			name: text(m.field_name(), 2, 120),
			organisationId: id(m.field_organisation().toLowerCase()),
			domain: oneOf(DOMAINS, m.field_domain()),
			roles: z.array(oneOf(ROLES, m.field_roles())).default([])
		})
		.refine((u) => rolesAreCompatible(u.roles), { error: m.err_guardian_roles(), path: ['roles'] });
}

/** All users with their organisation, by name. */
export function list(db: DbOrTx): UserWithOrganisation[] {
	return db
		.select({
			...publicColumns,
			organisationName: organisation.name,
			municipality: organisation.municipality
		})
		.from(user)
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.orderBy(asc(user.name))
		.all();
}

/** One user with organisation. */
export function get(db: DbOrTx, userId: number): UserWithOrganisation {
	const row = db
		.select({
			...publicColumns,
			organisationName: organisation.name,
			municipality: organisation.municipality
		})
		.from(user)
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(eq(user.id, userId))
		.get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

function assertOrganisation(db: DbOrTx, organisationId: number) {
	const org = db
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.id, organisationId))
		.get();
	if (!org)
		throw new ValidationError(m.err_choose({ label: m.field_organisation().toLowerCase() }), {
			organisationId: m.err_choose({ label: m.field_organisation().toLowerCase() })
		});
}

function assertUniqueEmail(db: DbOrTx, address: string, exceptId?: number) {
	const clash = db.select({ id: user.id }).from(user).where(eq(user.email, address)).get();
	if (clash && clash.id !== exceptId) {
		throw new ValidationError(m.err_email_taken(), { email: m.err_email_taken() });
	}
}

/** Refuses whoever may not administer: the route guard is not the only check (a logged 404 at the edge). */
function requireAdmin(ctx: Ctx) {
	if (!mayAdminister(ctx.actor)) throw new NotFoundError(m.err_not_found());
}

/** Validates, hashes and inserts an account; `log` writes the change's row in its transaction. */
async function insertAccount(
	db: Db,
	raw: unknown,
	password: string,
	now: Date,
	isDemo: boolean,
	log: (tx: DbOrTx, row: PublicUser, roles: string[]) => void
): Promise<PublicUser> {
	const input = parse(userInput(), raw);
	const problem = weakness(password, input.email);
	if (problem) throw new ValidationError(problem, { password: problem });
	assertOrganisation(db, input.organisationId);
	assertUniqueEmail(db, input.email);
	const passwordHash = await hashPassword(password);
	// Check again after the await: another request may have taken the address meanwhile.
	return db.transaction((tx) => {
		assertUniqueEmail(tx, input.email);
		const row = tx
			.insert(user)
			.values({ ...input, passwordHash, isDemo, passwordChangedAt: now })
			.returning(publicColumns)
			.get();
		log(tx, row, input.roles);
		return row;
	});
}

/** Creates an account with an initial password (admin only). */
export async function create(
	db: Db,
	ctx: Ctx,
	raw: unknown,
	password: string,
	options: { isDemo?: boolean } = {}
): Promise<PublicUser> {
	requireAdmin(ctx);
	return insertAccount(db, raw, password, ctx.now, options.isDemo ?? false, (tx, row, roles) =>
		audit.changed(tx, ctx, {
			action: 'create',
			objectType: 'user',
			objectId: row.id,
			detail: roles.join(',')
		})
	);
}

/**
 * Creates an account from the command line (`npm run user:create`): above all the first
 * administrator, when nobody can sign in yet. Whoever runs the command holds the server, so there
 * is no actor to ask; the log row names none.
 */
export async function createFromCommandLine(
	db: Db,
	raw: unknown,
	password: string,
	now: Date
): Promise<PublicUser> {
	return insertAccount(db, raw, password, now, false, (tx, row, roles) =>
		audit.record(
			tx,
			{
				userId: null,
				action: 'create',
				objectType: 'user',
				objectId: row.id,
				detail: `${roles.join(',')} (opdrachtregel)`
			},
			now
		)
	);
}

/** Changes an account (admin only). Deactivation ends its sessions and memberships' live effects. */
export function update(db: DbOrTx, ctx: Ctx, userId: number, raw: unknown, active: boolean): PublicUser {
	requireAdmin(ctx);
	return db.transaction((tx) => {
		const before = get(tx, userId);
		const input = parse(userInput(), raw);
		assertOrganisation(tx, input.organisationId);
		assertUniqueEmail(tx, input.email, userId);
		if (!mayHoldMembership(input.roles)) {
			const live = tx
				.select({ id: membership.id })
				.from(membership)
				.where(and(eq(membership.userId, userId), ne(membership.status, 'ended')))
				.get();
			if (live)
				throw new ValidationError(m.err_guardian_has_memberships(), {
					roles: m.err_guardian_has_memberships()
				});
		}
		if (userId === ctx.actor.id && (!active || !input.roles.includes('admin'))) {
			throw new ConflictError(m.err_cannot_demote_self());
		}
		const row = tx
			.update(user)
			.set({ ...input, active })
			.where(eq(user.id, userId))
			.returning(publicColumns)
			.get();
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'user',
			objectId: userId,
			detail: active ? input.roles.join(',') : 'gedeactiveerd'
		});
		if (before.active && !active) sessions.invalidateAllForUser(tx, userId);
		collabEvents.emit('access-changed', { userId });
		return row;
	});
}

export type SignInResult =
	| { ok: true; token: string; user: PublicUser }
	| { ok: false; reason: 'invalid' | 'throttled'; retryAfterMinutes?: number };

/**
 * Signs a user in. Unknown emails, wrong passwords, deactivated accounts and demo accounts outside
 * demo mode all answer the same `invalid`, after the same work, so nothing reveals whether an
 * account exists. Failures count per account and per client address.
 */
export async function signIn(
	db: Db,
	rawEmail: string,
	password: string,
	now: Date,
	clientAddress: string
): Promise<SignInResult> {
	const address = rawEmail.trim().toLowerCase().slice(0, 254);
	const keys = [throttle.accountKey(address), throttle.addressKey(clientAddress)];
	const locked = throttle.lockedUntil(db, keys, now);
	if (locked) {
		audit.record(
			db,
			{
				userId: null,
				action: 'sign_in_failed',
				objectType: 'session',
				result: 'denied',
				clientAddress,
				detail: 'throttled'
			},
			now
		);
		return {
			ok: false,
			reason: 'throttled',
			retryAfterMinutes: Math.ceil((locked.getTime() - now.getTime()) / 60_000)
		};
	}
	const row = db.select().from(user).where(eq(user.email, address)).get();
	const usable = row && row.active && (!row.isDemo || demoMode()) && password.length <= MAX_LENGTH;
	const valid = usable
		? await verifyPassword(row.passwordHash, password)
		: await verifyAgainstDummy(password);
	if (!valid || !row) {
		db.transaction((tx) => {
			throttle.recordFailure(tx, keys[0], throttle.LIMITS.account, now);
			throttle.recordFailure(tx, keys[1], throttle.LIMITS.address, now);
			audit.record(
				tx,
				{
					userId: row?.id ?? null,
					action: 'sign_in_failed',
					objectType: 'session',
					result: 'failed',
					clientAddress
				},
				now
			);
		});
		return { ok: false, reason: 'invalid' };
	}
	const token = sessions.generateToken();
	db.transaction((tx) => {
		throttle.reset(tx, keys[0]);
		sessions.create(tx, token, row.id, now, clientAddress);
		audit.record(tx, { userId: row.id, action: 'sign_in', objectType: 'session', clientAddress }, now);
	});
	const { passwordHash: _omit, ...publicUser } = row;
	return { ok: true, token, user: publicUser };
}

/** Signs out: ends the session (one transaction with its log row). */
export function signOut(db: DbOrTx, ctx: Ctx, sessionId: string): void {
	db.transaction((tx) => {
		sessions.invalidate(tx, sessionId);
		audit.changed(tx, ctx, { action: 'sign_out', objectType: 'session' });
	});
}

/**
 * Changes one's own password after checking the current one; every other session of the user
 * ends, and so does the current one: the caller starts a fresh session.
 */
export async function changePassword(db: Db, ctx: Ctx, current: string, next: string): Promise<string> {
	const { now, clientAddress } = ctx;
	const userId = ctx.actor.id;
	const row = db.select().from(user).where(eq(user.id, userId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	if (current.length > MAX_LENGTH || !(await verifyPassword(row.passwordHash, current))) {
		audit.changed(db, ctx, { action: 'update', objectType: 'password', result: 'failed' });
		throw new ValidationError(m.err_current_password(), { current: m.err_current_password() });
	}
	const problem = weakness(next, row.email);
	if (problem) throw new ValidationError(problem, { next: problem });
	if (next === current) throw new ValidationError(m.err_password_same(), { next: m.err_password_same() });
	const passwordHash = await hashPassword(next);
	const token = sessions.generateToken();
	db.transaction((tx) => {
		tx.update(user).set({ passwordHash, passwordChangedAt: now }).where(eq(user.id, userId)).run();
		sessions.invalidateAllForUser(tx, userId);
		sessions.create(tx, token, userId, now, clientAddress);
		audit.changed(tx, ctx, { action: 'update', objectType: 'password', objectId: userId });
	});
	return token;
}
