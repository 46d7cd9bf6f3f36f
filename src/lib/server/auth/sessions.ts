/**
 * Sessions in the Lucia design: a random token lives only in the HttpOnly cookie, the database
 * stores its SHA-256 as the session id. Idle expiry slides with activity, never past the
 * absolute expiry.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { session, user, type Session, type User } from '../db/schema';
import { sessionAbsoluteMs, sessionIdleMs } from '../config';
import { collabEvents } from '../events';

export const COOKIE_NAME = 'ketentafel_session';

/** Activity refreshes the idle expiry at most this often, to spare writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** A new random token for the cookie (160 bits). */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id stored for a token. */
export function sessionIdFor(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Starts a session for the user. */
export function create(
	db: DbOrTx,
	token: string,
	userId: number,
	now: Date,
	clientAddress: string | null = null
): Session {
	const row: Session = {
		id: sessionIdFor(token),
		userId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(Math.min(now.getTime() + sessionIdleMs(), now.getTime() + sessionAbsoluteMs())),
		absoluteExpiresAt: new Date(now.getTime() + sessionAbsoluteMs()),
		secondFactorVerifiedAt: null,
		clientAddress
	};
	db.insert(session).values(row).run();
	return row;
}

export type SessionUser = Omit<User, 'passwordHash'>;
export interface Validated {
	session: Session;
	user: SessionUser;
}

/**
 * The session and user for a token, or null when it is unknown, expired, or its user is
 * deactivated. Expired sessions are deleted; live ones slide their idle expiry.
 */
export function validate(
	db: DbOrTx,
	token: string,
	now: Date,
	options: ValidateOptions = {}
): Validated | null {
	const live = validateById(db, sessionIdFor(token), now, options);
	if (!live) return null;
	const row = db.select().from(user).where(eq(user.id, live.userId)).get();
	if (!row) return null;
	const { passwordHash: _omit, ...safeUser } = row;
	return { session: live, user: safeUser };
}

export interface ValidateOptions {
	/**
	 * `false`: only check, never write (no sliding, expired sessions are left for the next writing
	 * check). The collaboration upgrade checks this way and slides the session when it authenticates.
	 */
	write?: boolean;
}

/**
 * The live session with this id, or null when it is unknown, expired or its user deactivated
 * (expired sessions are deleted); activity slides the idle expiry. The collaboration server
 * keeps only the id of an open connection's session, never the token.
 */
export function validateById(
	db: DbOrTx,
	sessionId: string,
	now: Date,
	{ write = true }: ValidateOptions = {}
): Session | null {
	const row = db
		.select({ session, active: user.active })
		.from(session)
		.innerJoin(user, eq(user.id, session.userId))
		.where(eq(session.id, sessionId))
		.get();
	if (!row) return null;
	const t = now.getTime();
	if (t >= row.session.expiresAt.getTime() || t >= row.session.absoluteExpiresAt.getTime() || !row.active) {
		if (write) invalidate(db, sessionId);
		return null;
	}
	if (write && t - row.session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
		row.session.lastSeenAt = now;
		row.session.expiresAt = new Date(Math.min(t + sessionIdleMs(), row.session.absoluteExpiresAt.getTime()));
		db.update(session)
			.set({ lastSeenAt: row.session.lastSeenAt, expiresAt: row.session.expiresAt })
			.where(eq(session.id, sessionId))
			.run();
	}
	return row.session;
}

/** Ends one session. */
export function invalidate(db: DbOrTx, sessionId: string): void {
	db.delete(session).where(eq(session.id, sessionId)).run();
	collabEvents.emit('session-ended', { sessionId });
}

/** Ends every session of a user (password change, deactivation). */
export function invalidateAllForUser(db: DbOrTx, userId: number, exceptSessionId?: string): void {
	const ids = db.select({ id: session.id }).from(session).where(eq(session.userId, userId)).all();
	for (const { id } of ids) if (id !== exceptSessionId) invalidate(db, id);
}
